/**
 * readToolFile in a worker (./worker.ts), one worker per file, ended when it answers. Where
 * no worker can be started, the file is read in the page as before.
 */
import { readToolFile } from './read-tool-file';
import { ToolFileError, type ToolFile } from './types';

export type WorkerAnswer = { ok: true; file: ToolFile } | { ok: false; message: string; userError: boolean };

export function readToolFileInWorker(text: string): Promise<ToolFile> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'Margin: reading a file' });
  } catch {
    return readToolFile(text);
  }
  return new Promise<ToolFile>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerAnswer>) => {
      worker.terminate();
      const answer = event.data;
      if (answer.ok) resolve(answer.file);
      else reject(answer.userError ? new ToolFileError(answer.message) : new Error(answer.message));
    };
    // The worker's script did not load: read in the page instead.
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      readToolFile(text).then(resolve, reject);
    };
    worker.postMessage(text);
  });
}
