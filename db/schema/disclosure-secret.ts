import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The one secret behind cell-key perturbation (src/access/cell-key.ts): generated once, then
 * permanent, so every patient keeps the same record key and a repeated query the same noise.
 * One row (id = 1). DISCLOSURE_SECRET, when set, is used instead.
 */
export const disclosureSecret = sqliteTable(
  'disclosure_secret',
  {
    id: integer('id').primaryKey(),
    secret: text('secret').notNull(),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [check('disclosure_secret_one_row', sql`${t.id} = 1`), check('disclosure_secret_length', sql`length(${t.secret}) >= 32`)],
);
