import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import manifest from '../../../manifest.json' with { type: 'json' };
import { ownSite, SiteRevoked } from '../../../src/popup/SiteRevoked';
import { fakeBrowser, resetFakeBrowser } from '../fake-browser';

// Firefox lets the user take Margin's access to arXiv or Hugging Face away at any time.
const granted = new Set<string>();
const request = vi.fn(async ({ origins }: { origins: string[] }) => {
  origins.forEach((o) => granted.add(o));
  return true;
});
const contains = vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o)));
Object.assign(fakeBrowser, { permissions: { request, contains } });
Object.assign(fakeBrowser.runtime, { getManifest: () => manifest });
const MATCHES = manifest.content_scripts.flatMap((c) => c.matches);

let root: HTMLElement;
beforeEach(() => {
  resetFakeBrowser();
  request.mockClear();
  contains.mockClear();
  granted.clear();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const activeTab = (url: string) => fakeBrowser.tabs.query.mockResolvedValue([{ id: 7, url } as never]);
const allowButton = () => [...root.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Allow Margin'));

describe('Margin on its own sites, when the browser took its access away', () => {
  it('knows its own sites from the manifest', () => {
    expect(ownSite('https://arxiv.org/list/cs.LG/new', MATCHES)).toEqual({ granted: ['https://arxiv.org/list/*'], ask: 'https://arxiv.org/*' });
    expect(ownSite('https://huggingface.co/papers/2412.13795', MATCHES)).toEqual({ granted: ['https://huggingface.co/papers*'], ask: 'https://huggingface.co/*' });
    expect(ownSite('https://huggingface.co/models', MATCHES)).toBeNull();
    expect(ownSite('https://arxiv.org/pdf/2412.13795', MATCHES)).toBeNull();
    expect(ownSite('https://openreview.net/forum', MATCHES)).toBeNull();
  });

  it('says so on that site and asks for it back within the click', async () => {
    activeTab('https://arxiv.org/abs/2412.13795');
    render(<SiteRevoked />, root);
    await vi.waitFor(() => expect(allowButton()).toBeDefined());
    expect(root.textContent).toContain('Margin is not allowed on arxiv.org');
    allowButton()!.click();
    // Synchronously, in the click: browsers refuse permission requests outside a user gesture.
    expect(request).toHaveBeenCalledWith({ origins: ['https://arxiv.org/*'] });
    await vi.waitFor(() => expect(root.textContent).toContain('Reload the page to see Margin there.'));
  });

  it('shows nothing where Margin has its access (the manifest\'s pattern for the page, as installed)', async () => {
    granted.add('https://arxiv.org/abs/*');
    activeTab('https://arxiv.org/abs/2412.13795');
    render(<SiteRevoked />, root);
    await vi.waitFor(() => expect(contains).toHaveBeenCalledWith({ origins: ['https://arxiv.org/abs/*'] }));
    await new Promise((r) => setTimeout(r, 20));
    expect(root.textContent).toBe('');
  });
});
