/**
 * Calls made from Margin's content-script world on a page: what a compromised renderer on a
 * paper site can do. The isolated world Chrome names with the extension's origin, found
 * through the DevTools protocol; `evaluate` runs any expression there.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Session } from './chromium';

export type Answer = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

export interface ContentWorld {
  (name: string, req: unknown): Promise<Answer>;
  evaluate<T = unknown>(expression: string): Promise<T>;
}

export async function contentScriptWorld(s: Session, page: Page): Promise<ContentWorld> {
  const cdp: CDPSession = await s.context.newCDPSession(page);
  const contexts: Array<{ id: number; origin: string; auxData?: { type?: string } }> = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  // The protocol reports every existing context before it answers Runtime.enable.
  await cdp.send('Runtime.enable');
  const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${s.extensionId}`);
  if (!world) throw new Error(`no content-script world among ${JSON.stringify(contexts)}`);
  const evaluate = async <T>(expression: string, retry = false): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
      // A worker stopped by Chrome while idle is restarting: ask again, as call() does.
      if (retry && (exceptionDetails || result.value === undefined) && attempt < 6) {
        await page.waitForTimeout(100 * (attempt + 1));
        continue;
      }
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value as T;
    }
  };
  const send = ((name: string, req: unknown) =>
    evaluate<Answer>(`chrome.runtime.sendMessage(${JSON.stringify({ kind: 'margin/call', name, req })})`, true)) as ContentWorld;
  send.evaluate = (expression) => evaluate(expression);
  return send;
}
