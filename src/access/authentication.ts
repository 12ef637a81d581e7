/**
 * Who a request is: in AUTH_MODE=open, the open principal; in `keys` mode, the principal of a
 * valid, unrevoked, unexpired `Authorization: Bearer <key>`, else UNAUTHENTICATED.
 *
 * Hardening (docs/disclosure-control.md, "API keys"):
 * - scrypt runs asynchronously, on libuv's thread pool, never on the event loop;
 * - every well-formed key costs one scrypt whether or not its prefix exists (an unknown prefix is
 *   checked against an unmatchable hash), and an unknown prefix, a wrong secret and a revoked key
 *   get the same answer, so neither timing nor message tells which prefixes exist; only the
 *   holder of the right secret learns that the key was revoked or expired;
 * - failed checks are counted per key prefix and per client address; after AUTH_FAILURE_LIMIT
 *   failures within AUTH_FAILURE_WINDOW_S the prefix or address is locked for AUTH_LOCKOUT_S:
 *   its unverified keys are answered RATE_LIMITED before any scrypt runs, and a warning is logged.
 *   A key verified within the last minute is remembered by a SHA-256 of the whole key (never the
 *   key), and such a key skips both scrypt and the lockout: it has proven its secret, so an attacker
 *   cannot lock out a client who is already working. Revocation and expiry are still seen on the
 *   next request, because the key's row is read every time.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../errors.js';
import { OPEN_PRINCIPAL, type Principal } from './principal.js';
import { parseKey, secretMatches, unmatchableHash } from './api-key-secret.js';
import { FailureLimiter, type FailureLimits } from './failure-limiter.js';
import type { AuditLogger } from './audit-queue.js';
import type { Store } from '../store/database.js';
import { findKeyByPrefix, type StoredKey } from '../store/api-keys.js';

const VERIFIED_TTL_MS = 60_000;
const MAX_REMEMBERED_KEYS = 10_000;
const UNKNOWN_OR_REVOKED = 'This key is unknown or revoked.';

export interface AuthenticationOptions {
  authMode: 'open' | 'keys';
  failureLimits: FailureLimits;
  logger?: AuditLogger;
  now?: () => number;
}

export interface Authenticator {
  /** The principal of a request with this Authorization header, from this client address. */
  authenticate(authorization: string | undefined, address: string | undefined): Promise<Principal>;
}

function unauthenticated(message: string): ApiError {
  return new ApiError('UNAUTHENTICATED', message);
}

function principalOf(stored: StoredKey): Principal {
  return { role: stored.role, keyId: stored.id, siteId: stored.siteId, siteCode: stored.siteCode };
}

export function createAuthenticator(db: Store, options: AuthenticationOptions): Authenticator {
  const now = options.now ?? Date.now;
  const limiter = new FailureLimiter(options.failureLimits, now);
  const verified = new Map<string, number>();
  const unmatchable = unmatchableHash();

  const refuseIfExpired = (stored: StoredKey) => {
    if (stored.expiresAt !== null && Date.parse(stored.expiresAt) <= now()) {
      throw unauthenticated(`This key expired on ${stored.expiresAt}: ask an administrator for a new one.`);
    }
  };

  const refuseIfLocked = (subjects: readonly string[]) => {
    const until = Math.max(...subjects.map((subject) => limiter.lockedUntil(subject) ?? 0));
    if (until === 0) return;
    const retryAfterSeconds = Math.ceil((until - now()) / 1000);
    throw new ApiError('RATE_LIMITED', `Too many failed key checks from this client or for this key: try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  };

  const recordFailure = (subjects: readonly string[]) => {
    for (const subject of subjects) {
      if (limiter.recordFailure(subject)) options.logger?.warn({ subject, ...options.failureLimits }, 'API key checks locked out after repeated failures');
    }
  };

  return {
    async authenticate(authorization, address) {
      if (options.authMode === 'open') return OPEN_PRINCIPAL;
      if (authorization === undefined || authorization === '') throw unauthenticated('This API needs a key: send `Authorization: Bearer <key>` (ask an administrator for one).');
      const addressSubject = `address ${address ?? 'unknown'}`;
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const parsed = match === null ? null : parseKey(match[1]!);
      if (parsed === null) {
        refuseIfLocked([addressSubject]);
        recordFailure([addressSubject]);
        throw unauthenticated('The Authorization header is not `Bearer <key>` with a key of this API.');
      }
      const subjects = [addressSubject, `prefix ${parsed.prefix}`];
      const fingerprint = createHash('sha256').update(match![1]!).digest('base64url');
      const verifiedAt = verified.get(fingerprint);
      if (verifiedAt !== undefined && now() - verifiedAt <= VERIFIED_TTL_MS) {
        const stored = await findKeyByPrefix(db, parsed.prefix);
        if (stored === undefined || stored.revokedAt !== null) throw unauthenticated(UNKNOWN_OR_REVOKED);
        refuseIfExpired(stored);
        return principalOf(stored);
      }
      refuseIfLocked(subjects);
      const stored = await findKeyByPrefix(db, parsed.prefix);
      const against = stored ?? unmatchable;
      const matches = await secretMatches(parsed.secret, against.salt, against.secretHash);
      if (stored === undefined || !matches) {
        recordFailure(subjects);
        throw unauthenticated(UNKNOWN_OR_REVOKED);
      }
      if (stored.revokedAt !== null) throw unauthenticated(UNKNOWN_OR_REVOKED);
      refuseIfExpired(stored);
      if (verified.size >= MAX_REMEMBERED_KEYS) verified.clear();
      verified.set(fingerprint, now());
      return principalOf(stored);
    },
  };
}
