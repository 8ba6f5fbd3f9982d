/**
 * Debian's Firefox ESR with Margin's Firefox build installed, driven by puppeteer-core over
 * WebDriver BiDi (no driver download). What the suites call on a page is the subset of
 * Playwright's Page and Locator API they were written against; here it is done with BiDi:
 * locators resolve in the page (firefox-dom.ts), clicks and keys are real input events.
 *
 * Firefox-specific facts this rests on (../shared/FIREFOX.md):
 * - the extension's internal UUID is pinned by a preference, so its pages have a known URL;
 * - navigating a tab to moz-extension:// needs `-remote-allow-system-access`, and `goto` of
 *   such a page never resolves: it is started and its document polled;
 * - the background is an event page; the browser's own code (reached in the chrome scope that
 *   `-remote-allow-system-access` opens) terminates it, as Firefox does to an idle one, and
 *   fires a command's key element, as pressing its shortcut does.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page as PPage, type Target } from 'puppeteer-core';
import { query, toText, type Step, type Text } from './firefox-dom';
import type { LaunchOptions, Pages } from './chromium';

export const FIREFOX_UUID = '4d3a1c52-7e0b-4f5a-9c1e-6a2b8d0e3f71';
const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
const WAIT_MS = 15_000;

export class FirefoxMissing extends Error {
  override name = 'FirefoxMissing';
}

export function findFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new FirefoxMissing(`FIREFOX_PATH is set to ${fromEnv}, but there is no file there.`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new FirefoxMissing(
    "Firefox was not found. Install Debian's build with `sudo apt-get install -y firefox-esr`, or set FIREFOX_PATH to a Firefox binary.",
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Source text that runs `fn` in the page with `args` (JSON); tsx's `__name` helper made harmless. */
function fnExpr(fn: (...a: never[]) => unknown): string {
  return `((__name) => (${fn.toString()}))((f) => f)`;
}
function call(fn: string | ((...a: never[]) => unknown), ...args: unknown[]): string {
  if (typeof fn === 'string') return fn;
  const list = args.map((a) => (a === undefined ? 'undefined' : JSON.stringify(a))).join(', ');
  return `${fnExpr(fn)}(${list})`;
}
const QUERY = query.toString();
/** Source text that resolves a locator's steps in the page, then runs `body` on the elements. */
function onElements(steps: Step[], body: string, ...args: unknown[]): string {
  const list = args.map((a) => (a === undefined ? 'undefined' : JSON.stringify(a))).join(', ');
  return `((__name) => { const query = (${QUERY}); const els = query(${JSON.stringify(steps)}); return (${body})(els, ${list}); })((f) => f)`;
}

type RawConnection = {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
  on(event: string, handler: (params: Record<string, unknown>) => void): void;
};

interface Download {
  path(): Promise<string>;
  suggestedFilename(): string;
}

class Keyboard {
  constructor(private readonly page: PPage) {}
  private static key(k: string): string {
    return ({ Control: 'Control', Ctrl: 'Control', Meta: 'Meta', Alt: 'Alt', Shift: 'Shift' } as Record<string, string>)[k] ?? k;
  }
  async press(combo: string): Promise<void> {
    const keys = combo.length > 1 ? combo.split('+').map(Keyboard.key) : [combo];
    const key = keys.pop()!;
    for (const m of keys) await this.page.keyboard.down(m as never);
    await this.page.keyboard.press(key as never);
    for (const m of keys.reverse()) await this.page.keyboard.up(m as never);
  }
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }
  async down(key: string): Promise<void> {
    await this.page.keyboard.down(Keyboard.key(key) as never);
  }
  async up(key: string): Promise<void> {
    await this.page.keyboard.up(Keyboard.key(key) as never);
  }
}

export class FxLocator {
  constructor(
    readonly page: FxPage,
    readonly steps: Step[],
  ) {}
  private with(step: Step): FxLocator {
    return new FxLocator(this.page, [...this.steps, step]);
  }
  locator(selector: string): FxLocator {
    return this.with({ kind: 'css', selector });
  }
  getByRole(role: string, options: { name?: string | RegExp; exact?: boolean } = {}): FxLocator {
    return this.with({ kind: 'role', role, ...(options.name !== undefined ? { name: toText(options.name) } : {}), exact: options.exact });
  }
  getByLabel(text: string | RegExp, options: { exact?: boolean } = {}): FxLocator {
    return this.with({ kind: 'label', text: toText(text), exact: options.exact });
  }
  getByText(text: string | RegExp, options: { exact?: boolean } = {}): FxLocator {
    return this.with({ kind: 'text', text: toText(text), exact: options.exact });
  }
  first(): FxLocator {
    return this.with({ kind: 'first' });
  }
  private describe(): string {
    return JSON.stringify(this.steps);
  }

