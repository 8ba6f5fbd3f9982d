/**
 * Adding or editing one rule. The query is checked as it is typed: the problem and where it
 * is are said in a live hint and marked under the field, so a rule that would break a
 * listing is never sent. "Test this query" tries the query being written on the last
 * listing. Enter saves (a query needs no new lines), Esc cancels.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { queryProblem, RULE_LIMITS } from '../../shared/rules/rule';
import { RULE_COLORS, type Rule, type RuleAction, type RuleColor } from '../../shared/rules/types';
import { ACTION_LABELS, colorName } from './labels';
import { cleanName, indexOfRule, nameProblem, problemText } from './rule-list';
import { RuleTestResult, resultText, runTest } from './RuleTestResult';
import type { TestResult } from './rule-test';

export interface RuleFormProps {
  /** The rule as it was when the form opened; null for a new rule. */
  original: Rule | null;
  /** The list as the background holds it now. */
  rules: Rule[];
  /** Resolves when saved; throws the background's refusal (the section says it). */
  onSave(rule: Rule): Promise<void>;
  onCancel(): void;
  announce(text: string): void;
}

const ACTIONS = Object.keys(ACTION_LABELS) as RuleAction[];
const COLORS = Object.keys(RULE_COLORS) as RuleColor[];

/** The query with the character at `position` marked: where the parser stopped. */
function QueryEcho({ query, position }: { query: string; position: number }) {
  const at = Math.min(Math.max(0, position), query.length);
  return (
    <p class="rule-echo" aria-hidden="true">
      <code>
        {query.slice(0, at)}
        <mark>{query.slice(at, at + 1) || ' '}</mark>
        {query.slice(at + 1)}
      </code>
    </p>
  );
}

export function RuleForm({ original, rules, onSave, onCancel, announce }: RuleFormProps) {
  const [name, setName] = useState(original?.name ?? '');
  const [query, setQuery] = useState(original?.query ?? '');
  const [action, setAction] = useState<RuleAction>(original?.action ?? 'highlight');
  const [color, setColor] = useState<RuleColor>(original?.color ?? 'yellow');
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [test, setTest] = useState<{ result: TestResult; at: number } | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const queryInput = useRef<HTMLTextAreaElement>(null);
  // The form takes the place of the row or button the user was on: the keyboard goes with it.
  useEffect(() => nameInput.current?.select(), []);

  const nameIssue = nameProblem(name, rules, original, RULE_LIMITS.name);
  const trimmed = query.trim();
  const problem = trimmed ? queryProblem(trimmed) : null;
  const queryIssue = problem ? problemText(problem) : trimmed ? '' : 'Write a query: which papers the rule marks.';
  // A duplicate name or a bad query is said while typing; an empty field once Save was pressed.
  const nameShown = nameIssue && (tried || cleanName(name) !== '') ? nameIssue : '';
  const queryShown = problem || tried ? queryIssue : '';

  const live = original ? rules[indexOfRule(rules, original.name)] : undefined;
  const changedElsewhere =
    original && live && (live.name !== original.name || live.query !== original.query || live.action !== original.action || live.color !== original.color);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (saving) return;
    setTried(true);
    if (nameIssue) return nameInput.current?.focus();
    if (queryIssue) {
      const box = queryInput.current;
      box?.focus();
      // The caret where the problem is (the query was trimmed for the check).
      if (box && problem) box.setSelectionRange(query.indexOf(trimmed) + problem.position, query.indexOf(trimmed) + problem.position);
      return;
    }
    const rule: Rule = { name: cleanName(name), query: trimmed, action, updatedAt: Date.now() };
    if (action === 'highlight') rule.color = color;
    setSaving(true);
    try {
      await onSave(rule);
    } catch {
      setSaving(false); // the section shows why; the form stays for another try
    }
  };

  const tryQuery = async () => {
    const result = await runTest(trimmed);
    const at = Date.now();
    setTest({ result, at });
    announce(resultText(result, at));
  };

  return (
    <form
      class="rule-form"
      aria-label={original ? `Edit rule ${original.name}` : 'New rule'}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.isComposing) {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <div class="rule-field">
        <label for="rule-name">Name</label>
        <input
          id="rule-name"
          type="text"
          ref={nameInput}
          value={name}
          maxLength={RULE_LIMITS.name}
          autocomplete="off"
          aria-invalid={nameShown ? 'true' : undefined}
          aria-describedby="rule-name-hint"
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <p id="rule-name-hint" class="hint" aria-live="polite">
          {nameShown}
        </p>
      </div>
      <div class="rule-field">
        <label for="rule-query">Query</label>
        <textarea
          id="rule-query"
          ref={queryInput}
          rows={2}
          value={query}
          maxLength={RULE_LIMITS.query}
          spellcheck={false}
          autocomplete="off"
          placeholder='author:"Yann LeCun" OR cat:cs.LG'
          aria-invalid={queryShown ? 'true' : undefined}
          aria-describedby="rule-query-hint"
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        {problem && <QueryEcho query={trimmed} position={problem.position} />}
        <p id="rule-query-hint" class="hint" aria-live="polite">
          {queryShown}
        </p>
      </div>
      <fieldset class="rule-choices">
        <legend>Action</legend>
        {ACTIONS.map((a) => (
          <div key={a} class="rule-choice">
            <label>
              <input type="radio" name="rule-action" value={a} checked={action === a} aria-describedby={`rule-does-${a}`} onChange={() => setAction(a)} />
              {ACTION_LABELS[a].name}
            </label>
            <span id={`rule-does-${a}`} class="m-muted small">
              {ACTION_LABELS[a].does}
            </span>
          </div>
        ))}
      </fieldset>
      {action === 'highlight' && (
        <fieldset class="rule-colors">
          <legend>Colour</legend>
          {COLORS.map((c) => (
            <label key={c} class="rule-color">
              <input type="radio" name="rule-color" value={c} checked={color === c} onChange={() => setColor(c)} />
              <span class="swatch" aria-hidden="true" style={{ background: RULE_COLORS[c] }} />
              {colorName(c)}
            </label>
          ))}
        </fieldset>
      )}
      {original && !live && <p class="rule-note">This rule was deleted elsewhere while you edited it: Save adds it back.</p>}
      {changedElsewhere && (
        <p class="rule-note">
          This rule was changed elsewhere while you edited it (its query is now <code>{live.query}</code>): Save replaces
          that change with yours.
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" disabled={!trimmed || !!problem} onClick={() => void tryQuery()}>
          Test this query
        </button>
      </div>
      {test && <RuleTestResult result={test.result} now={test.at} label="First papers this query matches" />}
    </form>
  );
}
