/**
 * The toolbar popup: the reading queue first, then Done and All, search over the whole
 * library, a tag filter, and Margin on the current site.
 */
import type { TargetedKeyboardEvent } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import browser from '../shared/browser';
import type { ListView } from '../shared/messages';
import type { PaperRecord, Status } from '../shared/record';
import { errorText } from '../ui/errors';
import { EmptyState } from './EmptyState';
import { openPaper } from './open-paper';
import { PaperList } from './PaperList';
import { SiteAccess } from './SiteAccess';
import { useLibrary } from './use-library';

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
        <PaperList
          label={searching ? 'Search results' : viewLabel}
          rows={shown}
          inQueue={!searching && lib.view === 'queue'}
          reorderable={false}
          onMove={lib.move}
          onStatus={status}
          onOpen={open}
        />
      </>
    );
  } else if (shown.length === 0) {
    body = <EmptyState view={lib.view} />;
  } else {
    body = (
      <PaperList
        label={lib.view === 'queue' ? 'Reading queue' : viewLabel}
        rows={shown}
        inQueue={lib.view === 'queue'}
        reorderable={lib.view === 'queue'}
        onMove={lib.move}
        onStatus={status}
        onOpen={open}
      />
    );
  }

  return (
    <main class="popup">
      <header class="top">
        <h1>Margin</h1>
        <button type="button" class="icon" aria-label="Options: backup, tags, storage" title="Options" onClick={() => void browser.runtime.openOptionsPage()}>
          <span aria-hidden="true">⚙</span>
        </button>
      </header>
      <SiteAccess />
      <div class="filters">
        <input
          type="search"
          aria-label="Search your library"
          placeholder="Search your library"
          title="Titles, authors, tags and notes of every paper Margin knows"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
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
      {lib.view === 'queue' && !searching && !tag && (lib.rows?.length ?? 0) > 1 && (
        <footer class="hint foot">
          Drag, or <kbd>Alt</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd>, to reorder · <kbd>Enter</kbd> opens · Ctrl+click opens in the background
        </footer>
      )}
    </main>
  );
}