  /** All matches, no waiting. */
  private now<T>(body: string, ...args: unknown[]): Promise<T> {
    return this.page.raw.evaluate(onElements(this.steps, body, ...args)) as Promise<T>;
  }
  /** Waits for exactly one element (Playwright's strictness), optionally visible, then runs body on it. */
  private async one<T>(body: string, opts: { visible?: boolean } = {}, ...args: unknown[]): Promise<T> {
    const wrapped = `(els, ...args) => {
      if (els.length > 1) return { strict: els.length };
      const el = els[0];
      if (!el) return { missing: true };
      if (${opts.visible ? 'true' : 'false'}) {
        const r = el.getBoundingClientRect();
        if (!(r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true }))) return { missing: 'not visible' };
        if (el.disabled) return { missing: 'disabled' };
      }
      const value = (${body})(el, ...args);
      return value === '__not_yet__' ? { missing: 'not ready' } : { value };
    }`;
    const end = Date.now() + WAIT_MS;
    for (;;) {
      const res = (await this.page.raw.evaluate(onElements(this.steps, wrapped, ...args))) as { value?: T; strict?: number; missing?: unknown };
      if (res.strict) throw new Error(`locator ${this.describe()} matches ${res.strict} elements (one expected)`);
      if (!res.missing) return res.value as T;
      if (Date.now() > end) throw new Error(`locator ${this.describe()}: ${res.missing === true ? 'no element' : String(res.missing)} after ${WAIT_MS} ms`);
      await sleep(50);
    }
  }

