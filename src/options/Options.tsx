/** The options page: sync, backups and exports, rules, tags, storage, shortcuts, and deleting everything. */
import { useEffect, useState } from 'preact/hooks';
import { call, type TagCount } from '../shared/messages';
import { useLibraryChanges } from '../ui/use-changes';
import { BackupSection } from './BackupSection';
import { DangerSection } from './DangerSection';
import { ExportSection } from './ExportSection';
import { RulesSection } from './RulesSection';
import { ShortcutsSection } from './ShortcutsSection';
import { StorageSection } from './StorageSection';
import { SyncSection } from './SyncSection';
import { TagsSection } from './TagsSection';
import { ToolImportSection } from './ToolImportSection';

export function Options() {
  const version = useLibraryChanges();
  const [tags, setTags] = useState<TagCount[]>([]);
  const [papers, setPapers] = useState<number | null>(null);
  useEffect(() => {
    // Only the answers for the latest version of the library (earlier ones may come later).
    let latest = true;
    call('tags', {}).then((t) => latest && setTags(t), () => undefined);
    call('stats', {}).then((s) => latest && setPapers(s.papers), () => undefined);
    return () => {
      latest = false;
    };
  }, [version]);

  return (
    <main class="options">
      <header>
        <h1>Margin</h1>
        <p class="m-muted">Your tags, notes and reading queue, kept in this browser (and on your own server, if you turn on sync).</p>
      </header>
      <SyncSection />
      <BackupSection />
      <ToolImportSection tags={tags} />
      <RulesSection />
      <ExportSection tags={tags} />
      <TagsSection tags={tags} />
      <StorageSection version={version} />
      <ShortcutsSection />
      <DangerSection papers={papers} />
    </main>
  );
}
