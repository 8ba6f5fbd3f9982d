/**
 * The ordered list of site adapters: the first whose `matches` is true wins.
 */
import { arxiv } from './arxiv';
import type { SiteAdapter } from './types';

export const ADAPTERS: readonly SiteAdapter[] = [arxiv];

export function adapterFor(url: URL): SiteAdapter | undefined {
  return ADAPTERS.find((a) => a.matches(url));
}
