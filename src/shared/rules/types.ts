/**
 * Triage rules: a name, a query (see query.ts and the README's "Rules" section) and what to
 * do with the entries it matches on a listing. Kept by the background with the library,
 * written into backups, read by the content script to mark a listing.
 */

export type RuleAction = 'highlight' | 'dim' | 'hide';

/**
 * The highlight palette: translucent, so the page's own text keeps its contrast on light
 * and dark pages alike; the names are what the user picks and what backups hold.
 */
export const RULE_COLORS = {
  yellow: 'rgba(250, 204, 21, 0.28)',
  green: 'rgba(34, 197, 94, 0.22)',
  blue: 'rgba(59, 130, 246, 0.2)',
  pink: 'rgba(236, 72, 153, 0.18)',
  orange: 'rgba(249, 115, 22, 0.22)',
  purple: 'rgba(139, 92, 246, 0.2)',
} as const;
export type RuleColor = keyof typeof RULE_COLORS;

export interface Rule {
  name: string;
  query: string;
  action: RuleAction;
  /** For highlight: one of RULE_COLORS (yellow when absent). */
  color?: RuleColor;
  /** When it was last saved (ms): an import keeps the later of two rules with one name. */
  updatedAt?: number;
}

/** What a rule reads of one entry on a page. Absent fields are what the page does not show. */
export interface RuleSubject {
  title: string;
  authors: string[];
  abstract?: string;
  comments?: string;
  /** arXiv categories, primary first (`cs.LG`, `stat.ML`); empty where the page shows none. */
  categories: string[];
}
