/**
 * Margin on sites beyond the supported ones. The popup asks the user for the origin
 * (optional host permission, in the click's user gesture); then the content script is
 * registered there. Turning it off, or revoking the permission in Chrome, removes both.
 */
import browser from '../shared/browser';
import { InputError } from '../shared/record';

const scriptId = (origin: string) => `site:${origin}`;
const pattern = (origin: string) => `${origin}/*`;

function contentScriptFile(): string {
  const file = browser.runtime.getManifest().content_scripts?.[0]?.js?.[0];
  if (!file) throw new Error('The build has no content script.');
  // Firefox's getManifest() gives it as a full moz-extension:// URL; registerContentScripts
  // takes a path within the extension.
  const base = browser.runtime.getURL('');
  return file.startsWith(base) ? file.slice(base.length) : file;
}

export async function isSiteOn(origin: string): Promise<boolean> {
  const scripts = await browser.scripting.getRegisteredContentScripts({ ids: [scriptId(origin)] });
  return scripts.length > 0;
}

export async function setSite(origin: string, on: boolean): Promise<boolean> {
  const registered = await isSiteOn(origin);
  if (on) {
    if (!(await browser.permissions.contains({ origins: [pattern(origin)] }))) {
      throw new InputError(`Margin has not been allowed on ${origin}. Use "Use Margin on this site" in the popup.`);
    }
    if (!registered) {
      await browser.scripting.registerContentScripts([
        { id: scriptId(origin), matches: [pattern(origin)], js: [contentScriptFile()], runAt: 'document_idle', persistAcrossSessions: true },
      ]);
    }
    return true;
  }
  if (registered) await browser.scripting.unregisterContentScripts({ ids: [scriptId(origin)] });
  await browser.permissions.remove({ origins: [pattern(origin)] }).catch(() => false);
  return false;
}

/** The user revoked a site in Chrome's settings: stop injecting there too. */
export function watchRevocations(): void {
  browser.permissions.onRemoved.addListener(async ({ origins = [] }) => {
    for (const p of origins) {
      const origin = p.replace(/\/\*$/, '');
      if (await isSiteOn(origin)) await browser.scripting.unregisterContentScripts({ ids: [scriptId(origin)] });
    }
  });
}
