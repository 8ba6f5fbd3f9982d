import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../../src/background/handlers';
import { resetConnection } from '../../src/background/store';
import { fakeBrowser, resetFakeBrowser, sentToTabs } from './fake-browser';

// What the open pages hear after an import: they follow it without a reload.
const heard: unknown[] = [];
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetConnection();
  resetFakeBrowser();
  heard.length = 0;
  // The options page, listening for events (the background does not answer its own).
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    heard.push(message);
    return undefined;
  });
});

async function importSeenOnly(day: string, ids: string[]): Promise<{ seen: number }> {
  const { importId } = await handlers.importBegin({});
  await handlers.importBatch({ importId, batch: 0, first: 0, papers: [], seen: [[day, ids]] });
  return handlers.importCommit({ importId });
}

describe('an import that only marks papers seen', () => {
  it('tells the open pages to read again (their counts and "new" marks changed)', async () => {
    const report = await importSeenOnly('2025-06-01', ['2101.00001', '1706.03762']);
    expect(report.seen).toBe(2);
    const kinds = [...heard, ...sentToTabs].map((m) => (m as { kind: string }).kind);
    expect(kinds).toContain('margin/reload');
  });

  it('tells nobody anything when the file changes nothing', async () => {
    await importSeenOnly('2025-06-01', ['2101.00001']);
    heard.length = 0;
    sentToTabs.length = 0;
    const again = await importSeenOnly('2025-06-01', ['2101.00001']);
    expect(again.seen).toBe(0);
    expect([...heard, ...sentToTabs]).toEqual([]);
  });
});
