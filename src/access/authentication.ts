/**
 * Who a request is: in AUTH_MODE=open, the open principal; in `keys` mode, the principal of a
 * valid, unrevoked `Authorization: Bearer <key>`, else UNAUTHENTICATED. Verified keys are
 * remembered briefly by a SHA-256 of the key (never the key) so scrypt runs once per key and
 * minute, not per request; revocation is still seen on the next request, because the row (and
 * its revoked_at) is read every time.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../errors.js';
import { OPEN_PRINCIPAL, type Principal } from './principal.js';
import { parseKey, secretMatches } from './api-key-secret.js';
import type { Db } from '../store/database.js';
import { findKeyByPrefix } from '../store/api-keys.js';

const VERIFIED_TTL_MS = 60_000;
const MAX_REMEMBERED_KEYS = 10_000;
const verified = new Map<string, number>();

function unauthenticated(message: string): ApiError {
  return new ApiError('UNAUTHENTICATED', message);
}

export function authenticate(db: Db, authMode: 'open' | 'keys', authorization: string | undefined): Principal {
  if (authMode === 'open') return OPEN_PRINCIPAL;
  if (authorization === undefined || authorization === '') throw unauthenticated('This API needs a key: send `Authorization: Bearer <key>` (ask an administrator for one).');
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  const parsed = match === null ? null : parseKey(match[1]!);
  if (parsed === null) throw unauthenticated('The Authorization header is not `Bearer <key>` with a key of this API.');
  const stored = findKeyByPrefix(db, parsed.prefix);
  if (stored === undefined || stored.revokedAt !== null) throw unauthenticated('This key is unknown or revoked.');
  const fingerprint = createHash('sha256').update(match![1]!).digest('base64url');
  const verifiedAt = verified.get(fingerprint);
  if (verifiedAt === undefined || Date.now() - verifiedAt > VERIFIED_TTL_MS) {
    if (!secretMatches(parsed.secret, stored.salt, stored.secretHash)) throw unauthenticated('This key is unknown or revoked.');
    if (verified.size >= MAX_REMEMBERED_KEYS) verified.clear();
    verified.set(fingerprint, Date.now());
  }
  return { role: stored.role, keyId: stored.id, siteId: stored.siteId, siteCode: stored.siteCode };
}
