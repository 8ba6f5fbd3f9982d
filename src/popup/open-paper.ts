/**
 * Opening a paper from the popup: in the current tab (the popup then closes, as Chrome's own
 * popups do), or with Ctrl/Cmd or the middle button in a background tab, keeping the popup
 * open to open several.
 */
import browser from '../shared/browser';
import { abstractUrl } from '../shared/paper-id';
import type { PaperRecord } from '../shared/record';

/**
 * Where the paper was found, else its arXiv abstract. Only http(s): a record's URL can
 * come from an imported file, and a javascript: URL must never reach a tab.
 */
export function paperUrl(r: PaperRecord): string {
  return /^https?:\/\//i.test(r.url) ? r.url : abstractUrl(r.id);
}

/** The host the paper was found on ("arxiv.org"), or '' when Margin does not know it. */
export function foundOn(r: PaperRecord): string {
  if (!/^https?:\/\//i.test(r.url)) return '';
  try {
    return new URL(r.url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

export async function openPaper(r: PaperRecord, inBackground: boolean): Promise<void> {
  const url = paperUrl(r);
  if (inBackground) {
    await browser.tabs.create({ url, active: false });
    return;
  }
  // Read before navigating: when this page is itself a tab (not the popup) it is replaced.
  const self = await browser.tabs.getCurrent();
  await browser.tabs.update({ url });
  if (!self) window.close();
}
