/**
 * The triage rules as the background holds them, kept current: read once, then replaced by
 * every `margin/rules` event (a "follow this author" click on a listing, a backup import,
 * another options tab), so the editor never shows, or saves over, a stale list.
 *
 * `save` replaces the whole list (the only write the background offers). A reorder shows the
 * new list at once, so quick moves (Alt+↓ held down) build on each other; the writes go
 * one after another. While writes are on their way, events are not applied (our own
 * earlier write's echo would put a row back for a moment); if one came meanwhile, the list
 * is read again after the last write, so a change made elsewhere is not lost from view.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import browser, { type Runtime } from '../shared/browser';
import { call, isEvent } from '../shared/messages';
import type { Rule } from '../shared/rules/types';
import { errorText } from './errors';

export interface RulesState {
  /** null until the first answer. */
  rules: Rule[] | null;
  /** Why the rules could not be read. */
  loadError: string;
  /**
   * Sends the whole list; resolves with what the background kept, or throws its refusal.
   * `optimistic`: show the list before the answer (reorders; a form waits for the answer).
   */
  save(next: Rule[], options?: { optimistic?: boolean }): Promise<Rule[]>;
}

export function useRules(): RulesState {
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const pending = useRef(0);
  const missed = useRef(false);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const heard = useRef(false);

  const reread = () =>
    call('rules', {}).then(
      (r) => {
        setLoadError('');
        if (pending.current === 0) setRules(r);
      },
      (err) => setLoadError(errorText(err)),
    );

  useEffect(() => {
    const listener = (message: unknown, sender: Runtime.MessageSender) => {
      if (sender.id !== browser.runtime.id || !isEvent(message) || message.kind !== 'margin/rules') return undefined;
      heard.current = true;
      if (pending.current > 0) missed.current = true;
      else setRules(message.rules);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    call('rules', {}).then(
      // An event may have brought a newer list while this answer was on its way.
      (r) => {
        if (!heard.current && pending.current === 0) setRules(r);
      },
      (err) => setLoadError(errorText(err)),
    );
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);

  const save = (next: Rule[], { optimistic = false } = {}): Promise<Rule[]> => {
    pending.current++;
    if (optimistic) setRules(next);
    const write = queue.current.then(() => call('setRules', { rules: next }));
    queue.current = write.catch(() => undefined);
    // After the last write in flight: show what the background kept, or read it again when
    // an event was held back or the write was refused (what it holds is the truth again).
    const settle = (kept: Rule[] | null) => {
      if (--pending.current > 0) return;
      if (kept && !missed.current) return setRules(kept);
      missed.current = false;
      void reread();
    };
    return write.then(
      (kept) => {
        settle(kept);
        return kept;
      },
      (err: unknown) => {
        settle(null);
        throw err;
      },
    );
  };

  return { rules, loadError, save };
}
