/**
 * The page-level bar: this page's counts and filters. Filters hide papers on the page;
 * they never change data.
 */
export interface PageCounts {
  papers: number;
  new: number;
  queued: number;
  tagged: number;
  done: number;
}

export interface PageFilters {
  hideDone: boolean;
  onlyNew: boolean;
  tag: string;
}

export interface PageBarProps {
  counts: PageCounts;
  filters: PageFilters;
  tags: string[];
  /** The site's layout was not recognised: Margin shows the page's paper links instead. */
  fallback?: boolean;
  onFilters(next: PageFilters): void;
  onHelp(): void;
}

export function PageBar({ counts, filters, tags, fallback, onFilters, onHelp }: PageBarProps) {
  const set = (patch: Partial<PageFilters>) => onFilters({ ...filters, ...patch });
  return (
    <section class="page-bar" aria-label="Margin on this page">
      <span class="brand">Margin</span>
      <span class="counts" aria-live="polite">
        <span data-count="new">{counts.new} new</span> · <span data-count="queued">{counts.queued} queued</span> ·{' '}
        <span data-count="tagged">{counts.tagged} tagged</span> · <span data-count="done">{counts.done} done</span>
      </span>
      <label>
        <input type="checkbox" checked={filters.hideDone} onChange={(e) => set({ hideDone: e.currentTarget.checked })} />
        Hide done
      </label>
      <label>
        <input type="checkbox" checked={filters.onlyNew} onChange={(e) => set({ onlyNew: e.currentTarget.checked })} />
        Only new
      </label>
      <label>
        <span class="visually-hidden">Only papers tagged</span>
        <select value={filters.tag} onChange={(e) => set({ tag: e.currentTarget.value })}>
          <option value="">Any tag</option>
          {tags.map((t) => (
            <option value={t} key={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <button type="button" class="help-button" aria-label="Keyboard shortcuts" onClick={onHelp}>
        ?
      </button>
      {fallback && (
        <p class="fallback-note" role="status">
          This page's layout was not recognised: Margin is showing what it can.
        </p>
      )}
    </section>
  );
}
