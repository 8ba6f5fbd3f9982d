/**
 * The backup file's format: `{format: "margin-backup", version, exportedAt, papers: [...]}`,
 * `papers` being the library's records as stored (each with its own schema version `v`).
 * The options page writes and checks the envelope; the background checks every paper.
 */
export const BACKUP_FORMAT = 'margin-backup';
/** The envelope's version; a file from a newer Margin is refused rather than half read. */
export const BACKUP_VERSION = 1;
