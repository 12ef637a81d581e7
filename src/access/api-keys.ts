/** Managing API keys (the admin CLI): create (the key is shown once), list, revoke. */
import { ROLES, type Role } from '../../db/schema/enums.js';
import { badUserInput } from '../errors.js';
import { createKeyMaterial } from './api-key-secret.js';
import type { Db } from '../store/database.js';
import { insertKey, listKeys, revokeKey } from '../store/api-keys.js';
import { findSiteByCode } from '../store/sites.js';

const SITE_ROLES: readonly Role[] = ['SITE_MANAGER', 'SITE_ANALYST'];

export function createApiKey(db: Db, args: { role: string; siteCode?: string; label?: string }): { key: string; prefix: string; role: Role; siteCode: string | null } {
  if (!(ROLES as readonly string[]).includes(args.role)) throw badUserInput(`Unknown role "${args.role}"; roles: ${ROLES.join(', ')}.`, 'role');
  const role = args.role as Role;
  const needsSite = SITE_ROLES.includes(role);
  if (needsSite && args.siteCode === undefined) throw badUserInput(`${role} keys belong to a site: give --site CODE.`, 'site');
  if (!needsSite && args.siteCode !== undefined) throw badUserInput(`${role} keys are not tied to a site: leave out --site.`, 'site');
  const site = args.siteCode === undefined ? undefined : findSiteByCode(db, args.siteCode);
  if (args.siteCode !== undefined && site === undefined) throw badUserInput(`Unknown site code "${args.siteCode}".`, 'site');
  const material = createKeyMaterial();
  insertKey(db, { prefix: material.prefix, secretHash: material.secretHash, salt: material.salt, role, siteId: site?.id ?? null, label: args.label ?? null });
  return { key: material.key, prefix: material.prefix, role, siteCode: site?.code ?? null };
}

export function listApiKeys(db: Db) {
  return listKeys(db).map(({ secretHash: _hash, salt: _salt, ...key }) => key);
}

export function revokeApiKey(db: Db, prefix: string): void {
  if (!revokeKey(db, prefix)) throw badUserInput(`No active key has the prefix "${prefix}".`, 'prefix');
}
