/**
 * API key format and hashing. A key is `ntk_<prefix>_<secret>`: the 12-character prefix is stored
 * in clear to find the row; the 32-byte secret is stored only as scrypt(secret, salt) (RFC 7914,
 * node's crypto.scrypt with N = 2^14, r = 8, p = 1: OWASP's minimum for scrypt) and compared in
 * constant time. Verification uses the asynchronous scrypt, which runs on libuv's thread pool: a
 * synchronous one (about 40 ms) would stop the event loop, and every other request, per attempt.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const SCRYPT_OPTIONS = { N: 2 ** 14, r: 8, p: 1 } as const;
const HASH_BYTES = 32;
const KEY_PATTERN = /^ntk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewKey {
  key: string;
  prefix: string;
  secretHash: string;
  salt: string;
}

/** Key creation is an administrator's CLI command: the synchronous scrypt blocks nobody there. */
export function createKeyMaterial(): NewKey {
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('base64url');
  return { key: `ntk_${prefix}_${secret}`, prefix, secretHash: scryptSync(secret, salt, HASH_BYTES, SCRYPT_OPTIONS).toString('base64url'), salt };
}

export function parseKey(key: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match === null ? null : { prefix: match[1]!, secret: match[2]! };
}

function hashSecret(secret: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, HASH_BYTES, SCRYPT_OPTIONS, (error, derived) => (error === null ? resolve(derived) : reject(error)));
  });
}

/** Whether scrypt(secret, salt) equals the stored hash, computed off the event loop. */
export async function secretMatches(secret: string, salt: string, expectedHash: string): Promise<boolean> {
  const actual = await hashSecret(secret, salt);
  const expected = Buffer.from(expectedHash, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A salt and hash no secret matches (random bytes, not a hash), for a prefix no key has: checking a
 * secret against it costs one scrypt, exactly like a real key's, so response time does not tell
 * which prefixes exist.
 */
export function unmatchableHash(): { salt: string; secretHash: string } {
  return { salt: randomBytes(16).toString('base64url'), secretHash: randomBytes(HASH_BYTES).toString('base64url') };
}
