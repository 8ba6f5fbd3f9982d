/**
 * Optional end-to-end encryption of sync files with a passphrase (WebCrypto): the server, or
 * Google for Chrome Sync, sees only ciphertext. AES-GCM with a key from PBKDF2-SHA-256; each
 * device has its own salt, written in its files' header, so reading another device's file
 * derives that device's key from the same passphrase. A file that does not decrypt (another
 * passphrase, or none) is refused and named, never merged.
 *
 * File: "MRGNENC1" (8 bytes) · salt (16) · iv (12) · AES-GCM(gzip(JSON)).
 */
import { ENCRYPTED_MAGIC as MAGIC, isEncrypted, SnapshotError } from './codec';
import type { Transport } from './engine';

const SALT = 16;
const IV = 12;
const HEADER = MAGIC.length + SALT + IV;
/** OWASP's figure for PBKDF2-SHA-256 (2023): slow to guess, derived once per salt per worker. */
const ITERATIONS = 600_000;


const keys = new Map<string, Promise<CryptoKey>>();
function keyFor(passphrase: string, salt: Uint8Array): Promise<CryptoKey> {
  const id = `${passphrase}\u0000${[...salt].join(',')}`;
  let key = keys.get(id);
  if (!key) {
    key = crypto.subtle
      .importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey'])
      .then((base) => crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: ITERATIONS }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
    keys.set(id, key);
  }
  return key;
}

export async function encrypt(plain: Uint8Array, passphrase: string, salt: Uint8Array): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyFor(passphrase, salt), plain as BufferSource));
  const out = new Uint8Array(HEADER + sealed.length);
  out.set(MAGIC, 0);
  out.set(salt, MAGIC.length);
  out.set(iv, MAGIC.length + SALT);
  out.set(sealed, HEADER);
  return out;
}

export async function decrypt(bytes: Uint8Array, passphrase: string): Promise<Uint8Array> {
  if (!isEncrypted(bytes)) throw new SnapshotError('it is not encrypted: turn on encryption with the same passphrase on that computer');
  const salt = bytes.slice(MAGIC.length, MAGIC.length + SALT);
  const iv = bytes.slice(MAGIC.length + SALT, HEADER);
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, await keyFor(passphrase, salt), bytes.subarray(HEADER) as BufferSource));
  } catch {
    throw new SnapshotError('it is encrypted with a different passphrase: use the same passphrase on every computer');
  }
}

/** The transport with every file encrypted on the way out and decrypted on the way in. */
export function encrypting<T extends Transport>(inner: T, passphrase: string, salt: Uint8Array): T {
  return {
    ...inner,
    async read(file) {
      const got = await inner.read(file);
      return got && { bytes: await decrypt(got.bytes, passphrase), tag: got.tag };
    },
    async write(file, bytes, previous) {
      return inner.write(file, await encrypt(bytes, passphrase, salt), previous);
    },
  };
}
