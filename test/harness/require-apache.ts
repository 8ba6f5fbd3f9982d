// Run before the tests that sync through WebDAV: they need Debian's Apache httpd with mod_dav.
// Missing, it is installed when we may (root, or sudo without a password, on Debian/Ubuntu);
// otherwise the run stops with the one command that fixes it, not a stack trace.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { APACHE_INSTALL, ApacheMissing, findApache } from './webdav-server';

function missing(): string | null {
  try {
    findApache();
    return null;
  } catch (err) {
    if (err instanceof ApacheMissing) return err.message;
    throw err;
  }
}

function canInstall(): string[] | null {
  if (!existsSync('/usr/bin/apt-get')) return null;
  if (userInfo().uid === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? ['sudo', '-n', '--preserve-env=DEBIAN_FRONTEND'] : null;
}

const problem = missing();
if (problem) {
  const prefix = canInstall();
  if (!prefix) {
    console.error(`\nThe WebDAV sync tests need Apache httpd with mod_dav. ${problem}\nRun: ${APACHE_INSTALL}\n`);
    process.exit(1);
  }
  console.log('Installing Apache httpd for the WebDAV tests (apt-get install apache2 apache2-utils)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args: string[]) => {
    const [cmd, ...rest] = [...prefix, ...args];
    execFileSync(cmd!, rest, { stdio: 'inherit', env });
  };
  try {
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'apache2', 'apache2-utils']);
  } catch {
    console.error(`\nInstalling Apache failed. Run: ${APACHE_INSTALL}\n`);
    process.exit(1);
  }
  const still = missing();
  if (still) {
    console.error(`\n${still}\n`);
    process.exit(1);
  }
}
