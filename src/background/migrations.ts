/**
 * Schema migrations run once per schema version: the version the library was last brought
 * to is kept in extension storage, so a worker that wakes thirty times an hour does not scan
 * the library each time. Records are also migrated on read, so nothing waits on this.
 */
import browser from '../shared/browser';
import { SCHEMA_VERSION } from '../shared/record';
import { migrateAll } from './store';

const KEY = 'schemaVersion';

export async function runMigrations(): Promise<number> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  if (stored === SCHEMA_VERSION) return 0;
  const migrated = await migrateAll();
  await browser.storage.local.set({ [KEY]: SCHEMA_VERSION });
  return migrated;
}
