/**
 * What a test found, shown under the rule (or the form) it tested. The one-line summary is
 * also announced by the section's live region: this block appears only once a test ran, and
 * a live region that appears with its text is often not read out.
 */
import { call } from '../../shared/messages';
import { errorText } from '../../ui/errors';
import { summary, testQuery, SHOWN_MATCHES, type TestResult } from './rule-test';

export async function runTest(query: string): Promise<TestResult> {
  try {
    return testQuery(query, await call('lastListing', {}));
  } catch (err) {
    return { kind: 'error', message: `The last listing could not be read: ${errorText(err)}` };
  }
}

/** The result as one sentence (the summary line, and what the section announces). */
export function resultText(r: TestResult, now: number): string {
  switch (r.kind) {
    case 'no-listing':
      return 'Open an arXiv or Hugging Face listing first; the test uses the last one you viewed.';
    case 'bad-query':
      return `This query does not parse, so it matches nothing: ${r.problem}`;
    case 'error':
      return r.message;
    case 'done':
      return summary(r, now);
  }
}

/** `now`: when the test ran (the listing's age is said as of then). */
export function RuleTestResult({ result, now, label }: { result: TestResult; now: number; label: string }) {
  const more = result.kind === 'done' ? result.matched - result.titles.length : 0;
  return (
    <div class="rule-test" data-test-result>
      <p>{resultText(result, now)}</p>
      {result.kind === 'done' && result.titles.length > 0 && (
        <>
          <ul aria-label={label}>
            {result.titles.map((t, i) => (
              <li key={i}>{t || '(untitled)'}</li>
            ))}
          </ul>
          {more > 0 && <p class="m-muted small">…and {more} more (the first {SHOWN_MATCHES} are listed).</p>}
        </>
      )}
    </div>
  );
}