  count(): Promise<number> {
    return this.now('(els) => els.length');
  }
  allTextContents(): Promise<string[]> {
    return this.now('(els) => els.map((e) => e.textContent ?? "")');
  }
  async isVisible(): Promise<boolean> {
    const n = await this.count();
    if (n > 1) throw new Error(`locator ${this.describe()} matches ${n} elements (one expected)`);
    return this.now('(els) => { const el = els[0]; if (!el) return false; const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true }); }');
  }
  getAttribute(name: string): Promise<string | null> {
    return this.one('(el, n) => el.getAttribute(n)', {}, name);
  }
  textContent(): Promise<string | null> {
    return this.one('(el) => el.textContent');
  }
  innerText(): Promise<string> {
    return this.one('(el) => el.innerText');
  }
  inputValue(): Promise<string> {
    return this.one('(el) => el.value');
  }
  evaluate<R, A>(fn: (el: never, arg: A) => R, arg?: A): Promise<R> {
    return this.one(`(el, a) => ${fnExpr(fn as never)}(el, a)`, {}, arg);
  }
  async waitFor(): Promise<void> {
    await this.one('() => true', { visible: true });
  }
  async focus(): Promise<void> {
    await this.one('(el) => el.focus()');
  }
  async scrollIntoViewIfNeeded(): Promise<void> {
    await this.one('(el) => el.scrollIntoView({ block: "center" })');
  }
  /** The element's centre (or an offset in it) in viewport coordinates, scrolled into view. */
  private point(position?: { x: number; y: number }): Promise<{ x: number; y: number }> {
    return this.one(
      `(el, p) => {
        // A point near the element's top left is brought into view with it.
        el.scrollIntoView(p ? { block: 'start', inline: 'start' } : { block: 'center', inline: 'center' });
        const r = el.getBoundingClientRect();
        return p ? { x: r.left + p.x, y: r.top + p.y } : { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }`,
      { visible: true },
      position,
    );
  }
  async click(options: { modifiers?: string[]; button?: 'left' | 'middle' | 'right'; position?: { x: number; y: number } } = {}): Promise<void> {
    const { x, y } = await this.point(options.position);
    for (const m of options.modifiers ?? []) await this.page.keyboard.down(m);
    await this.page.raw.mouse.click(x, y, { button: options.button ?? 'left' });
    for (const m of options.modifiers ?? []) await this.page.keyboard.up(m);
  }
  async check(): Promise<void> {
    if (!(await this.one<boolean>('(el) => el.checked'))) await this.click();
  }
  async uncheck(): Promise<void> {
    if (await this.one<boolean>('(el) => el.checked')) await this.click();
  }
  /** As Playwright does: wait for the option, pick it, then `input` and `change`. */
  async selectOption(value: string | { label: string }): Promise<void> {
    await this.one(
      `(el, v) => {
        const opt = [...el.options].find((o) => (typeof v === 'string' ? o.value === v || o.label === v : o.label === v.label));
        if (!opt) return '__not_yet__'; // Playwright waits for the option too
        el.focus();
        el.value = opt.value;
        el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }`,
      { visible: true },
      value,
    );
  }
  /** As Playwright does: focus, replace the value, `input` (and `change`). */
  async fill(value: string): Promise<void> {
    await this.one(
      `(el, v) => {
        el.focus();
        el.value = v;
        el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: v }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }`,
      { visible: true },
      value,
    );
  }
  async press(key: string): Promise<void> {
    await this.focus();
    await this.page.keyboard.press(key);
  }
  /**
   * Not possible here: headless Firefox starts a native drag session from WebDriver's pointer
   * actions (dragstart, dragover) but never drops it, in one action sequence or several.
   */
  async dragTo(_target: FxLocator): Promise<void> {
    throw new Error('firefox: drag and drop cannot be driven in headless Firefox over WebDriver BiDi');
  }
  async setInputFiles(file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
    let path = typeof file === 'string' ? file : '';
    if (typeof file !== 'string') {
      const dir = mkdtempSync(join(tmpdir(), 'margin-upload-'));
      path = join(dir, file.name);
      writeFileSync(path, file.buffer);
    }
    await this.one('() => true');
    const handle = await this.page.raw.evaluateHandle(onElements(this.steps, '(els) => els[0]'));
    const el = handle.asElement();
    if (!el) throw new Error(`locator ${this.describe()}: no element to set files on`);
    await (el as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(path);
    await handle.dispose();
  }
}

export class FxPage {
  readonly keyboard: Keyboard;
  private closed = false;
  constructor(
    readonly raw: PPage,
    readonly session: FirefoxSession,
  ) {
    this.keyboard = new Keyboard(raw);
  }
  locator(selector: string): FxLocator {
    return new FxLocator(this, [{ kind: 'css', selector }]);
  }
  getByRole(role: string, options: { name?: string | RegExp; exact?: boolean } = {}): FxLocator {
    return new FxLocator(this, []).getByRole(role, options);
  }
  getByLabel(text: string | RegExp, options: { exact?: boolean } = {}): FxLocator {
    return new FxLocator(this, []).getByLabel(text, options);
  }
  getByText(text: string | RegExp, options: { exact?: boolean } = {}): FxLocator {
    return new FxLocator(this, []).getByText(text, options);
  }
  /** Where the document is; puppeteer does not follow a tab into an extension page. */
  url(): string {
    const url = this.raw.url();
    return url === 'about:blank' && this.href ? this.href : url;
  }
  private href = '';
  isClosed(): boolean {
    return this.closed || this.raw.isClosed();
  }
  /** The document's URL and state, or null while it is being replaced. */
  private async state(): Promise<{ href: string; ready: string; mark: boolean } | null> {
    try {
      return (await this.raw.evaluate('({ href: location.href, ready: document.readyState, mark: !!window.__marginOld })')) as never;
    } catch {
      return null;
    }
  }
  private async settle(check: (s: { href: string; ready: string; mark: boolean }) => boolean, what: string): Promise<void> {
    const end = Date.now() + WAIT_MS;
    for (;;) {
      const s = await this.state();
      if (s) this.href = s.href;
      if (s && check(s)) return;
      if (Date.now() > end) throw new Error(`firefox: ${what} (last ${JSON.stringify(s)})`);
      await sleep(50);
    }
  }
  async goto(url: string): Promise<void> {
    if (url.startsWith('moz-extension://')) {
      // Never resolves for extension pages: start it and watch the document.
      void this.raw.goto(url).catch(() => undefined);
      await this.settle((s) => s.href === url && s.ready === 'complete', `${url} did not load`);
      return;
    }
    await this.raw.goto(url, { waitUntil: 'load' });
  }
  async reload(): Promise<void> {
    await this.raw.evaluate('window.__marginOld = true; location.reload()').catch(() => undefined);
    await this.settle((s) => !s.mark && s.ready === 'complete', 'the reload did not finish');
  }
  async waitForURL(url: string): Promise<void> {
    await this.settle((s) => s.href === url && s.ready !== 'loading', `never reached ${url}`);
  }
  async waitForLoadState(): Promise<void> {
    await this.settle((s) => s.href !== 'about:blank' && s.ready === 'complete', 'never loaded');
  }
  async waitForTimeout(ms: number): Promise<void> {
    await sleep(ms);
  }
  async waitForSelector(selector: string, _options?: { state?: 'attached' }): Promise<void> {
    const loc = this.locator(selector);
    const end = Date.now() + WAIT_MS;
    while ((await loc.count().catch(() => 0)) === 0) {
      if (Date.now() > end) throw new Error(`firefox: no ${selector} after ${WAIT_MS} ms`);
      await sleep(50);
    }
  }
  evaluate<R>(fn: string | ((arg: never) => R), arg?: unknown): Promise<R> {
    return this.raw.evaluate(call(fn as never, arg)) as Promise<R>;
  }
  $$eval<R>(selector: string, fn: (els: never[], arg: never) => R, arg?: unknown): Promise<R> {
    return this.raw.evaluate(onElements([{ kind: 'css', selector }], fn.toString(), arg)) as Promise<R>;
  }
  async addStyleTag(options: { content: string }): Promise<void> {
    await this.raw.addStyleTag(options);
  }
  async addScriptTag(options: { content: string }): Promise<void> {
    await this.raw.addScriptTag(options);
  }
  async screenshot(options: { path: string }): Promise<void> {
    await this.raw.screenshot({ path: options.path as `${string}.png`, captureBeyondViewport: false });
  }
  async bringToFront(): Promise<void> {
    this.session.front = this;
    await this.raw.bringToFront();
  }
  /** Firefox has no per-page emulation over BiDi: the preference that overrides the scheme for web content. */
  async emulateMedia(options: { colorScheme: 'light' | 'dark' }): Promise<void> {
    await this.session.chrome(`Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${options.colorScheme === 'dark' ? 0 : 1})`);
    await this.settle(() => true, 'gone');
    const want = options.colorScheme === 'dark';
    const end = Date.now() + WAIT_MS;
    while ((await this.evaluate<boolean>("matchMedia('(prefers-color-scheme: dark)').matches")) !== want) {
      if (Date.now() > end) throw new Error('firefox: the colour scheme did not change');
      await sleep(50);
    }
  }
  on(event: 'dialog' | 'pageerror', handler: (arg: never) => void): void {
    if (event === 'dialog') this.raw.on('dialog', (d) => handler({ message: () => d.message() } as never));
    else this.raw.on('pageerror', (e) => handler(e as never));
  }
  /** Only 'download': a new file in the profile's download folder. */
  async waitForEvent(event: 'download'): Promise<Download> {
    if (event !== 'download') throw new Error(`firefox: waitForEvent(${event}) is not supported on a page`);
    return this.session.nextDownload();
  }
  async close(_options?: { runBeforeUnload?: boolean }): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.session.forget(this);
    // Firefox runs pagehide/visibilitychange on an ordinary close too: what a note typed just
    // before closing relies on.
    await this.raw.close({ runBeforeUnload: _options?.runBeforeUnload ?? false }).catch(() => undefined);
  }
}

