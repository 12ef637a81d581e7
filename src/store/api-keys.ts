/** Reading and writing API keys (hashes only). */
import { asc, eq, sql } from 'drizzle-orm';
import { apiKeys, sites } from '../../db/schema/index.js';
import type { Role } from '../../db/schema/enums.js';
import type { Store } from './database.js';
import { queryChanges, queryFirst, queryRows } from './driver.js';
import { nowIsoTimestamp } from './dialect.js';

export interface StoredKey {
  id: number;
  prefix: string;
  secretHash: string;
  salt: string;
  role: Role;
  siteId: number | null;
  siteCode: string | null;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
  expiresAt: string | null;
}

const keyColumns = {
  id: apiKeys.id, prefix: apiKeys.prefix, secretHash: apiKeys.secretHash, salt: apiKeys.salt, role: apiKeys.role,
  siteId: apiKeys.siteId, siteCode: sites.code, label: apiKeys.label, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt, expiresAt: apiKeys.expiresAt,
};

export async function findKeyByPrefix(db: Store, prefix: string): Promise<StoredKey | undefined> {
  return queryFirst(db, db.select(keyColumns).from(apiKeys).leftJoin(sites, eq(sites.id, apiKeys.siteId)).where(eq(apiKeys.prefix, prefix)));
}

export async function listKeys(db: Store): Promise<StoredKey[]> {
  return queryRows(db, db.select(keyColumns).from(apiKeys).leftJoin(sites, eq(sites.id, apiKeys.siteId)).orderBy(asc(apiKeys.id)));
}

export async function insertKey(db: Store, key: { prefix: string; secretHash: string; salt: string; role: Role; siteId: number | null; label: string | null; expiresAt: string | null }): Promise<number> {
  return (await queryFirst(db, db.insert(apiKeys).values(key).returning({ id: apiKeys.id })))!.id;
}

export async function revokeKey(db: Store, prefix: string): Promise<boolean> {
  const changed = await queryChanges(db, db.update(apiKeys).set({ revokedAt: nowIsoTimestamp() }).where(sql`${apiKeys.prefix} = ${prefix} AND ${apiKeys.revokedAt} IS NULL`));
  return changed > 0;
}
