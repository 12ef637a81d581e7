/**
 * Managing API keys (the admin CLI): create (the key is shown once; optionally expiring), list,
 * revoke. `--expires 2027-06-30` keeps a key valid through that day (UTC): it stops at the next
 * midnight UTC; `--expires-in 90d` (or `12h`) counts from now.
 */
import { ROLES, type Role } from '../../db/schema/enums.js';
import { badUserInput } from '../errors.js';
import { createKeyMaterial } from './api-key-secret.js';
import type { Store } from '../store/database.js';
import { insertKey, listKeys, revokeKey } from '../store/api-keys.js';
import { findSiteByCode } from '../store/sites.js';

const SITE_ROLES: readonly Role[] = ['SITE_MANAGER', 'SITE_ANALYST'];

const DAY_MS = 86_400_000;
const DURATION_UNIT_MS: Readonly<Record<string, number>> = { d: DAY_MS, h: 3_600_000 };

/** When a key given `--expires DATE` or `--expires-in DURATION` stops working (ISO 8601 UTC), or null for neither. */
export function keyExpiry(args: { expires?: string; expiresIn?: string }, now = Date.now()): string | null {
  if (args.expires !== undefined && args.expiresIn !== undefined) throw badUserInput('Give --expires or --expires-in, not both.', 'expires');
  let at: number;
  if (args.expires !== undefined) {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(args.expires) ? Date.parse(`${args.expires}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(date) || new Date(date).toISOString().slice(0, 10) !== args.expires) throw badUserInput(`--expires takes a date YYYY-MM-DD, not "${args.expires}".`, 'expires');
    at = date + DAY_MS;
  } else if (args.expiresIn !== undefined) {
    const match = /^(\d{1,5})([dh])$/.exec(args.expiresIn);
    if (match === null || Number(match[1]) === 0) throw badUserInput(`--expires-in takes a positive number of days or hours, e.g. 90d or 12h, not "${args.expiresIn}".`, 'expiresIn');
    at = now + Number(match[1]) * DURATION_UNIT_MS[match[2]!]!;
  } else {
    return null;
  }
  if (at <= now) throw badUserInput(`--expires ${args.expires} is in the past.`, 'expires');
  return new Date(at).toISOString();
}

export async function createApiKey(db: Store, args: { role: string; siteCode?: string; label?: string; expiresAt?: string | null }): Promise<{ key: string; prefix: string; role: Role; siteCode: string | null; expiresAt: string | null }> {
  if (!(ROLES as readonly string[]).includes(args.role)) throw badUserInput(`Unknown role "${args.role}"; roles: ${ROLES.join(', ')}.`, 'role');
  const role = args.role as Role;
  const needsSite = SITE_ROLES.includes(role);
  if (needsSite && args.siteCode === undefined) throw badUserInput(`${role} keys belong to a site: give --site CODE.`, 'site');
  if (!needsSite && args.siteCode !== undefined) throw badUserInput(`${role} keys are not tied to a site: leave out --site.`, 'site');
  const site = args.siteCode === undefined ? undefined : await findSiteByCode(db, args.siteCode);
  if (args.siteCode !== undefined && site === undefined) throw badUserInput(`Unknown site code "${args.siteCode}".`, 'site');
  const material = createKeyMaterial();
  const expiresAt = args.expiresAt ?? null;
  await insertKey(db, { prefix: material.prefix, secretHash: material.secretHash, salt: material.salt, role, siteId: site?.id ?? null, label: args.label ?? null, expiresAt });
  return { key: material.key, prefix: material.prefix, role, siteCode: site?.code ?? null, expiresAt };
}

export async function listApiKeys(db: Store) {
  return (await listKeys(db)).map(({ secretHash: _hash, salt: _salt, ...key }) => key);
}

export async function revokeApiKey(db: Store, prefix: string): Promise<void> {
  if (!await revokeKey(db, prefix)) throw badUserInput(`No active key has the prefix "${prefix}".`, 'prefix');
}
