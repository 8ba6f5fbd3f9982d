/** How the editor names actions and colours (backups and messages keep the lower-case keys). */
import type { RuleAction, RuleColor } from '../../shared/rules/types';

export const ACTION_LABELS: Record<RuleAction, { name: string; does: string }> = {
  highlight: { name: 'Highlight', does: 'tints the paper’s line' },
  dim: { name: 'Dim', does: 'fades it, so the rest stands out' },
  hide: { name: 'Hide', does: 'takes it off the listing (the page bar still counts it)' },
};

export const colorName = (c: RuleColor) => c.charAt(0).toUpperCase() + c.slice(1);
