// Run before the Firefox end-to-end tests: a missing Firefox is a set-up step, not a stack
// trace. Where it can (Debian, as root or with passwordless sudo) it installs Debian's
// firefox-esr, as .ci/run does; otherwise it stops and prints the command.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { FirefoxMissing, findFirefox } from './firefox';

const INSTALL = 'sudo apt-get update && sudo apt-get install -y firefox-esr';

function found(): boolean {
  try {
    findFirefox();
    return true;
  } catch (err) {
    if (err instanceof FirefoxMissing) return false;
    throw err;
  }
}

function install(): boolean {
  if (process.env.FIREFOX_PATH || !existsSync('/etc/debian_version') || !existsSync('/usr/bin/apt-get')) return false;
  const root = process.getuid?.() === 0;
  if (!root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status !== 0) return false;
  const run = (args: string[]) =>
    spawnSync(root ? args[0]! : 'sudo', root ? args.slice(1) : args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  console.log("The Firefox end-to-end tests need Firefox: installing Debian's firefox-esr…");
  return run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', 'firefox-esr']);
}

if (!found() && !(install() && found())) {
  let why = '';
  try {
    findFirefox();
  } catch (err) {
    why = (err as Error).message;
  }
  console.error(`\nThe Firefox end-to-end tests need Firefox ESR. ${why}\nOn Debian: ${INSTALL}\n`);
  process.exit(1);
}
