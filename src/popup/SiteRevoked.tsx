/**
 * Margin's own sites (arXiv, Hugging Face) when the browser no longer lets it run there.
 * Firefox lets the user take an extension's access to a site away at any time (the
 * extensions panel, about:addons), as Chrome's "site access" setting does; Margin then
 * silently does nothing on that site. Say so on that site's tab, and ask for it back within
 * the click (the only time the browser allows the question).
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { errorText } from '../ui/errors';

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/**
 * When `url` is on one of Margin's own sites: the manifest's patterns that cover it (what the
 * browser must still grant for the content script to run) and the site's origin pattern (what
 * to ask for: optional_host_permissions covers it). Else null.
 */
export function ownSite(url: string | undefined, matches: readonly string[]): { granted: string[]; ask: string } | null {
  const covering = url ? matches.filter((m) => glob(m).test(url)) : [];
  return covering.length ? { granted: covering, ask: `${new URL(url!).origin}/*` } : null;
}

export function SiteRevoked() {
  const [pattern, setPattern] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      const matches = browser.runtime.getManifest().content_scripts?.flatMap((c) => c.matches ?? []) ?? [];
      const site = ownSite(tab?.url, matches);
      if (site && !(await browser.permissions.contains({ origins: site.granted }))) setPattern(site.ask);
    })().catch(() => undefined);
  }, []);

  if (!pattern) return null;
  const host = new URL(pattern.slice(0, -2)).host;
  const allow = () => {
    // No await before this line: the user gesture must still be live.
    void browser.permissions
      .request({ origins: [pattern] })
      .then((granted) => setMessage(granted ? 'Reload the page to see Margin there.' : `The browser did not give Margin access to ${host}.`))
      .catch((err) => setMessage(errorText(err)));
  };

  return (
    <section class="site" aria-label="This site">
      <p>
        Margin is not allowed on <strong>{host}</strong>: the browser's access for it was turned off.
      </p>
      {!message && (
        <button type="button" class="primary" onClick={allow}>
          Allow Margin on {host}
        </button>
      )}
      <p class="m-status" role="status">
        {message}
      </p>
    </section>
  );
}
