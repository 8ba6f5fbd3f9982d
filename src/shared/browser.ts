/**
 * The one seam to the extension API (unit tests replace it with a fake).
 *
 * The browsers' own APIs, not webextension-polyfill: Chrome's MV3 APIs (120 and later) and
 * Firefox's return promises, so the polyfill's wrapping cost every bundle about 3 KB gzip and
 * every page some start-up, the content script's included. One difference is left, and it is
 * bridged here: a message listener that answers with a promise. Firefox takes the promise;
 * Chrome takes only `sendResponse`, so every listener is adapted to that (which both accept).
 */
import type Browser from 'webextension-polyfill';

export type { Runtime, Tabs } from 'webextension-polyfill';

type Api = typeof Browser;
type Sender = Browser.Runtime.MessageSender;
type Listener = (message: unknown, sender: Sender) => unknown;
type NativeListener = (message: unknown, sender: Sender, sendResponse: (answer: unknown) => void) => boolean;

const scope = globalThis as unknown as { browser?: Api; chrome?: Api };
// Firefox has both `browser` and `chrome`; Chrome has `chrome` only.
const native: Api = scope.browser?.runtime?.id ? scope.browser : (scope.chrome as Api);

const adapted = new WeakMap<Listener, NativeListener>();

/** A listener that may answer with a promise, as the polyfill allowed: answers through sendResponse. */
function adapt(listener: Listener): NativeListener {
  let wrapped = adapted.get(listener);
  if (!wrapped) {
    wrapped = (message, sender, sendResponse) => {
      const answer = listener(message, sender);
      if (!answer || typeof (answer as Promise<unknown>).then !== 'function') return false;
      // A failed answer reaches the caller as no answer (callers retry or report it).
      (answer as Promise<unknown>).then(sendResponse, (err: unknown) => {
        console.error('Margin: a message handler failed.', err);
        sendResponse(undefined);
      });
      return true;
    };
    adapted.set(listener, wrapped);
  }
  return wrapped;
}

const onMessage = {
  addListener: (listener: Listener) => native.runtime.onMessage.addListener(adapt(listener) as never),
  removeListener: (listener: Listener) => {
    const wrapped = adapted.get(listener);
    if (wrapped) native.runtime.onMessage.removeListener(wrapped as never);
  },
  hasListener: (listener: Listener) => {
    const wrapped = adapted.get(listener);
    return wrapped ? native.runtime.onMessage.hasListener(wrapped as never) : false;
  },
};

/** `target`'s members, functions bound to it (extension API functions are called on their namespace). */
function members<T extends object>(target: T, own: Record<string | symbol, unknown>): T {
  return new Proxy(target, {
    get(t, key) {
      if (key in own) return own[key];
      const value = Reflect.get(t, key) as unknown;
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

const browser: Api = native ? members(native, { runtime: members(native.runtime, { onMessage }) }) : (undefined as unknown as Api);

export default browser;
