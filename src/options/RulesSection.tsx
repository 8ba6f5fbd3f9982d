/**
 * The triage rules: the list in the user's order (the first rule that matches a paper
 * decides how it looks), adding, editing, reordering, testing on the last listing viewed,
 * deleting. Every change sends the whole list (setRules), built from the list the
 * background last told us, so a rule added meanwhile by "follow this author" is kept.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { queryProblem, RULE_LIMITS, ruleSlug } from '../shared/rules/rule';
import type { Rule } from '../shared/rules/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { errorText } from '../ui/errors';
import { Messages } from '../ui/Messages';
import { useRules } from '../ui/use-rules';
import { QuerySyntax } from './rules/QuerySyntax';
import { RuleForm } from './rules/RuleForm';
import { RuleRow, type RowButton } from './rules/RuleRow';
import { indexOfRule, moved, problemText, withoutRule, withRule } from './rules/rule-list';
import type { TestResult } from './rules/rule-test';
import { RuleTestResult, resultText, runTest } from './rules/RuleTestResult';

/**
 * What has the form: a rule being edited (as it was when opened, and where it was), a new
 * rule, or nothing.
 */
type Editing = { original: Rule; index: number } | { original: null } | null;
/** Where the focus goes once the list is drawn again: a row's button, or "Add a rule". */
type FocusTarget = { slug: string; button: RowButton } | 'add' | null;

