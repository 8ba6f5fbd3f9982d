/**
 * The page-level bar: this page's counts and filters, and what the rules found. Filters hide
 * or reorder papers on the page; they never change data.
 */
import { RULE_COLORS, type RuleAction, type RuleColor } from '../../shared/rules/types';

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
  /** Only papers some rule matches. */
  onlyMatches: boolean;
  /** Only papers by authors of papers in the user's library. */
  inLibrary: boolean;
  /** Papers a rule matches moved to the top of the listing (and put back when off). */
  sortMatches: boolean;
}

export interface RuleCount {
  name: string;
  slug: string;
  action: RuleAction;
  color?: RuleColor;
  count: number;
}

export interface PageBarProps {
  counts: PageCounts;
  filters: PageFilters;
  tags: string[];
  rules: RuleCount[];
  /** Papers on the page by authors of papers in the library. */
  inLibrary: number;
  /** The site's layout was not recognised: Margin shows the page's paper links instead. */
  fallback?: boolean;
  onFilters(next: PageFilters): void;
  onHelp(): void;
}

export function PageBar({ counts, filters, tags, rules, inLibrary, fallback, onFilters, onHelp }: PageBarProps) {
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
      {(rules.length > 0 || inLibrary > 0) && (
        <span class="rules-line">
          {rules.length > 0 && (
            <ul class="rule-counts" aria-label="Rules on this page">
              {rules.map((r) => (
                <li key={r.slug} data-rule={r.slug} data-action={r.action}>
                  {r.action === 'highlight' && <span class="swatch" aria-hidden="true" style={{ background: RULE_COLORS[r.color ?? 'yellow'] }} />}
                  {r.name} <span class="rule-count">{r.count}</span>
                  {r.action !== 'highlight' && <span class="visually-hidden"> ({r.action === 'dim' ? 'dimmed' : 'hidden'})</span>}
                </li>
              ))}
            </ul>
          )}
          {rules.length > 0 && (
            <label>
              <input type="checkbox" checked={filters.onlyMatches} onChange={(e) => set({ onlyMatches: e.currentTarget.checked })} />
              Only matches
            </label>
          )}
          {rules.length > 0 && (
            <label title="Papers a rule matches first; off puts the page back as it was">
              <input type="checkbox" checked={filters.sortMatches} onChange={(e) => set({ sortMatches: e.currentTarget.checked })} />
              Matches first
            </label>
          )}
          {inLibrary > 0 && (
            <label title="Papers by authors of papers you tagged, queued or noted">
              <input type="checkbox" checked={filters.inLibrary} onChange={(e) => set({ inLibrary: e.currentTarget.checked })} />
              Authors in library ({inLibrary})
            </label>
          )}
        </span>
      )}
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
