/**
 * The ordered list of site adapters: the first whose `matches` is true wins, so the
 * generic link adapter, which matches any page, comes last.
 */
import { arxiv } from './arxiv';
import { huggingface } from './huggingface';
import { links } from './links';
import type { SiteAdapter } from './types';

export const ADAPTERS: readonly SiteAdapter[] = [huggingface, arxiv, links];

export function adapterFor(url: URL): SiteAdapter | undefined {
  return ADAPTERS.find((a) => a.matches(url));
}
