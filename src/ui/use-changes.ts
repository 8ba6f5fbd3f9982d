/**
 * A number that goes up whenever the library changes (the background's `margin/changed` and
 * `margin/cleared` and `margin/reload` events), for views that simply re-read what they show. Bursts of events
 * (an import, a tag rename) are folded into one bump.
 */
import { useEffect, useState } from 'preact/hooks';
import browser, { type Runtime } from '../shared/browser';
import { isEvent } from '../shared/messages';

export function useLibraryChanges(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener = (message: unknown, sender: Runtime.MessageSender) => {
      if (sender.id !== browser.runtime.id || !isEvent(message)) return undefined;
      if (message.kind !== 'margin/changed' && message.kind !== 'margin/cleared' && message.kind !== 'margin/reload') return undefined;
      clearTimeout(timer);
      timer = setTimeout(() => setVersion((v) => v + 1), 80);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => {
      clearTimeout(timer);
      browser.runtime.onMessage.removeListener(listener);
    };
  }, []);
  return version;
}
