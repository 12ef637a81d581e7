/**
 * API key format and hashing. A key is `ntk_<prefix>_<secret>`: the 12-character prefix is stored
 * in clear to find the row; the 32-byte secret is stored only as scrypt(secret, salt) (RFC 7914,
 * node's crypto.scrypt with N = 2^14, r = 8, p = 1: OWASP's minimum for scrypt) and compared in
 * constant time.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const SCRYPT_OPTIONS = { N: 2 ** 14, r: 8, p: 1 } as const;
const HASH_BYTES = 32;
const KEY_PATTERN = /^ntk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewKey {
  key: string;
  prefix: string;
  secretHash: string;
  salt: string;
}

export function createKeyMaterial(): NewKey {
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('base64url');
  return { key: `ntk_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret, salt), salt };
}

export function hashSecret(secret: string, salt: string): string {
  return scryptSync(secret, salt, HASH_BYTES, SCRYPT_OPTIONS).toString('base64url');
}

export function parseKey(key: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match === null ? null : { prefix: match[1]!, secret: match[2]! };
}

export function secretMatches(secret: string, salt: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret, salt), 'base64url');
  const expected = Buffer.from(expectedHash, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
