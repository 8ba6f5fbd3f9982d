import { describe, expect, it } from 'vitest';
import { runSoak } from '../soak/soak';

// The short soak; `npm run soak` runs 1000 edits.
describe('soak', () => {
  it('keeps every edit of two tabs and the popup while the service worker is stopped again and again', async () => {
    const result = await runSoak({ edits: 40, seed: 20261127, stopEveryMs: 1500 });
    expect(result.workerStops).toBeGreaterThan(3);
    expect(result.pageErrors).toEqual([]);
    expect(result.differences).toEqual([]);
  }, 240_000);
});