export function RulesSection() {
  const { rules, loadError, save } = useRules();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [tested, setTested] = useState<{ slug: string; result: TestResult; at: number } | null>(null);
  const [focus, setFocus] = useState<{ target: FocusTarget }>({ target: null });
  const [announcement, setAnnouncement] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const section = useRef<HTMLElement>(null);

  // Stored rules that no longer parse (the language changed in an update): pages skip them.
  const problems = useMemo(() => {
    const found = new Map<string, string>();
    for (const r of rules ?? []) {
      const problem = queryProblem(r.query);
      if (problem) found.set(ruleSlug(r.name), problemText(problem));
    }
    return found;
  }, [rules]);
  const skipped = problems.size;

  useEffect(() => {
    const { target } = focus;
    const root = section.current;
    if (!target || !root) return;
    if (target === 'add') return root.querySelector<HTMLElement>('[data-add-rule]')?.focus();
    const row = [...root.querySelectorAll<HTMLElement>('li[data-rule]')].find((li) => li.dataset.rule === target.slug);
    const button = (b: string) => row?.querySelector<HTMLButtonElement>(`[data-act="${b}"]:not(:disabled)`);
    // A row moved to the top or the bottom has that move button disabled: the other one.
    (button(target.button) ?? button(target.button === 'up' ? 'down' : 'up') ?? button('edit'))?.focus();
  }, [focus]);
  const focusOn = (target: FocusTarget) => setFocus({ target });

  /** The background's refusal, with what to do when a skipped rule is what it refused. */
  const refusal = (err: unknown, what: string) =>
    setError(`${what}: ${errorText(err)}${skipped ? ' Fix or delete the skipped rule first: the list is saved whole.' : ''}`);

  const begin = () => {
    setError('');
    setStatus('');
  };

  const saveRule = async (original: Rule | null, rule: Rule) => {
    begin();
    try {
      await save(withRule(rules ?? [], original, rule));
    } catch (err) {
      refusal(err, `Rule ${rule.name} was not saved`);
      throw err;
    }
    setEditing(null);
    if (tested && original && tested.slug === ruleSlug(original.name)) setTested(null);
    setStatus(`Saved rule ${rule.name}.`);
    focusOn({ slug: ruleSlug(rule.name), button: 'edit' });
  };

  const cancel = () => {
    const original = editing?.original;
    setEditing(null);
    focusOn(original ? { slug: ruleSlug(original.name), button: 'edit' } : 'add');
  };

  const move = async (rule: Rule, delta: -1 | 1, button: RowButton) => {
    const list = rules ?? [];
    const index = indexOfRule(list, rule.name);
    const next = moved(list, index, delta);
    if (!next) return;
    begin();
    focusOn({ slug: ruleSlug(rule.name), button });
    try {
      await save(next, { optimistic: true });
      setStatus(`Moved rule ${rule.name} ${delta < 0 ? 'up' : 'down'}: now ${index + delta + 1} of ${next.length}.`);
    } catch (err) {
      refusal(err, `Rule ${rule.name} was not moved`);
    }
  };

  const test = async (rule: Rule) => {
    const result = await runTest(rule.query);
    const at = Date.now();
    setTested({ slug: ruleSlug(rule.name), result, at });
    setAnnouncement(`Rule ${rule.name}: ${resultText(result, at)}`);
  };

  const confirmDelete = async () => {
    const rule = deleting!;
    setDeleting(null);
    begin();
    const list = rules ?? [];
    const at = indexOfRule(list, rule.name);
    const next = withoutRule(list, rule.name);
    try {
      await save(next);
      setStatus(`Deleted rule ${rule.name}.`);
      // The focus stays in the list: on the rule that took this one's place, else "Add".
      const neighbour = next[Math.min(at, next.length - 1)];
      focusOn(neighbour ? { slug: ruleSlug(neighbour.name), button: 'delete' } : 'add');
    } catch (err) {
      refusal(err, `Rule ${rule.name} was not deleted`);
    }
  };

  const list = rules ?? [];
  const full = list.length >= RULE_LIMITS.rules;
  // A rule deleted elsewhere (another options tab) while its form is open keeps its place
  // until the form closes: the form, and what the user typed in it, stay where they were.
  const shown =
    editing?.original && indexOfRule(list, editing.original.name) < 0
      ? [...list.slice(0, editing.index), editing.original, ...list.slice(editing.index)]
      : list;
  return (
    <section aria-labelledby="rules-h" ref={section}>
      <h2 id="rules-h">Rules</h2>
      <p class="m-muted">
        Rules pick out papers on arXiv and Hugging Face listings and highlight, dim or hide them; where several match a
        paper, the first in this list decides how it looks.
      </p>
      <QuerySyntax />
      {rules === null ? (
        !loadError && <p class="m-muted">Reading your rules…</p>
      ) : shown.length === 0 ? (
        <div class="rule-empty">
          <p>No rules yet.</p>
          <p class="m-muted">
            A rule is a query, such as the authors you follow or a category you skip, and what to do with the papers it
            matches on a listing: highlight them in a colour, dim them, or hide them.
          </p>
        </div>
      ) : (
        <ol class="rule-list" aria-label="Your rules">
          {shown.map((rule) => {
            const slug = ruleSlug(rule.name);
            if (editing?.original && ruleSlug(editing.original.name) === slug) {
              // The form takes the row's place, so the keyboard stays where the user was.
              return (
                <li key={slug} class="rule-row" data-rule={slug}>
                  <RuleForm original={editing.original} rules={list} onSave={(r) => saveRule(editing.original, r)} onCancel={cancel} announce={setAnnouncement} />
                </li>
              );
            }
            return (
              <RuleRow
                key={slug}
                rule={rule}
                index={indexOfRule(list, rule.name)}
                count={list.length}
                problem={problems.get(slug) ?? ''}
                onEdit={() => setEditing({ original: rule, index: indexOfRule(list, rule.name) })}
                onMove={(delta, button) => void move(rule, delta, button)}
                onTest={() => void test(rule)}
                onDelete={() => setDeleting(rule)}
              >
                {tested?.slug === slug && <RuleTestResult result={tested.result} now={tested.at} label={`First papers rule ${rule.name} matches`} />}
              </RuleRow>
            );
          })}
        </ol>
      )}
      {list.length > 1 && <p class="m-muted small">Alt+↑ / Alt+↓ move the rule you are on.</p>}
      {editing?.original === null ? (
        <RuleForm original={null} rules={list} onSave={(r) => saveRule(null, r)} onCancel={cancel} announce={setAnnouncement} />
      ) : (
        rules !== null && (
          <div class="actions">
            <button type="button" data-add-rule disabled={full} onClick={() => setEditing({ original: null })}>
              Add a rule
            </button>
            {full && <span class="m-muted small">At most {RULE_LIMITS.rules} rules: delete one to add another.</span>}
          </div>
        )
      )}
      <p class="m-visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <Messages error={error || loadError} status={status} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this rule?"
        confirmLabel="Delete rule"
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(null)}
      >
        {deleting && (
          <p>
            The rule <strong>{deleting.name}</strong> (<code>{deleting.query}</code>) will be deleted: listings will no longer{' '}
            {deleting.action === 'hide' ? 'hide' : deleting.action === 'dim' ? 'dim' : 'highlight'} the papers it matches.
            Your library is not touched.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
