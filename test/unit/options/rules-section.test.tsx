import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RulesSection } from '../../../src/options/RulesSection';
import type { LastListing } from '../../../src/shared/messages';
import { checkRules } from '../../../src/shared/rules/rule';
import type { Rule, RuleSubject } from '../../../src/shared/rules/types';
import { fakeBrowser, resetFakeBrowser } from '../fake-browser';

// A background that keeps the rules as the real one does (checkRules on every write) and
// answers the last listing a test gives it.
let stored: Rule[];
let listing: LastListing | null;
let writes: Rule[][];
/** Runs while a write is being handled, before its answer: what another tab does meanwhile. */
let meanwhile: (() => Promise<void>) | null;

function fakeBackground() {
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const m = message as { kind: string; name: string; req: { rules: Rule[] } };
    if (m.kind !== 'margin/call') return undefined;
    const ok = (value: unknown) => Promise.resolve({ ok: true, value });
    switch (m.name) {
      case 'rules':
        return ok(stored);
      case 'lastListing':
        return ok(listing);
      case 'setRules':
        writes.push(m.req.rules);
        try {
          stored = checkRules(m.req.rules);
        } catch (err) {
          return Promise.resolve({ ok: false, error: { code: 'bad-request', message: (err as Error).message } });
        }
        const answer = stored;
        return (meanwhile?.() ?? Promise.resolve()).then(() => ({ ok: true, value: answer }));
      default:
        return undefined;
    }
  });
}

const rule = (name: string, query: string, more: Partial<Rule> = {}): Rule => ({ name, query, action: 'highlight', color: 'yellow', ...more });

