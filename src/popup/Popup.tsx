/**
 * The toolbar popup: the reading queue first, then Done and All, search over the whole
 * library, a tag filter, and Margin on the current site. Driven by keys from the moment it
 * opens (use-popup-keys.ts): the first row is current and the list has the focus.
 */
import type { TargetedKeyboardEvent } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { call, type ListView } from '../shared/messages';
import type { PaperId } from '../shared/paper-id';
import type { PaperRecord, Status } from '../shared/record';
import { errorText } from '../ui/errors';
import { NoteSaver } from '../ui/note-saver';
import { Announcer, useAnnouncer } from './Announcer';
import { EmptyState } from './EmptyState';
import { KeyHelp } from './KeyHelp';
import { openPaper } from './open-paper';
import { PaperList } from './PaperList';
import { RowEditor, type EditorKind } from './RowEditor';
import { SiteAccess } from './SiteAccess';
import { SiteRevoked } from './SiteRevoked';
import { useCurrentRow } from './use-current-row';
import { useLibrary } from './use-library';
import { usePopupKeys } from './use-popup-keys';
import { syncLine, useSyncStatus } from '../ui/use-sync-status';

const VIEWS: Array<{ id: ListView; label: string }> = [
  { id: 'queue', label: 'Queue' },
  { id: 'done', label: 'Done' },
  { id: 'all', label: 'All' },
];

/** "3 papers in your library match “gan” and are tagged to-read", "No paper in Done is tagged x" */
function summary(n: number, query: string, tag: string, scope: string): string {
  const one = n <= 1;
  const parts: string[] = [];
  if (query) parts.push(`${one ? 'matches' : 'match'} “${query}”`);
  if (tag) parts.push(`${one ? 'is' : 'are'} tagged ${tag}`);
  return `${n === 0 ? 'No paper' : `${n} ${one ? 'paper' : 'papers'}`} ${scope} ${parts.join(' and ')}`;
}

