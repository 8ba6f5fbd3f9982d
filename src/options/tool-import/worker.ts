/**
 * The worker that reads another tool's file, so the options page stays responsive while a
 * large library is read (parsing a 50 MB BibTeX file takes seconds): it gets the text and
 * answers what readToolFile gives, or its error's message.
 */
import { readToolFile } from './read-tool-file';
import { ToolFileError } from './types';
import type { WorkerAnswer } from './read-in-worker';

self.onmessage = async (event: MessageEvent<string>) => {
  let answer: WorkerAnswer;
  try {
    answer = { ok: true, file: await readToolFile(event.data) };
  } catch (err) {
    answer = { ok: false, message: err instanceof Error ? err.message : String(err), userError: err instanceof ToolFileError };
  }
  self.postMessage(answer);
};
