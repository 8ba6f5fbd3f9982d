/**
 * One rule, checked: the options page's editor, the background (every rule it stores) and
 * backup imports use the same checks, so a rule that would break a listing is never kept.
 * Also the merge of rule lists by name (backup imports).
 */
import { InputError } from '../record';
import { compileQuery, QueryError } from './query';
import { RULE_COLORS, type Rule, type RuleAction, type RuleColor } from './types';

export const RULE_LIMITS = { rules: 200, name: 40, query: 2_000 } as const;
export const RULE_ACTIONS: readonly RuleAction[] = ['highlight', 'dim', 'hide'];

/** How a rule's name is written in `data-rules` on the page: like a tag (`My authors` → `my-authors`). */
export function ruleSlug(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}

/** Where a query is wrong, as the editor says it: "… (at character 12)". */
export function queryProblem(query: string): { message: string; position: number } | null {
  try {
    compileQuery(query);
    return null;
  } catch (err) {
    if (err instanceof QueryError) return { message: err.message, position: err.position };
    return { message: String((err as Error)?.message ?? err), position: 0 };
  }
}

/** A rule from anywhere (the editor, a message, a backup), or InputError saying what is wrong. */
export function checkRule(v: unknown): Rule {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError('A rule must be an object.');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['name', 'query', 'action', 'color', 'updatedAt'].includes(k)) throw new InputError(`A rule has an unknown field "${k.slice(0, 40)}".`);
  }
  if (typeof o.name !== 'string' || !o.name.trim()) throw new InputError('A rule needs a name.');
  const name = o.name.trim().replace(/\s+/g, ' ');
  if (name.length > RULE_LIMITS.name) throw new InputError(`A rule's name can be at most ${RULE_LIMITS.name} characters ("${name.slice(0, 50)}…").`);
  if (typeof o.query !== 'string') throw new InputError(`The rule "${name}" needs a query.`);
  if (o.query.length > RULE_LIMITS.query) throw new InputError(`The query of "${name}" is too long (at most ${RULE_LIMITS.query} characters).`);
  const problem = queryProblem(o.query);
  if (problem) throw new InputError(`The query of "${name}": ${problem.message}`);
  if (!RULE_ACTIONS.includes(o.action as RuleAction)) throw new InputError(`The rule "${name}" needs an action: highlight, dim or hide.`);
  const rule: Rule = { name, query: o.query, action: o.action as RuleAction };
  if (o.color !== undefined) {
    if (typeof o.color !== 'string' || !(o.color in RULE_COLORS)) {
      throw new InputError(`"${String(o.color).slice(0, 20)}" is not one of the colours (${Object.keys(RULE_COLORS).join(', ')}).`);
    }
    rule.color = o.color as RuleColor;
  }
  if (o.updatedAt !== undefined) {
    if (typeof o.updatedAt !== 'number' || !Number.isFinite(o.updatedAt) || o.updatedAt < 0) throw new InputError(`The rule "${name}" has a bad time.`);
    rule.updatedAt = o.updatedAt;
  }
  return rule;
}

/** A whole list: every rule checked, names distinct (as the page writes them), not too many. */
export function checkRules(list: unknown[]): Rule[] {
  if (list.length > RULE_LIMITS.rules) throw new InputError(`At most ${RULE_LIMITS.rules} rules (${list.length} given).`);
  const rules = list.map(checkRule);
  const seen = new Set<string>();
  for (const r of rules) {
    const slug = ruleSlug(r.name);
    if (seen.has(slug)) throw new InputError(`Two rules are called "${r.name}": give each its own name.`);
    seen.add(slug);
  }
  return rules;
}

const same = (a: Rule, b: Rule) =>
  a.name === b.name && a.query === b.query && a.action === b.action && a.color === b.color && a.updatedAt === b.updatedAt;

/**
 * Rules from a backup merged into the user's, by name: a name the user does not have is
 * added at the end (in the file's order); a name both have keeps the later-saved rule (the
 * file's when neither says when). Restoring a backup's own rules changes nothing.
 */
export function mergeRules(mine: Rule[], theirs: Rule[]): { rules: Rule[]; added: number; updated: number } {
  const rules = [...mine];
  let added = 0;
  let updated = 0;
  for (const r of theirs) {
    const at = rules.findIndex((m) => ruleSlug(m.name) === ruleSlug(r.name));
    if (at < 0) {
      rules.push(r);
      added++;
    } else if (!same(rules[at]!, r) && (r.updatedAt ?? Infinity) >= (rules[at]!.updatedAt ?? 0)) {
      rules[at] = r;
      updated++;
    }
  }
  return { rules, added, updated };
}
