import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncSection } from '../../../src/options/SyncSection';
import type { SyncStatus } from '../../../src/shared/messages';
import { fakeBrowser, resetFakeBrowser } from '../fake-browser';

// The Sync section asks Chrome for the server's origin only, in the click, before anything
// else; the background (faked here) is told only once Chrome said yes.
const request = vi.fn(async (_: { origins: string[] }) => true);
Object.assign(fakeBrowser, { permissions: { request, remove: vi.fn(async () => true) } });
const calls: Array<{ name: string; req: unknown }> = [];
const off: SyncStatus = { webdav: null, chrome: null, encrypted: false, device: 'Chromium on Linux', running: false, lastSyncAt: null, lastError: null, nextTryAt: null, unreadable: {}, papers: 0 };

let root: HTMLElement;
beforeEach(() => {
  resetFakeBrowser();
  request.mockClear();
  calls.length = 0;
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const { name, req } = message as { name: string; req: { webdav?: { url: string; user: string } } };
    calls.push({ name, req });
    if (name === 'syncStatus') return Promise.resolve({ ok: true, value: off });
    if (name === 'syncSetup') {
      return Promise.resolve({ ok: true, value: { ...off, webdav: { url: req.webdav!.url, user: req.webdav!.user }, lastSyncAt: Date.now() } });
    }
    return undefined;
  });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const field = (label: string) => [...root.querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))!.querySelector('input')!;
async function fill(url: string) {
  for (const [label, value] of [['Server address', url], ['User name', 'me'], ['Password', 'app-password']] as const) {
    const input = field(label);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  // Typing and clicking are separate tasks in a browser: the form re-renders in between.
  await vi.waitFor(() => expect(field('Password').value).toBe('app-password'));
  await new Promise((r) => setTimeout(r, 0));
}
const submit = () => root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));

describe('the Sync section', () => {
  it('asks Chrome for that server’s origin only, first thing in the click, then connects', async () => {
    render(<SyncSection />, root);
    await vi.waitFor(() => expect(calls.some((c) => c.name === 'syncStatus')).toBe(true));
    await fill('https://cloud.example.org/remote.php/dav/files/me');
    submit();
    // Synchronously, before any await: Chrome shows its prompt only for a user gesture.
    expect(request).toHaveBeenCalledWith({ origins: ['https://cloud.example.org/*'] });
    await vi.waitFor(() => expect(root.textContent).toContain('Syncing with https://cloud.example.org/remote.php/dav/files/me as me'));
    expect(calls.find((c) => c.name === 'syncSetup')?.req).toEqual({ webdav: { url: 'https://cloud.example.org/remote.php/dav/files/me', user: 'me', password: 'app-password' } });
    expect(root.textContent).toContain('Synced just now');
  });

  it('keeps nothing when Chrome is refused the server, and says why', async () => {
    request.mockResolvedValueOnce(false);
    render(<SyncSection />, root);
    await vi.waitFor(() => expect(calls.some((c) => c.name === 'syncStatus')).toBe(true));
    await fill('https://cloud.example.org/dav/');
    submit();
    await vi.waitFor(() => expect(root.querySelector('[role=alert]')?.textContent).toContain('Margin needs access to https://cloud.example.org to sync there'));
    expect(calls.some((c) => c.name === 'syncSetup')).toBe(false);
  });

  it('refuses an address that is not a web address before asking anyone', async () => {
    render(<SyncSection />, root);
    await vi.waitFor(() => expect(calls.some((c) => c.name === 'syncStatus')).toBe(true));
    await fill('ftp://files.example.org/');
    submit();
    await vi.waitFor(() => expect(root.querySelector('[role=alert]')?.textContent).toContain('must start with https://'));
    expect(request).not.toHaveBeenCalled();
  });
});
