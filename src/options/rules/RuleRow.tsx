/**
 * One rule in the list: what it is, and its buttons. Alt+↑ / Alt+↓ anywhere in the row move
 * it, as in the popup's queue; the section puts the focus back on the same button after.
 */
import type { ComponentChildren } from 'preact';
import { ruleSlug } from '../../shared/rules/rule';
import { RULE_COLORS, type Rule } from '../../shared/rules/types';
import { ACTION_LABELS, colorName } from './labels';

/** Which of a row's buttons had the focus, so it can have it again once the row moved. */
export type RowButton = 'edit' | 'up' | 'down' | 'test' | 'delete';

export interface RuleRowProps {
  rule: Rule;
  index: number;
  count: number;
  /** Why the stored query no longer parses ('' when it does). */
  problem: string;
  onEdit(): void;
  onMove(delta: -1 | 1, focus: RowButton): void;
  onTest(): void;
  onDelete(): void;
  /** The rule's test result, when it was tested. */
  children?: ComponentChildren;
}

export function RuleRow({ rule, index, count, problem, onEdit, onMove, onTest, onDelete, children }: RuleRowProps) {
  const { name } = rule;
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const on = (e.target as HTMLElement).closest?.('[data-act]')?.getAttribute('data-act') as RowButton | null;
    onMove(e.key === 'ArrowUp' ? -1 : 1, on ?? 'edit');
  };
  const color = rule.color ?? 'yellow';
  return (
    <li class={problem ? 'rule-row rule-skipped' : 'rule-row'} data-rule={ruleSlug(name)} data-action={rule.action} onKeyDown={onKeyDown}>
      <div class="rule-head">
        <span class="rule-name">{name}</span>
        <span class="rule-action">
          {rule.action === 'highlight' && <span class="swatch" aria-hidden="true" style={{ background: RULE_COLORS[color] }} />}
          {ACTION_LABELS[rule.action].name}
          {rule.action === 'highlight' && ` (${colorName(color).toLowerCase()})`}
        </span>
        <span class="rule-buttons">
          <button type="button" data-act="edit" aria-label={`Edit rule ${name}`} onClick={onEdit}>
            Edit
          </button>
          <button
            type="button"
            data-act="up"
            aria-label={`Move rule ${name} up`}
            aria-keyshortcuts="Alt+ArrowUp"
            title="Move up (Alt+↑)"
            disabled={index === 0}
            onClick={() => onMove(-1, 'up')}
          >
            <span aria-hidden="true">↑</span>
          </button>
          <button
            type="button"
            data-act="down"
            aria-label={`Move rule ${name} down`}
            aria-keyshortcuts="Alt+ArrowDown"
            title="Move down (Alt+↓)"
            disabled={index === count - 1}
            onClick={() => onMove(1, 'down')}
          >
            <span aria-hidden="true">↓</span>
          </button>
          <button type="button" data-act="test" aria-label={`Test rule ${name}`} onClick={onTest}>
            Test
          </button>
          <button type="button" data-act="delete" aria-label={`Delete rule ${name}`} onClick={onDelete}>
            Delete
          </button>
        </span>
      </div>
      <code class="rule-query">{rule.query}</code>
      {problem && <p class="rule-problem">This rule is skipped: {problem}</p>}
      {children}
    </li>
  );
}
