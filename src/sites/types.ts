/**
 * The contract between site adapters and the content script. Adapters are data functions:
 * they read the page and return where the papers are; they never change the page.
 */
import type { PaperId } from '../shared/paper-id';

export interface PaperOccurrence {
  id: PaperId;
  title: string;
  authors?: string[];
  /** arXiv's primary category (`cs.LG`), where the page shows it. */
  primaryClass?: string;
  /** arXiv categories, primary first (`cs.LG`, `stat.ML`), where the page shows them. */
  categories?: string[];
  /** The abstract and the author's comments ("12 pages, ICML 2026"), where the page shows them.
   *  Like the title and authors, adapters may read these only when first asked for. */
  abstract?: string;
  comments?: string;
  /** The element Margin's host is placed after. */
  anchor: Element;
  /** The whole entry on the page (card, dt/dd pair's first element...): what filters hide. */
  container?: Element[];
}

export interface SiteAdapter {
  /** Short, stable name: also the file name under src/sites/. */
  id: string;
  matches(url: URL): boolean;
  /** Every paper occurrence under `root`, in page order; a paper listed twice appears twice. */
  findPapers(root: ParentNode, url: URL): PaperOccurrence[];
}