class FxContext {
  constructor(private readonly session: FirefoxSession) {}
  newPage(): Promise<FxPage> {
    return this.session.newPage();
  }
  pages(): FxPage[] {
    return this.session.open();
  }
  /** Only 'page': a tab opened by the extension or a page (not by the test). */
  async waitForEvent(event: 'page'): Promise<FxPage> {
    if (event !== 'page') throw new Error(`firefox: context.waitForEvent(${event}) is not supported`);
    return this.session.nextTab();
  }
  on(event: 'close', handler: () => void): void {
    if (event === 'close') this.session.browser.on('disconnected', handler);
  }
}

export class FirefoxSession {
  readonly context: FxContext;
  readonly extensionId: string | null;
  private pages: Pages = new Map();
  private readonly mine = new Set<FxPage>();
  private readonly known = new Set<Target>();
  private chromeContext: string | null = null;

  constructor(
    readonly browser: Browser,
    readonly profile: string,
    readonly downloads: string,
    readonly geckoId: string | null,
  ) {
    this.context = new FxContext(this);
    this.extensionId = geckoId ? FIREFOX_UUID : null;
  }
  private get connection(): RawConnection {
    return (this.browser as unknown as { connection: RawConnection }).connection;
  }

  /** Serves pages at their real URLs in every tab, extension-opened ones too; aborts the rest. */
  async intercept(): Promise<void> {
    const c = this.connection;
    await c.send('session.subscribe', { events: ['network.beforeRequestSent'] });
    const { result } = await c.send('network.addIntercept', {
      phases: ['beforeRequestSent'],
      urlPatterns: [
        { type: 'pattern', protocol: 'https' },
        { type: 'pattern', protocol: 'http' },
      ],
    });
    const intercept = result.intercept as string;
    c.on('network.beforeRequestSent', (params) => {
      const { isBlocked, intercepts, request, navigation } = params as {
        isBlocked: boolean;
        intercepts?: string[];
        request: { request: string; url: string };
        navigation: string | null;
      };
      if (!isBlocked || !intercepts?.includes(intercept)) return;
      const url = request.url.split('#')[0]!;
      const page = typeof this.pages === 'function' ? this.pages(url) : this.pages.get(url);
      const respond = (statusCode: number, reasonPhrase: string, contentType: string, body: string | Buffer) =>
        c.send('network.provideResponse', {
          request: request.request,
          statusCode,
          reasonPhrase,
          headers: [{ name: 'content-type', value: { type: 'string', value: contentType } }],
          body: { type: 'base64', value: Buffer.from(body).toString('base64') },
        });
      // A page not served is an empty 404 at its URL (a failed navigation in Firefox leaves
      // the tab at about:blank, where Chromium's history still says where it went); anything
      // else not served fails.
      const reply = page
        ? respond(200, 'OK', page.contentType ?? 'text/html; charset=utf-8', page.body)
        : navigation
          ? respond(404, 'Not Found', 'text/html; charset=utf-8', '')
          : c.send('network.failRequest', { request: request.request });
      reply.catch(() => undefined);
    });
  }

