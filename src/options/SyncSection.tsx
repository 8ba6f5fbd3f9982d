/**
 * Sync through the user's own WebDAV server (Nextcloud, ownCloud, Koofr, a university cloud…).
 * "Save and sync" asks Chrome for that server's origin only, in the click (an optional host
 * permission), then the background checks the server and says exactly what is wrong.
 */
import { useState } from 'preact/hooks';
import browser from '../shared/browser';
import { call, type SyncStatus } from '../shared/messages';
import { errorText } from '../ui/errors';
import { Messages } from '../ui/Messages';
import { syncLine, useSyncStatus } from '../ui/use-sync-status';

/** The origin pattern to ask for, or an error for an address that is not one. */
function originOf(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new Error('The server address is not a web address (it should start with https://).');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('The server address must start with https:// (or http://).');
  return `${u.protocol}//${u.host}/*`;
}

/** What went through Chrome Sync's 100 KB, in words. */
function chromeFitText(f: { total: number; sent: number; withNotes: number }): string {
  if (f.total === 0) return 'Chrome Sync holds statuses, queue order, tags, titles and notes (about 100 KB for all your computers together).';
  if (f.sent >= f.total && f.withNotes >= f.total) return `All ${f.total} papers go through Chrome Sync, notes included.`;
  const notes = f.withNotes >= f.sent ? 'with their notes' : `${f.withNotes} of them with their notes`;
  return `Chrome Sync has room for ${f.sent} of your ${f.total} papers (${notes}): the reading queue first, then the most recently edited. The rest stays on this computer, nothing is deleted; sync through WebDAV to carry everything.`;
}

