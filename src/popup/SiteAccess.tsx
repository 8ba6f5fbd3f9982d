/**
 * "Use Margin on this site" for the active tab's site, when it is an ordinary web site that
 * Margin does not cover already. Chrome grants a site only in answer to a user gesture, so
 * permissions.request is the first thing the click handler does, before any await.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { call } from '../shared/messages';
import { errorText } from '../ui/errors';

const BUILT_IN = /(^|\.)(huggingface\.co|hf\.co|arxiv\.org)$/i;

/** The origin to offer, or null when the section does not apply to this tab. */
export function offerableOrigin(url: string | undefined): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null; // chrome://, the popup itself, files
  if (BUILT_IN.test(u.hostname)) return null;
  return u.origin;
}

export function SiteAccess() {
  const [origin, setOrigin] = useState<string | null>(null);
  const [on, setOn] = useState<boolean | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      const o = offerableOrigin(tab?.url);
      setOrigin(o);
      if (o) setOn((await call('siteAccess', { origin: o }).catch(() => ({ on: false }))).on);
    })();
  }, []);

  if (!origin || on === null) return null;
  const host = new URL(origin).host;

  const turnOn = () => {
    // No await before this line: the user gesture must still be live.
    const asked = browser.permissions.request({ origins: [`${origin}/*`] });
    void asked
      .then(async (granted) => {
        if (!granted) {
          setMessage(`The browser did not give Margin access to ${host}.`);
          return;
        }
        setOn((await call('siteAccess', { origin, on: true })).on);
        setMessage('Reload the page to see Margin there.');
      })
      .catch((err) => setMessage(errorText(err)));
  };
  const turnOff = () => {
    void call('siteAccess', { origin, on: false })
      .then((res) => {
        setOn(res.on);
        setMessage('');
      })
      .catch((err) => setMessage(errorText(err)));
  };

  return (
    <section class="site" aria-label="This site">
      <p>
        {on ? 'Margin is on for ' : 'Margin is off on '}
        <strong>{host}</strong>
      </p>
      {on ? (
        <button type="button" onClick={turnOff}>
          Turn off on this site
        </button>
      ) : (
        <button type="button" class="primary" onClick={turnOn}>
          Use Margin on this site
        </button>
      )}
      <p class="m-status" role="status">
        {message}
      </p>
    </section>
  );
}
