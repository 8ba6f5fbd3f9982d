// `npm start` and `npm test` on a fresh clone: install the locked packages first if they are
// not there yet (plain JavaScript: it runs before anything is installed).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.log('Installing the locked npm packages (npm ci) first…');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
