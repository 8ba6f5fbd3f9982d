/**
 * Where test pages come from: the project's own small pages in test/fixtures, and the saved
 * real pages in ../shared/fixtures (present in this workplace, absent in an outside clone:
 * tests that need them skip, saying so).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './chromium';

export const OWN_FIXTURES = join(ROOT, 'test/fixtures');
export const SHARED_FIXTURES = process.env.MARGIN_SHARED_FIXTURES ?? join(ROOT, '../shared/fixtures');

export const hasShared = existsSync(join(SHARED_FIXTURES, 'README.md'));
export const SHARED_MISSING =
  `the saved real pages are not here (looked in ${SHARED_FIXTURES}; set MARGIN_SHARED_FIXTURES)`;

export function ownFixture(name: string): string {
  return readFileSync(join(OWN_FIXTURES, name), 'utf8');
}

export function sharedFixture(rel: string): string {
  return readFileSync(join(SHARED_FIXTURES, rel), 'utf8');
}
