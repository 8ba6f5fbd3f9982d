import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { offerableOrigin, SiteAccess } from '../../../src/popup/SiteAccess';
import { fakeBrowser, resetFakeBrowser } from '../fake-browser';

// The popup asks Chrome for the site itself, then tells the background; both are faked here.
const request = vi.fn(async (_: { origins: string[] }) => true);
const sites = new Map<string, boolean>();
const calls: unknown[] = [];
Object.assign(fakeBrowser, { permissions: { request } });

let root: HTMLElement;
beforeEach(() => {
  resetFakeBrowser();
  request.mockClear();
  sites.clear();
  calls.length = 0;
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const { name, req } = message as { name: string; req: { origin: string; on?: boolean } };
    if (name !== 'siteAccess') return undefined;
    calls.push(req);
    if (req.on !== undefined) sites.set(req.origin, req.on);
    return Promise.resolve({ ok: true, value: { origin: req.origin, on: sites.get(req.origin) ?? false } });
  });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function activeTab(url: string | undefined) {
  fakeBrowser.tabs.query.mockResolvedValue([{ id: 7, url } as never]);
}

describe('"Use Margin on this site"', () => {
  it('is offered for ordinary web sites only', () => {
    expect(offerableOrigin('https://openreview.net/forum?id=x')).toBe('https://openreview.net');
    expect(offerableOrigin('http://localhost:8080/papers')).toBe('http://localhost:8080');
    expect(offerableOrigin('https://arxiv.org/list/cs.LG/new')).toBeNull();
    expect(offerableOrigin('https://export.arxiv.org/abs/1')).toBeNull();
    expect(offerableOrigin('https://huggingface.co/papers')).toBeNull();
    expect(offerableOrigin('chrome://extensions/')).toBeNull();
    expect(offerableOrigin('chrome-extension://abc/src/popup/index.html')).toBeNull();
    expect(offerableOrigin('file:///home/me/paper.pdf')).toBeNull();
    expect(offerableOrigin(undefined)).toBeNull();
  });

  it('asks Chrome for the site within the click, then turns Margin on there, and off again', async () => {
    activeTab('https://openreview.net/forum?id=abc');
    render(<SiteAccess />, root);
    const button = await vi.waitFor(() => {
      const b = [...root.querySelectorAll('button')].find((x) => x.textContent === 'Use Margin on this site');
      if (!b) throw new Error('not shown yet');
      return b;
    });
    expect(root.textContent).toContain('Margin is off on openreview.net');

    button.click();
    // Synchronously, in the click: Chrome refuses permission requests outside a user gesture.
    expect(request).toHaveBeenCalledWith({ origins: ['https://openreview.net/*'] });
    await vi.waitFor(() => expect(root.textContent).toContain('Margin is on for openreview.net'));
    expect(calls).toContainEqual({ origin: 'https://openreview.net', on: true });

    [...root.querySelectorAll('button')].find((x) => x.textContent === 'Turn off on this site')!.click();
    await vi.waitFor(() => expect(root.textContent).toContain('Margin is off on openreview.net'));
    expect(calls).toContainEqual({ origin: 'https://openreview.net', on: false });
  });

  it('does not turn Margin on when Chrome does not grant the site', async () => {
    activeTab('https://openreview.net/');
    request.mockResolvedValueOnce(false);
    render(<SiteAccess />, root);
    await vi.waitFor(() => expect(root.querySelector('button')).not.toBeNull());
    root.querySelector('button')!.click();
    await vi.waitFor(() => expect(root.textContent).toContain('The browser did not give Margin access'));
    expect(calls).not.toContainEqual(expect.objectContaining({ on: true }));
  });

  it('is hidden on the popup itself, on chrome:// pages and on the supported sites', async () => {
    for (const url of ['chrome-extension://abc/src/popup/index.html', 'chrome://newtab/', 'https://arxiv.org/abs/1706.03762', undefined]) {
      activeTab(url);
      fakeBrowser.tabs.query.mockClear();
      render(<SiteAccess />, root);
      await vi.waitFor(() => expect(fakeBrowser.tabs.query).toHaveBeenCalled());
      await new Promise((r) => setTimeout(r, 0)); // let the answer render
      expect(root.innerHTML).toBe('');
      render(null, root);
    }
    expect(calls).toEqual([]);
  });
});
