/**
 * Margin's JSON backup file: writing one, and checking one before anything is sent to the
 * background. The page checks the envelope (size, text, JSON, format, version); the
 * background checks every paper. Each refusal says what is wrong in words the user can act
 * on, because "import failed" leaves them guessing whether their library was touched.
 */
import { BACKUP_FORMAT, BACKUP_VERSION } from '../shared/backup-format';
import { LIMITS, type PaperRecord } from '../shared/record';

// From the background's backup module, which imports no storage code: the e2e options test
// checks that no script the page loads contains idb-keyval.
export { BACKUP_FORMAT, BACKUP_VERSION };

export const MAX_BACKUP_BYTES = 50 * 1024 * 1024;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  papers: PaperRecord[];
}

export type BackupCheck = { ok: true; papers: unknown[] } | { ok: false; error: string };

export function makeBackup(papers: PaperRecord[], now: Date): string {
  const backup: Backup = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now.toISOString(), papers };
  return `${JSON.stringify(backup, null, 1)}\n`;
}

const refuse = (error: string): BackupCheck => ({ ok: false, error });

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Checked before reading the file, so a huge file is never loaded into memory. */
export function checkSize(bytes: number): string | null {
  if (bytes === 0) return 'The file is empty.';
  if (bytes > MAX_BACKUP_BYTES) {
    return `The file is too large (${megabytes(bytes)}); a Margin backup can be at most ${megabytes(MAX_BACKUP_BYTES)}.`;
  }
  return null;
}

export function checkBackupBytes(bytes: Uint8Array): BackupCheck {
  const sizeProblem = checkSize(bytes.length);
  if (sizeProblem) return refuse(sizeProblem);
  // JSON text never holds a NUL byte; images, archives and databases almost always do.
  if (bytes.includes(0)) {
    return refuse('This is a binary file, not a Margin backup. Choose the .json file that Margin exported.');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return refuse('This file is not UTF-8 text (it may be binary or in another encoding), so it is not a Margin backup.');
  }
  return checkBackupText(text);
}

export function checkBackupText(text: string): BackupCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    if (looksTruncated(text)) {
      return refuse('The file ends too early: it looks cut off (truncated), perhaps by an unfinished download or copy. Export the backup again.');
    }
    const detail = String((err as Error).message ?? err).slice(0, 160);
    return refuse(`This file is not valid JSON (${detail}), so it is not a Margin backup.`);
  }
  if (Array.isArray(data)) {
    return refuse(`This file holds a JSON list, not a Margin backup (which is an object with "format": "${BACKUP_FORMAT}").`);
  }
  if (typeof data !== 'object' || data === null) {
    return refuse(`This file holds a single JSON value, not a Margin backup (which is an object with "format": "${BACKUP_FORMAT}").`);
  }
  const o = data as Record<string, unknown>;
  if (o.format !== BACKUP_FORMAT) {
    const found = typeof o.format === 'string' ? `its "format" is "${o.format.slice(0, 60)}"` : 'it has no "format" field';
    return refuse(`This is not a Margin backup: ${found}, not "${BACKUP_FORMAT}".`);
  }
  if (typeof o.version !== 'number' || !Number.isFinite(o.version)) {
    return refuse('This backup has no version number, so Margin cannot tell how to read it.');
  }
  if (o.version > BACKUP_VERSION) {
    return refuse(`This backup was made by a newer Margin (backup version ${o.version}); update Margin first, then import it.`);
  }
  if (!Number.isInteger(o.version) || o.version < 1) {
    return refuse(`This backup has an unknown version (${o.version}).`);
  }
  if (!Array.isArray(o.papers)) {
    return refuse('This backup has no list of papers ("papers" must be a list).');
  }
  if (o.papers.length > LIMITS.papersPerImport) {
    return refuse(`This backup holds ${o.papers.length} papers; Margin imports at most ${LIMITS.papersPerImport} at once.`);
  }
  return { ok: true, papers: o.papers };
}

/**
 * True when the text ends inside a string or with brackets still open: the mark of a file
 * cut short, which deserves a different fix ("export again") than a malformed one.
 */
export function looksTruncated(text: string): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return inString || depth > 0;
}