  serve(next: Pages): void {
    this.pages = next;
  }

  private wrap(raw: PPage): FxPage {
    const page = new FxPage(raw, this);
    this.mine.add(page);
    return page;
  }
  /** The page a browser-level shortcut is pressed in (the last brought to front). */
  front: FxPage | null = null;

  /**
   * Each page in a window of its own: only the selected tab of a window is shown in Firefox
   * (a background tab gets no animation frames), and the suites, written for Playwright's
   * Chromium, where every page counts as shown, expect each page they drive to be on screen.
   */
  async newPage(): Promise<FxPage> {
    const raw = await this.browser.newPage({ type: 'window' });
    this.known.add(raw.target());
    return this.wrap(raw);
  }
  open(): FxPage[] {
    return [...this.mine].filter((p) => !p.isClosed());
  }
  forget(page: FxPage): void {
    this.mine.delete(page);
  }
  async nextTab(): Promise<FxPage> {
    for (const t of this.browser.targets()) this.known.add(t);
    const target = await this.browser.waitForTarget((t) => t.type() === 'page' && !this.known.has(t), { timeout: WAIT_MS });
    this.known.add(target);
    if (process.env.FX_DEBUG) console.log('nextTab', target.url(), this.browser.targets().map((t) => `${t.type()} ${t.url()}`));
    return this.wrap((await target.page())!);
  }

