/**
 * The editor's changes to the list of rules, as pure functions of the list the background
 * last told us: the section sends their result whole with setRules. Rules are found by their
 * slug, not their index, because the list can change under an open form (a "follow this
 * author" click on a listing adds a rule or rewrites Following).
 */
import { ruleSlug } from '../../shared/rules/rule';
import type { Rule } from '../../shared/rules/types';

/** The list with the rule at `index` moved by `delta` places, or null where it cannot go. */
export function moved(rules: Rule[], index: number, delta: -1 | 1): Rule[] | null {
  const to = index + delta;
  if (index < 0 || index >= rules.length || to < 0 || to >= rules.length) return null;
  const next = [...rules];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

export const indexOfRule = (rules: Rule[], name: string) => rules.findIndex((r) => ruleSlug(r.name) === ruleSlug(name));

/**
 * The list with `rule` in place of `original` (where it still is), else added at the end: a
 * rule deleted elsewhere while the user edited it comes back rather than losing the edit.
 */
export function withRule(rules: Rule[], original: Rule | null, rule: Rule): Rule[] {
  const at = original ? indexOfRule(rules, original.name) : -1;
  return at < 0 ? [...rules, rule] : rules.map((r, i) => (i === at ? rule : r));
}

export const withoutRule = (rules: Rule[], name: string) => rules.filter((r) => ruleSlug(r.name) !== ruleSlug(name));

/** A name as the background keeps it: trimmed, inner spaces folded. */
export const cleanName = (name: string) => name.trim().replace(/\s+/g, ' ');

/**
 * Why `name` cannot be the name of the rule being edited (`original`; null for a new rule),
 * or ''. Names are compared as the page writes them (`My authors` = `my  AUTHORS`): two rules
 * with one slug could not be told apart in `data-rules`.
 */
export function nameProblem(name: string, rules: Rule[], original: Rule | null, limit: number): string {
  const clean = cleanName(name);
  if (!clean) return 'A rule needs a name.';
  if (clean.length > limit) return `A name can be at most ${limit} characters.`;
  const other = rules.find((r) => ruleSlug(r.name) === ruleSlug(clean) && (!original || ruleSlug(r.name) !== ruleSlug(original.name)));
  return other ? `There is already a rule called ${other.name}: give this one another name.` : '';
}

/** A query problem as the editor says it, with the position counted from 1 for people. */
export function problemText(problem: { message: string; position: number }): string {
  const message = problem.message.replace(/[.\s]+$/, '');
  // The parser may already say where; the position is then not said twice.
  return /\bcharacter \d+/.test(message) ? `${message}.` : `${message} at character ${problem.position + 1}.`;
}
