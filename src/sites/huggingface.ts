/**
 * Hugging Face Papers. (Stub: filled in by the site adapters issue.)
 */
import type { SiteAdapter } from './types';

export const huggingface: SiteAdapter = {
  id: 'huggingface',
  matches: (url) => url.hostname === 'huggingface.co' && /^\/papers(\/|$)/.test(url.pathname),
  findPapers: () => [],
};
