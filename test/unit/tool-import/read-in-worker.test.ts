/**
 * The options page reads files in a worker (checked in the browser by
 * test/e2e/tool-import.test.ts); where none can be started, or its script does not load, the
 * file is still read, in the page, with the same result and the same errors.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readToolFileInWorker } from '../../../src/options/tool-import/read-in-worker';
import { readToolFile } from '../../../src/options/tool-import/read-tool-file';
import { ToolFileError } from '../../../src/options/tool-import/types';

const BIB = '@misc{a, title = {Caf{\\\'e}}, author = {M{\\"u}ller, J.}, eprint = {2002.10248}}';

/** A Worker whose script fails to load: it fires `error` once a message is posted. */
class FailingWorker {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: { preventDefault(): void }) => void) | null = null;
  terminated = false;
  postMessage(): void {
    setTimeout(() => this.onerror?.({ preventDefault: () => undefined }), 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('reading a file where no worker runs', () => {
  it('reads it in the page when a worker cannot be made', async () => {
    vi.stubGlobal('Worker', function NoWorker() {
      throw new Error('workers are not allowed here');
    });
    const file = await readToolFileInWorker(BIB);
    expect(file).toEqual(await readToolFile(BIB));
    expect(file.papers[0]).toMatchObject({ title: 'Café', authors: ['J. Müller'] });
  });

  it("reads it in the page when the worker's script does not load, errors included", async () => {
    const made: FailingWorker[] = [];
    vi.stubGlobal('Worker', function Failing() {
      const w = new FailingWorker();
      made.push(w);
      return w;
    });
    expect((await readToolFileInWorker(BIB)).papers.map((p) => p.id)).toEqual(['arxiv:2002.10248']);
    await expect(readToolFileInWorker('@misc{a, title = {No id}}')).rejects.toThrow(ToolFileError);
    expect(made.map((w) => w.terminated)).toEqual([true, true]);
  });
});
