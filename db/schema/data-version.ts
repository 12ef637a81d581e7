import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/**
 * One row: the version of the patient data. Triggers (migration data_version_triggers) add 1 on
 * every insert, update and delete of a patient-data table, whichever connection or process writes,
 * so cached analysis results can be invalidated without any write path remembering to do it
 * (src/store/data-version.ts).
 */
export const dataVersion = sqliteTable(
  'data_version',
  {
    id: integer('id').primaryKey(),
    version: integer('version').notNull().default(0),
  },
  (t) => [check('data_version_one_row', sql`${t.id} = 1`)],
);