  /** Runs script in the browser's own (chrome) scope: the window of `page`, or the first. */
  async chrome(expression: string, page?: FxPage): Promise<unknown> {
    type Tree = { contexts: Array<{ context: string; clientWindow: string }> };
    let target = this.chromeContext;
    if (page || !target) {
      const { result } = await this.connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      const windows = (result as Tree).contexts;
      let found = windows[0]!;
      if (page) {
        const id = (page.raw.mainFrame() as unknown as { _id: string })._id;
        const mine = ((await this.connection.send('browsingContext.getTree', { root: id, maxDepth: 0 })).result as Tree).contexts[0]!;
        found = windows.find((w) => w.clientWindow === mine.clientWindow) ?? found;
      }
      target = found.context;
      if (!page) this.chromeContext = target;
    }
    const { result } = await this.connection.send('script.evaluate', {
      expression,
      target: { context: target },
      awaitPromise: true,
    });
    const r = result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } };
    if (r.type === 'exception') throw new Error(`firefox chrome scope: ${r.exceptionDetails?.text}`);
    return r.result?.value;
  }
  private extensionExpr(): string {
    return `ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs').ExtensionParent.GlobalManager.getExtension(${JSON.stringify(this.geckoId)})`;
  }
  /** Stops the background as Firefox does to an idle one; the next event wakes it. */
  async stopBackground(): Promise<void> {
    await this.chrome(`(async () => { const ext = ${this.extensionExpr()}; await ext.terminateBackground({ ignoreDevToolsAttached: true }); return ext.backgroundState; })()`);
  }
  /** What pressing a browser-level shortcut does: fires its key element in the browser window. */
  async command(name: string): Promise<void> {
    const manifest = JSON.parse(readFileSync(join(this.dir, 'manifest.json'), 'utf8')) as { commands: Record<string, { suggested_key: { default: string } }> };
    const shortcut = manifest.commands[name]?.suggested_key.default;
    if (!shortcut) throw new Error(`firefox: no shortcut for the command ${name}`);
    const key = shortcut.split('+').pop()!;
    const keyset = `ext-keyset-id-${this.geckoId!.replace(/[^a-z0-9_-]/gi, '_')}`;
    const end = Date.now() + WAIT_MS;
    // The keys are added to the window shortly after the install.
    // In the window of the page brought to front last: the command acts on its selected tab.
    const front = this.front && !this.front.isClosed() ? this.front : undefined;
    while (!(await this.chrome(`(() => { const k = [...document.querySelectorAll('#${keyset} key')].find((k) => k.getAttribute('key') === ${JSON.stringify(key)}); if (!k) return false; k.doCommand(); return true; })()`, front))) {
      if (Date.now() > end) throw new Error(`firefox: the key for ${name} (${shortcut}) is not in the browser window`);
      await sleep(100);
    }
  }
  dir = '';

  /** The badge on Margin's toolbar button in the browser window, as the user sees it. */
  async badgeText(): Promise<string> {
    // The action's button (in the extensions panel until the user pins it, which is built
    // only when opened: found through its widget) carries the badge.
    const widget = `${this.geckoId!.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-browser-action`;
    const text = await this.chrome(
      `(() => { const node = CustomizableUI.getWidget(${JSON.stringify(widget)})?.forWindow(window)?.node; const b = node?.querySelector('.webextension-browser-action'); return b ? (b.getAttribute('badge') ?? '') : 'no button'; })()`,
    );
    if (text === 'no button') throw new Error(`firefox: no toolbar button in ${widget}`);
    return text as string;
  }

  async nextDownload(): Promise<Download> {
    const before = new Set(readdirSync(this.downloads));
    const end = Date.now() + WAIT_MS;
    for (;;) {
      const names = readdirSync(this.downloads).filter((n) => !before.has(n) && !n.endsWith('.part'));
      const done = names.find((n) => !existsSync(join(this.downloads, `${n}.part`)) && statSync(join(this.downloads, n)).size > 0);
      if (done) {
        // Moved out at once, so the next download of the same name is not renamed "name(1)".
        await sleep(100);
        const kept = mkdtempSync(join(this.profile, 'dl-'));
        renameSync(join(this.downloads, done), join(kept, done));
        return { path: async () => join(kept, done), suggestedFilename: () => done };
      }
      if (Date.now() > end) throw new Error('firefox: no download finished');
      await sleep(50);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export async function launchFirefox(options: LaunchOptions & { extension: string | null }): Promise<FirefoxSession> {
  const extension = options.extension;
  let geckoId: string | null = null;
  if (extension) {
    if (!existsSync(join(extension, 'manifest.json'))) throw new Error(`No built extension at ${extension}: run \`npm run build:firefox\` first.`);
    const manifest = JSON.parse(readFileSync(join(extension, 'manifest.json'), 'utf8'));
    geckoId = manifest.browser_specific_settings?.gecko?.id ?? null;
  }
  const profile = mkdtempSync(join(tmpdir(), 'margin-firefox-'));
  const downloads = join(profile, 'downloads');
  mkdirSync(downloads);
  mkdirSync(join(profile, 'profile'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: options.headless ?? true,
    args: ['-remote-allow-system-access'],
    userDataDir: join(profile, 'profile'),
    defaultViewport: options.viewport ?? { width: 1280, height: 900 },
    extraPrefsFirefox: {
      ...(geckoId ? { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: FIREFOX_UUID }) } : {}),
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.alwaysOpenPanel': false,
      'layout.css.prefers-color-scheme.content-override': 1,
    },
  });
  const session = new FirefoxSession(browser, profile, downloads, geckoId);
  session.dir = extension ?? '';
  await session.intercept();
  if (extension) await browser.installExtension(extension);
  // The first tab, as Playwright's persistent context has none of its own to hand out.
  for (const raw of await browser.pages()) session['known'].add(raw.target());
  return session;
}