export function Popup() {
  const lib = useLibrary();
  const [query, setQuery] = useState('');
  const [tag, setTag] = useState('');
  const searching = query.trim().length > 0;

  const results = useMemo(
    () => (searching && lib.index.current ? lib.index.current.search(query) : []),
    // lib.version changes whenever the index is built or updated in place.
    [searching, query, lib.version],
  );
  const withTag = (rs: PaperRecord[]) => (tag ? rs.filter((r) => r.tags.includes(tag)) : rs);
  const shown = withTag(searching ? results : (lib.rows ?? []));

  const open = (r: PaperRecord, inBackground: boolean) => {
    openPaper(r, inBackground).catch((err) => lib.setError(errorText(err)));
  };
  const status = (r: PaperRecord, s: Status) => void lib.setStatus(r.id, s);

  const row = useCurrentRow(shown, `${lib.view} ${searching ? query : ''} ${tag}`);
  // The editor open on a paper; it stays with that paper, never moving to the next row.
  const [editor, setEditor] = useState<{ what: EditorKind; id: PaperId } | null>(null);
  const [help, setHelp] = useState(false);
  const [said, announce] = useAnnouncer();
  const searchBox = useRef<HTMLInputElement>(null);
  const notes = useMemo(
    () => new NoteSaver((id, note) => call('update', { id, patch: { note } }).then(() => true, () => false)),
    [],
  );
  const reorderable = lib.view === 'queue' && !searching && !tag;
  const toList = () => {
    setEditor(null);
    row.focusList();
  };
  const searchKeys = (e: TargetedKeyboardEvent<HTMLInputElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    // Esc empties the search and gives the list the keyboard back; ↓ or Enter go to the results.
    if (e.key === 'Escape' || e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      if (e.key === 'Escape') setQuery('');
      e.currentTarget.blur();
      row.focusList();
    }
  };
  usePopupKeys({
    rows: shown,
    row,
    view: lib.view,
    reorderable,
    setView: lib.setView,
    setStatus: status,
    move: lib.move,
    open,
    edit: (what) => row.current && setEditor({ what, id: row.current.id }),
    focusSearch: () => {
      searchBox.current?.focus();
      searchBox.current?.select();
    },
    typeAhead: (char) => {
      const box = searchBox.current;
      if (!box) return;
      box.focus();
      box.value += char;
      box.setSelectionRange(box.value.length, box.value.length);
      setQuery(box.value);
    },
    clearSearch: () => {
      if (!query) return false;
      setQuery('');
      row.focusList();
      return true;
    },
    toggleHelp: () => setHelp((h) => !h),
    announce,
    close: () => window.close(),
  });
  const rowEditor = editor && row.current?.id === editor.id && (
    <RowEditor
      what={editor.what}
      record={row.current}
      notes={notes}
      onTagged={(t, r) => announce(`Tagged ${t}: ${r.title || r.id}`)}
      onError={(err) => lib.setError(errorText(err))}
      onClose={toList}
    />
  );
  const listProps = {
    rows: shown,
    current: row.current?.id ?? null,
    focusSeq: row.focusSeq,
    editor: rowEditor,
    onChoose: (r: PaperRecord) => row.choose(r.id),
    onMove: lib.move,
    onStatus: status,
    onOpen: open,
  };

  const tabKeys = (e: TargetedKeyboardEvent<HTMLButtonElement>) => {
    const i = VIEWS.findIndex((v) => v.id === lib.view);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = VIEWS[(i + step + VIEWS.length) % VIEWS.length]!;
    lib.setView(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  const viewLabel = VIEWS.find((v) => v.id === lib.view)!.label;
  let body;
  if (searching && !lib.searchReady) {
    body = <p class="hint" role="status">Preparing search…</p>;
  } else if (!searching && lib.rows === null) {
    body = <p class="hint">Loading…</p>;
  } else if (searching || tag) {
    body = (
      <>
        <p class="hint" role="status">
          {summary(shown.length, searching ? query.trim() : '', tag, searching ? 'in your library' : `in ${viewLabel}`)}
        </p>
        <PaperList {...listProps} label={searching ? 'Search results' : viewLabel} inQueue={!searching && lib.view === 'queue'} reorderable={false} />
      </>
    );
  } else if (shown.length === 0) {
    body = <EmptyState view={lib.view} />;
  } else {
    body = (
      <PaperList {...listProps} label={lib.view === 'queue' ? 'Reading queue' : viewLabel} inQueue={lib.view === 'queue'} reorderable={reorderable} />
    );
  }

  const sync = syncLine(useSyncStatus()[0]);
  return (
    <main class="popup">
      <header class="top">
        <h1>Margin</h1>
        <button type="button" class="icon" aria-label="Options: backup, tags, storage" title="Options" onClick={() => void browser.runtime.openOptionsPage()}>
          <span aria-hidden="true">⚙</span>
        </button>
      </header>
      <SiteAccess />
      <SiteRevoked />
      <div class="filters">
        <input
          ref={searchBox}
          type="search"
          aria-label="Search your library"
          placeholder="Search your library"
          title="Titles, authors, tags and notes of every paper Margin knows"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={searchKeys}
        />
        <select aria-label="Filter by tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)}>
          <option value="">All tags</option>
          {lib.tags.map((t) => (
            <option key={t.tag} value={t.tag}>
              {t.tag} ({t.count})
            </option>
          ))}
        </select>
      </div>
      <div class="tabs" role="tablist" aria-label="Views" data-searching={searching ? 'true' : undefined}>
        {VIEWS.map((v) => (
          <button
            key={v.id}
            id={`tab-${v.id}`}
            type="button"
            role="tab"
            aria-selected={lib.view === v.id}
            aria-controls="panel"
            tabIndex={lib.view === v.id ? 0 : -1}
            onClick={() => lib.setView(v.id)}
            onKeyDown={tabKeys}
          >
            {v.label}
            <span class="count" data-count-for={v.id}>
              {lib.counts[v.id] ?? '…'}
            </span>
          </button>
        ))}
      </div>
      <section id="panel" role="tabpanel" aria-labelledby={`tab-${lib.view}`} class="panel">
        <p class="m-alert" role="alert">
          {lib.error}
        </p>
        {body}
      </section>
      <Announcer said={said} />
      {reorderable && (lib.rows?.length ?? 0) > 1 && (
        <footer class="hint foot">
          Drag, or <kbd>Alt</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd>, to reorder · <kbd>Enter</kbd> opens · Ctrl+click: background tab · <kbd>?</kbd> all keys
        </footer>
      )}
      {sync && (
        <p class={sync.problem ? 'hint foot sync-line problem' : 'hint foot sync-line'} data-sync-line title={sync.text}>
          {sync.text}
        </p>
      )}
      {help && <KeyHelp onClose={() => setHelp(false)} />}
    </main>
  );
}
