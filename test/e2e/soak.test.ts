import { describe, expect, it } from 'vitest';
import { runSoak } from '../soak/soak';

// The short soak (150 edits, the worker stopped about every 0.4 s); `npm run soak` runs 1000.
describe('soak', () => {
  it('keeps every edit of two tabs and the popup while the service worker is stopped again and again', async () => {
    const result = await runSoak({ edits: 150, seed: 20261127, stopEveryMs: 400 });
    expect(result.workerStops).toBeGreaterThanOrEqual(5);
    expect(result.pageErrors).toEqual([]);
    expect(result.differences).toEqual([]);
  }, 240_000);
});
