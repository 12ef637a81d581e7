import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A named cohort definition. The filter is stored, never the member list: it is re-evaluated on every use. */
export const savedCohorts = sqliteTable(
  'saved_cohorts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    description: text('description'),
    filterJson: text('filter_json').notNull(),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [check('saved_cohorts_filter_json', sql`json_valid(${t.filterJson})`), check('saved_cohorts_name', sql`length(trim(${t.name})) > 0`)],
);

export type SavedCohortRow = typeof savedCohorts.$inferSelect;