let root: HTMLElement;
beforeEach(() => {
  resetFakeBrowser();
  stored = [];
  listing = null;
  writes = [];
  meanwhile = null;
  fakeBackground();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const region = () => root.querySelector<HTMLElement>('section[aria-labelledby="rules-h"]')!;
const nameOf = (el: Element) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
function button(name: string): HTMLButtonElement {
  const b = [...root.querySelectorAll('button')].find((x) => nameOf(x) === name);
  if (!b) throw new Error(`no button "${name}" in: ${[...root.querySelectorAll('button')].map(nameOf).join(', ')}`);
  return b;
}
/** A form field by its label's text, as a user (and getByLabel) finds it. */
function field<T extends HTMLElement = HTMLInputElement>(label: string): T {
  const l = [...root.querySelectorAll('label')].find((x) => x.textContent?.trim() === label);
  const el = l?.htmlFor ? root.querySelector<T>(`#${l.htmlFor}`) : (l?.querySelector<T>('input') ?? null);
  if (!el) throw new Error(`no field labelled "${label}"`);
  return el;
}
const type = (el: HTMLInputElement | HTMLTextAreaElement, value: string) =>
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
const click = (el: HTMLElement) => act(() => el.click());
const shown = async () => {
  await act(() => render(<RulesSection />, root));
  await expect.poll(() => root.textContent).not.toContain('Reading your rules');
};
const statusText = () => region().querySelector('[role="status"]')?.textContent ?? '';
const alertText = () => region().querySelector('[role="alert"]')?.textContent ?? '';
const queryHint = () => root.querySelector(`#${field<HTMLTextAreaElement>('Query').getAttribute('aria-describedby')}`)!.textContent ?? '';
const rowNames = () => [...root.querySelectorAll('.rule-list .rule-name')].map((e) => e.textContent);

async function addRule(name: string, query: string) {
  await click(button('Add a rule'));
  await type(field('Name'), name);
  await type(field<HTMLTextAreaElement>('Query'), query);
}

describe('the Rules section', () => {
  it('says there are no rules yet, what a rule does, and offers to add one', async () => {
    await shown();
    expect(region().querySelector('h2')?.textContent).toBe('Rules');
    expect(region().textContent).toContain('No rules yet.');
    expect(region().textContent).toMatch(/highlight them in a colour, dim them, or hide them/);
    expect(button('Add a rule').disabled).toBe(false);
    expect(region().querySelector('details summary')?.textContent).toBe('Query syntax');
  });

  it('adds a rule: the whole list goes to setRules, and the row appears', async () => {
    stored = [rule('Vision', 'cat:cs.CV', { action: 'dim', color: undefined })];
    await shown();
    await addRule('Followed authors', 'author:"Yann LeCun"');
    await click(field('Green'));
    const before = Date.now();
    await click(button('Save'));
    await expect.poll(() => statusText()).toBe('Saved rule Followed authors.');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual([stored[0], { name: 'Followed authors', query: 'author:"Yann LeCun"', action: 'highlight', color: 'green', updatedAt: expect.any(Number) }]);
    expect(writes[0]![1]!.updatedAt).toBeGreaterThanOrEqual(before);
    expect(rowNames()).toEqual(['Vision', 'Followed authors']);
    expect(root.querySelector('.rule-form')).toBeNull();
    // The keyboard is back on the rule just saved.
    expect(document.activeElement).toBe(button('Edit rule Followed authors'));
  });

  it('says where a query is wrong as it is typed, and does not save it', async () => {
    await shown();
    await addRule('Diffusion', 'title:"diffusion model');
    const query = field<HTMLTextAreaElement>('Query');
    expect(query.getAttribute('aria-invalid')).toBe('true');
    expect(queryHint()).toMatch(/at character \d+\.$/);
    expect(root.querySelector('.rule-echo mark')).not.toBeNull();
    expect(button('Test this query').disabled).toBe(true);
    await click(button('Save'));
    expect(writes).toEqual([]);
    expect(document.activeElement).toBe(query);

    await type(query, 'title:"diffusion model"');
    expect(query.getAttribute('aria-invalid')).toBeNull();
    expect(queryHint()).toBe('');
    await click(button('Save'));
    await expect.poll(() => writes.length).toBe(1);
  });

  it('refuses a second rule with the same name, as the page would write it', async () => {
    stored = [rule('Followed authors', 'author:lecun')];
    await shown();
    await addRule('followed   AUTHORS', 'author:bengio');
    const name = field('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector(`#${name.getAttribute('aria-describedby')}`)?.textContent).toContain('There is already a rule called Followed authors');
    await click(button('Save'));
    expect(writes).toEqual([]);
    expect(document.activeElement).toBe(name);
  });

  it('reorders with the buttons and Alt+arrows, keeping the focus on the moved rule', async () => {
    stored = [rule('A', 'alpha'), rule('B', 'beta'), rule('C', 'gamma')];
    await shown();
    await click(button('Move rule C up'));
    await expect.poll(() => writes.length).toBe(1);
    expect(writes[0]!.map((r) => r.name)).toEqual(['A', 'C', 'B']);
    expect(rowNames()).toEqual(['A', 'C', 'B']);
    await expect.poll(() => document.activeElement).toBe(button('Move rule C up'));
    expect(statusText()).toContain('now 2 of 3');

    // Alt+↑ again: C reaches the top, where "up" is disabled, so the focus takes "down".
    await act(() => {
      document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', altKey: true, bubbles: true }));
    });
    await expect.poll(() => writes.length).toBe(2);
    expect(writes[1]!.map((r) => r.name)).toEqual(['C', 'A', 'B']);
    expect(button('Move rule C up').disabled).toBe(true);
    await expect.poll(() => document.activeElement).toBe(button('Move rule C down'));
  });

  it('tests a rule on the last listing: how many match, and the first titles', async () => {
    const paper = (title: string, categories: string[]): RuleSubject => ({ title, authors: ['Ada Lovelace'], categories });
    stored = [rule('Learning', 'cat:cs.LG')];
    await shown();
    await click(button('Test rule Learning'));
    await expect.poll(() => region().textContent).toContain('Open an arXiv or Hugging Face listing first; the test uses the last one you viewed.');

    listing = {
      url: 'https://arxiv.org/list/cs.LG/new',
      at: Date.now() - 5 * 60_000,
      papers: [paper('Sparse attention', ['cs.LG']), paper('Robot hands', ['cs.RO']), paper('Kernel tricks', ['stat.ML', 'cs.LG']), paper('Galaxies', ['astro-ph.GA'])],
    };
    await click(button('Test rule Learning'));
    await expect.poll(() => region().textContent).toContain('2 of 4 papers on arxiv.org/list/cs.LG/new (seen 5 min ago) match.');
    const titles = [...root.querySelectorAll('[data-test-result] li')].map((li) => li.textContent);
    expect(titles).toEqual(['Sparse attention', 'Kernel tricks']);

    // And the query being written, before it is saved.
    await click(button('Edit rule Learning'));
    await type(field<HTMLTextAreaElement>('Query'), 'cat:cs.RO OR cat:astro-ph.GA');
    await click(button('Test this query'));
    await expect.poll(() => root.querySelector('.rule-form')?.textContent).toContain('2 of 4 papers on arxiv.org/list/cs.LG/new');
    expect([...root.querySelectorAll('.rule-form [data-test-result] li')].map((li) => li.textContent)).toEqual(['Robot hands', 'Galaxies']);
    expect(writes).toEqual([]);
  });

  it('flags a stored rule that no longer parses, and shows the background refusing a list with it', async () => {
    stored = [rule('Old', 'title:"unclosed')];
    await shown();
    expect(region().textContent).toMatch(/This rule is skipped: .+ at character \d+/);
    await addRule('New', 'agents');
    await click(button('Save'));
    await expect.poll(() => alertText()).toContain('Rule New was not saved: The query of "Old"');
    expect(alertText()).toContain('Fix or delete the skipped rule first');
    expect(root.querySelector('.rule-form')).not.toBeNull(); // the form stays for another try
  });

  it('follows rules changed elsewhere (a "follow this author" click on a listing)', async () => {
    stored = [rule('Vision', 'cat:cs.CV')];
    await shown();
    const following = rule('Following', 'author:"Yann LeCun"');
    await act(async () => {
      await fakeBrowser.runtime.sendMessage({ kind: 'margin/rules', rules: [...stored, following] }).catch(() => undefined);
    });
    await expect.poll(() => rowNames()).toEqual(['Vision', 'Following']);
  });

  it('does not lose a change made elsewhere while its own write was on its way', async () => {
    stored = [rule('A', 'alpha'), rule('B', 'beta')];
    await shown();
    const following = rule('Following', 'author:"Yann LeCun"');
    meanwhile = async () => {
      meanwhile = null;
      stored = [...stored, following];
      await fakeBrowser.runtime.sendMessage({ kind: 'margin/rules', rules: stored }).catch(() => undefined);
    };
    await click(button('Move rule B up'));
    // The write's answer (B, A) is older than the event (B, A, Following): the list is read again.
    await expect.poll(() => rowNames()).toEqual(['B', 'A', 'Following']);
  });

  it('keeps an open form, and what was typed in it, when its rule is deleted in another tab', async () => {
    stored = [rule('Vision', 'cat:cs.CV'), rule('Robots', 'cat:cs.RO')];
    await shown();
    await click(button('Edit rule Vision'));
    await type(field<HTMLTextAreaElement>('Query'), 'cat:cs.CV -cat:cs.LG');
    stored = [stored[1]!];
    await act(async () => {
      await fakeBrowser.runtime.sendMessage({ kind: 'margin/rules', rules: stored }).catch(() => undefined);
    });
    expect(field<HTMLTextAreaElement>('Query').value).toBe('cat:cs.CV -cat:cs.LG');
    expect(root.querySelector('.rule-form')?.textContent).toContain('This rule was deleted elsewhere while you edited it: Save adds it back.');
    await click(button('Save'));
    await expect.poll(() => rowNames()).toEqual(['Robots', 'Vision']);
    expect(writes.at(-1)!.map((r) => r.query)).toEqual(['cat:cs.RO', 'cat:cs.CV -cat:cs.LG']);
  });

  it('deletes a rule after saying which, and keeps the focus in the list', async () => {
    stored = [rule('A', 'alpha'), rule('B', 'beta', { action: 'hide', color: undefined })];
    await shown();
    await click(button('Delete rule B'));
    const dialog = root.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain('The rule B (beta) will be deleted: listings will no longer hide the papers it matches.');
    await click(button('Delete rule'));
    await expect.poll(() => statusText()).toBe('Deleted rule B.');
    expect(writes).toEqual([[stored[0]]]);
    expect(rowNames()).toEqual(['A']);
    await expect.poll(() => document.activeElement).toBe(button('Delete rule A'));
  });

  it('cancels the form with Esc, putting the focus back', async () => {
    stored = [rule('Vision', 'cat:cs.CV')];
    await shown();
    await click(button('Edit rule Vision'));
    expect(field('Name').value).toBe('Vision');
    await act(() => {
      field('Name').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(root.querySelector('.rule-form')).toBeNull();
    expect(document.activeElement).toBe(button('Edit rule Vision'));
    expect(writes).toEqual([]);
  });
});
