/**
 * Generic paper links, for sites the user turned Margin on for. (Stub: filled in by the site
 * adapters issue.) Last in the registry: it matches any page.
 */
import type { SiteAdapter } from './types';

export const links: SiteAdapter = {
  id: 'links',
  matches: () => true,
  findPapers: () => [],
};
