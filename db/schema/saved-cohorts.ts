import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { apiKeys } from './api-keys.js';
import { sites } from './sites.js';
import { validJson } from './sql-checks.js';

/**
 * A named cohort definition. The filter is stored, never the member list: it is re-evaluated on
 * every use. Its owner is the key that saved it (null: saved without keys, e.g. the demo's study
 * subgroups) and its site scopes who sees it: a site's cohorts are seen by that site's roles and
 * administrators, a cohort without a site (saved by an administrator) is shared with everyone.
 */
export const savedCohorts = sqliteTable(
  'saved_cohorts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    description: text('description'),
    filterJson: text('filter_json').notNull(),
    ownerKeyId: integer('owner_key_id').references(() => apiKeys.id, { onDelete: 'restrict' }),
    siteId: integer('site_id').references(() => sites.id, { onDelete: 'restrict' }),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [index('saved_cohorts_site').on(t.siteId), check('saved_cohorts_filter_json', validJson(t.filterJson)), check('saved_cohorts_name', sql`length(trim(${t.name})) > 0`)],
);

export type SavedCohortRow = typeof savedCohorts.$inferSelect;
