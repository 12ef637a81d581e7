/** Reading and writing API keys (hashes only). */
import { asc, eq, sql } from 'drizzle-orm';
import { apiKeys, sites } from '../../db/schema/index.js';
import type { Role } from '../../db/schema/enums.js';
import type { Db } from './database.js';

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
}

const keyColumns = {
  id: apiKeys.id, prefix: apiKeys.prefix, secretHash: apiKeys.secretHash, salt: apiKeys.salt, role: apiKeys.role,
  siteId: apiKeys.siteId, siteCode: sites.code, label: apiKeys.label, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt,
};

export function findKeyByPrefix(db: Db, prefix: string): StoredKey | undefined {
  return db.select(keyColumns).from(apiKeys).leftJoin(sites, eq(sites.id, apiKeys.siteId)).where(eq(apiKeys.prefix, prefix)).get();
}

export function listKeys(db: Db): StoredKey[] {
  return db.select(keyColumns).from(apiKeys).leftJoin(sites, eq(sites.id, apiKeys.siteId)).orderBy(asc(apiKeys.id)).all();
}

export function insertKey(db: Db, key: { prefix: string; secretHash: string; salt: string; role: Role; siteId: number | null; label: string | null }): number {
  return db.insert(apiKeys).values(key).returning({ id: apiKeys.id }).get().id;
}

export function revokeKey(db: Db, prefix: string): boolean {
  const result = db.update(apiKeys).set({ revokedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` }).where(sql`${apiKeys.prefix} = ${prefix} AND ${apiKeys.revokedAt} IS NULL`).run();
  return result.changes > 0;
}
