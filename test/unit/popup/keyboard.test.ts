import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bindPopupKeys } from '../../../src/popup/keyboard';
import type { PopupAction } from '../../../src/shared/shortcuts';

let ran: PopupAction[];
let typed: string[];
let unbind: () => void;
let handled = true;

beforeEach(() => {
  ran = [];
  typed = [];
  handled = true;
  document.body.innerHTML = `<input type="search"><textarea></textarea><select><option>a</option></select>
    <div contenteditable="true"></div><ol><li tabindex="0">row <button>✓</button></li></ol><dialog open><button>Close</button></dialog>`;
  unbind = bindPopupKeys({
    run: (action) => {
      ran.push(action);
      return handled;
    },
    typeAhead: (char) => typed.push(char),
  });
});
afterEach(() => unbind());

/** Presses a key on an element; true when the popup took it (default prevented). */
function press(target: Element, key: string, mods: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>> = {}): boolean {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...mods });
  target.dispatchEvent(e);
  return e.defaultPrevented;
}
const $ = (sel: string) => document.querySelector(sel)!;

describe('the reading queue keys', () => {
  it('act on the list wherever the focus is outside a field', () => {
    expect(press($('li'), 'j')).toBe(true);
    expect(press(document.body, 'x')).toBe(true);
    press($('li'), 'ArrowDown');
    press($('li'), 'Enter');
    press($('li'), '?');
    press($('li'), '/');
    expect(ran).toEqual(['next', 'done', 'next', 'open', 'help', 'search']);
  });

  it('never fire while the user types in the search box, an editor or the tag filter', () => {
    for (const sel of ['input', 'textarea', 'select', '[contenteditable]']) {
      for (const key of ['j', 'x', 'q', 'Enter', 'Escape', '/', '1', 'g']) expect(press($(sel), key), `${key} in ${sel}`).toBe(false);
    }
    expect(ran).toEqual([]);
    expect(typed).toEqual([]);
  });

  it('never fire with Ctrl, Alt or ⌘ held, except the keys listed with them', () => {
    for (const mods of [{ ctrlKey: true }, { metaKey: true }, { altKey: true }]) {
      for (const key of ['j', 'x', 'q', 't', '1', 'c', 'v']) expect(press($('li'), key, mods), `${key} ${JSON.stringify(mods)}`).toBe(false);
    }
    expect(ran).toEqual([]);
    expect(typed).toEqual([]);
    press($('li'), 'Enter', { ctrlKey: true });
    press($('li'), 'Enter', { metaKey: true });
    press($('li'), 'ArrowUp', { altKey: true });
    press($('li'), 'ArrowDown', { altKey: true });
    // Shift+Enter is not Enter.
    expect(press($('li'), 'Enter', { shiftKey: true })).toBe(false);
    expect(ran).toEqual(['openBackground', 'openBackground', 'moveUp', 'moveDown']);
  });

  it('leave Enter and Space to a focused button, and every key to the help dialog', () => {
    expect(press($('li button'), 'Enter')).toBe(false);
    expect(press($('li button'), ' ')).toBe(false);
    expect(press($('dialog button'), 'j')).toBe(false);
    expect(press($('dialog button'), 'Escape')).toBe(false);
    expect(ran).toEqual([]);
    // Other keys on a row's button still drive the list.
    press($('li button'), 'j');
    expect(ran).toEqual(['next']);
  });

  it('start a search with a printable key that is no shortcut', () => {
    expect(press($('li'), 'g')).toBe(true);
    press($('li'), 'J'); // Shift+j: no shortcut
    press($('li'), 'é');
    expect(press($('li'), ' ')).toBe(false);
    expect(press($('li'), 'Tab')).toBe(false);
    expect(typed).toEqual(['g', 'J', 'é']);
    expect(ran).toEqual([]);
  });

  it('leave a key its default when its action does nothing here', () => {
    handled = false;
    expect(press($('li'), 'ArrowDown')).toBe(false);
    expect(ran).toEqual(['next']);
  });

  it('leave a key the page already handled', () => {
    const li = $('li');
    const stop = vi.fn((e: Event) => e.preventDefault());
    li.addEventListener('keydown', stop);
    press(li, 'x');
    expect(stop).toHaveBeenCalled();
    expect(ran).toEqual([]);
  });
});
