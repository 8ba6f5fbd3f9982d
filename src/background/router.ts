/**
 * The background's front door: every message passes here. It checks that the sender is
 * this extension, that the call is known, that this sender may make it (shared/call-access.ts),
 * and that it is well formed; runs the handler, and answers a Result; nothing throws back
 * across the message boundary.
 */
import { CALL_ACCESS } from '../shared/call-access';
import type { CallName, CallError, Result } from '../shared/messages';
import { InputError } from '../shared/record';
import type { Handlers } from './handlers';
import { fromThisExtension, isMarginPage, type Self, type SenderInfo } from './sender';
import { validators } from './validate';

export type { SenderInfo };

const fail = (code: CallError['code'], message: string): Result<never> => ({ ok: false, error: { code, message } });

export function createRouter(handlers: Handlers, self: Self) {
  return async function route(message: unknown, sender: SenderInfo): Promise<Result<unknown>> {
    if (!fromThisExtension(sender, self)) return fail('forbidden', 'Messages are accepted from Margin only.');
    if (typeof message !== 'object' || message === null || (message as { kind?: unknown }).kind !== 'margin/call') {
      return fail('bad-request', 'Not a Margin call.');
    }
    const { name, req } = message as { name?: unknown; req?: unknown };
    if (typeof name !== 'string' || !Object.hasOwn(validators, name)) {
      return fail('unknown-call', `Unknown call "${String(name).slice(0, 40)}".`);
    }
    const key = name as CallName;
    // Before the request is even read: a refused call learns nothing and changes nothing.
    if (CALL_ACCESS[key] !== 'page' && !isMarginPage(sender, self)) {
      return fail('forbidden', `Only Margin's own pages (the popup and the options page) can ask for "${key}", not a script on a web page.`);
    }
    let checked: unknown;
    try {
      checked = validators[key](req);
    } catch (err) {
      return fail('bad-request', err instanceof InputError ? err.message : 'The request is malformed.');
    }
    const start = performance.now();
    try {
      const value = await (handlers[key] as (r: unknown) => Promise<unknown>)(checked);
      timed(key, start);
      return { ok: true, value };
    } catch (err) {
      if (err instanceof InputError) return fail('bad-request', err.message);
      return fail('storage', storageMessage(err));
    }
  };
}

/**
 * The worker's own time for the latest call of each name, as a performance measure
 * (`margin:call:lookup`): the benchmark reads it from the worker to tell the worker's work
 * from the message's travel and the worker's start. One entry per name, so none accumulate.
 */
function timed(name: CallName, start: number): void {
  const entry = `margin:call:${name}`;
  performance.clearMeasures(entry);
  performance.measure(entry, { start });
}

function storageMessage(err: unknown): string {
  const name = (err as { name?: string })?.name;
  if (name === 'QuotaExceededError') {
    return 'Margin could not save: the browser says the disk is full. Your earlier data is kept.';
  }
  return `Margin could not save or read its data (${String((err as Error)?.message ?? err).slice(0, 200)}). Nothing was changed; try again.`;
}
