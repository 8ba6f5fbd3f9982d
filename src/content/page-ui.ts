/**
 * Page-level UI: the counts-and-filters bar (on listings) and the shortcut help. Each lives
 * in its own host with a shadow root, fixed in a corner, outside the page's layout.
 */
import { h } from 'preact';
import type { Annotator } from './annotator';
import { mount } from './overlay/mount';
import { HelpOverlay } from './overlay/HelpOverlay';
import { PageBar } from './overlay/PageBar';

export class PageUi {
  private bar: HTMLElement | null = null;
  private help: HTMLElement | null = null;
  private closeHelpFocus: Element | null = null;

  /** `fallback`: whether Margin shows the page's paper links because the site's layout was not recognised. */
  constructor(
    private readonly annotator: Annotator,
    private readonly fallback: () => boolean = () => false,
  ) {}

  private pending = false;

  /** Asks for a redraw on the next frame: a burst of changes costs one. */
  update(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  /** Draws the bar when the page lists several papers, or falls back; removes it otherwise. */
  private draw(): void {
    const counts = this.annotator.counts();
    const fallback = this.fallback();
    if ((counts.papers < 2 && !fallback) || this.annotator.isHidden) {
      this.bar?.remove();
      this.bar = null;
      return;
    }
    if (!this.bar || !this.bar.isConnected) {
      this.bar = document.createElement('paper-margin-bar');
      document.body.append(this.bar);
    }
    mount(
      this.bar,
      h(PageBar, {
        counts,
        filters: this.annotator.getFilters(),
        tags: this.annotator.pageTags(),
        ...this.annotator.ruleCounts(),
        fallback,
        onFilters: (f) => this.annotator.setFilters(f),
        onHelp: () => this.toggleHelp(),
      }),
    );
  }

  get helpOpen(): boolean {
    return this.help !== null;
  }

  toggleHelp(): void {
    if (this.help) return this.closeHelp();
    this.closeHelpFocus = document.activeElement;
    this.help = document.createElement('paper-margin-help');
    document.body.append(this.help);
    mount(this.help, h(HelpOverlay, { onClose: () => this.closeHelp() }));
  }

  closeHelp(): void {
    if (!this.help) return;
    mount(this.help, null);
    this.help.remove();
    this.help = null;
    (this.closeHelpFocus as HTMLElement | null)?.focus?.();
  }

  destroy(): void {
    this.closeHelp();
    this.bar?.remove();
    this.bar = null;
  }
}
