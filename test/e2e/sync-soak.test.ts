import { describe, expect, it } from 'vitest';
import { runSyncSoak } from '../soak/sync-soak';

// The short sync soak (120 steps); `npm run soak:sync` runs 1000.
describe('sync soak', () => {
  it('two profiles editing at random through a WebDAV server that stops, with workers stopped, end equal to each other and to the model', async () => {
    const result = await runSyncSoak({ edits: 120, seed: 20261128, stopEveryMs: 1500 });
    expect(result.pageErrors).toEqual([]);
    expect(result.differences).toEqual([]);
    // Status and queue place: the latest write wins on both (a move is stamped as a write).
    expect(result.notLatest).toEqual([]);
    expect(result.syncs.ok).toBeGreaterThanOrEqual(3);
  }, 110_000);
});
