import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ROLES } from './enums.js';
import { oneOf } from './sql-checks.js';
import { sites } from './sites.js';

/**
 * API keys. Only a salted scrypt hash of the secret is stored; the public prefix finds the row.
 * Site roles carry their site; ADMIN, CONSORTIUM_ANALYST and FEDERATION_PEER have none. A key may expire.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    salt: text('salt').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    siteId: integer('site_id').references(() => sites.id, { onDelete: 'restrict' }),
    label: text('label'),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    revokedAt: text('revoked_at'),
    /** When the key stops working (ISO 8601 UTC); null: it does not expire. */
    expiresAt: text('expires_at'),
  },
  (t) => [
    uniqueIndex('api_keys_prefix').on(t.prefix),
    index('api_keys_site').on(t.siteId),
    check('api_keys_role', oneOf(t.role, ROLES)),
    check('api_keys_site_role', sql`(${t.role} IN ('SITE_MANAGER', 'SITE_ANALYST')) = (${t.siteId} IS NOT NULL)`),
  ],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
