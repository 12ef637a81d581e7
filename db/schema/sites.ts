import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A contributing hospital. Rows of every other table belong to a site through their patient. */
export const sites = sqliteTable(
  'sites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [check('sites_code_format', sql`length(${t.code}) BETWEEN 1 AND 32 AND ${t.code} NOT GLOB '*[^A-Za-z0-9_-]*'`)],
);

export type SiteRow = typeof sites.$inferSelect;