export function SyncSection() {
  const [status, setStatus] = useSyncStatus();
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [said, setSaid] = useState('');

  const on = status?.webdav ?? null;
  const showForm = !on || editing;
  const line = syncLine(status);

  /** One request to the background with the section busy: its answer is the new status, a refusal the error. */
  const request = async (send: () => Promise<SyncStatus>, then?: (s: SyncStatus) => void) => {
    setError('');
    setSaid('');
    setBusy(true);
    try {
      const s = await send();
      setStatus(s);
      then?.(s);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setError('');
    setSaid('');
    let origin: string;
    try {
      origin = originOf(url);
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    // First thing in the click: the browser shows its prompt only for a user gesture.
    let granted: boolean;
    try {
      granted = await browser.permissions.request({ origins: [origin] });
    } catch (err) {
      setError(`The browser did not ask for access to the server: ${errorText(err)}`);
      return;
    }
    if (!granted) {
      setError(`Margin needs access to ${origin.slice(0, -2)} to sync there. Nothing was saved.`);
      return;
    }
    await request(() => call('syncSetup', { webdav: { url, user, password } }), (s) => {
      setPassword('');
      setEditing(false);
      setSaid(s.lastError ? '' : `Connected. This computer is “${s.device}” to the others.`);
    });
  };

  const syncNow = () => request(() => call('syncNow', {}));

  // The box shows what was asked for while the background does it (a first sync can take a moment).
  const [chromeWanted, setChromeWanted] = useState<boolean | null>(null);
  const setChrome = async (on: boolean) => {
    setChromeWanted(on);
    await request(() => call('syncSetup', { chrome: on }), () => {
      if (!on) setSaid('Chrome Sync is off. This computer’s data was taken out of Chrome Sync; your library stays here.');
    });
    setChromeWanted(null);
  };

  const [passphrase, setPassphrase] = useState('');
  const setSecret = async (e: Event | null, value: string | null) => {
    e?.preventDefault();
    await request(() => call('syncSetup', { passphrase: value }), () => {
      setPassphrase('');
      setSaid(value === null ? 'Encryption is off: this computer’s files are written again unencrypted.' : 'Encrypted: this computer’s files are written again, readable only with the passphrase.');
    });
  };

  const turnOff = async () => {
    setError('');
    try {
      const origin = on ? originOf(on.url) : null;
      setStatus(await call('syncSetup', { webdav: null }));
      if (origin) await browser.permissions.remove({ origins: [origin] }).catch(() => false);
      setSaid('Sync is off. Your library stays on this computer as it is; the files on the server are left there.');
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section aria-labelledby="sync-h">
      <h2 id="sync-h">Sync</h2>
      <p class="m-muted">
        One library on every computer, through a WebDAV server you already use (Nextcloud, ownCloud, Koofr, your university's
        cloud). Each computer writes its own file in a <code>margin</code> folder there; edits made on two computers at once are
        merged, and two versions of a note are both kept for you to choose. Nothing goes anywhere else.
      </p>
      {on && (
        <p class="sync-where">
          Syncing with <strong>{on.url}</strong> as <strong>{on.user || '(no user name)'}</strong>.
        </p>
      )}
      {line && (
        <p class={line.problem ? 'm-alert sync-line' : 'sync-line'} role="status" data-sync-line>
          {line.text}
        </p>
      )}
      {status && Object.keys(status.unreadable).length > 0 && (
        <p class="m-alert" role="alert">
          {Object.entries(status.unreadable)
            .map(([d, why]) => `The file of device ${d} could not be read (${why}); it was left out.`)
            .join(' ')}
        </p>
      )}
      <label class="check">
        <input type="checkbox" checked={chromeWanted ?? !!status?.chrome} disabled={busy || !status} onChange={(e) => void setChrome(e.currentTarget.checked)} />
        Also sync through Chrome Sync (no server needed; your Google account carries it)
      </label>
      {status?.chrome && <p class="m-muted" data-chrome-fit>{chromeFitText(status.chrome)}</p>}
      {(on || status?.chrome) && !on && (
        <div class="actions">
          <button type="button" onClick={() => void syncNow()} disabled={busy}>
            Sync now
          </button>
        </div>
      )}
      {on && !editing && (
        <div class="actions">
          <button type="button" onClick={() => void syncNow()} disabled={busy}>
            Sync now
          </button>
          <button type="button" onClick={() => (setEditing(true), setUrl(on.url), setUser(on.user))}>
            Change server…
          </button>
          <button type="button" onClick={() => void turnOff()}>
            Turn off sync
          </button>
        </div>
      )}
      {showForm && (
        <form class="sync-form" onSubmit={(e) => void save(e)}>
          <label>
            Server address
            <input type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} placeholder="https://cloud.example.org/remote.php/dav/files/you/" autocomplete="url" />
          </label>
          <label>
            User name
            <input type="text" value={user} onInput={(e) => setUser(e.currentTarget.value)} autocomplete="username" />
          </label>
          <label>
            Password
            <input type="password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} autocomplete="current-password" />
          </label>
          <p class="m-muted">
            Use an app password (Nextcloud: Settings → Security → Create new app password), not your main one. It is kept in
            this browser's Margin database only: never in a backup, never shown to a web page.
          </p>
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Checking…' : 'Save and sync'}
            </button>
            {editing && (
              <button type="button" onClick={() => setEditing(false)}>
                Cancel
              </button>
            )}
          </div>
        </form>
      )}
      <h3>End-to-end encryption</h3>
      {status?.encrypted ? (
        <div class="actions">
          <p class="m-muted">On: the server (and Chrome Sync) see only ciphertext. Every computer needs the same passphrase.</p>
          <button type="button" onClick={() => void setSecret(null, null)} disabled={busy}>
            Turn off encryption
          </button>
        </div>
      ) : (
        <form class="sync-form" onSubmit={(e) => void setSecret(e, passphrase)}>
          <label>
            Passphrase
            <input type="password" value={passphrase} minLength={8} required onInput={(e) => setPassphrase(e.currentTarget.value)} autocomplete="new-password" />
          </label>
          <p class="m-muted">
            Optional. With a passphrase, what Margin writes to the server is encrypted on this computer first; use the same passphrase on
            every computer. A computer with another passphrase is told so and its files are left out, never merged. There is no way to
            recover a forgotten passphrase, but nothing is lost: your library stays on each computer.
          </p>
          <div class="actions">
            <button type="submit" disabled={busy}>
              Encrypt with this passphrase
            </button>
          </div>
        </form>
      )}
      <Messages error={error} status={said} />
    </section>
  );
}
