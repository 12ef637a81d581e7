/**
 * The version of the data analyses read, for invalidating cached results: the one-row
 * `data_version` table, which triggers on every patient-data table move on each insert, update
 * and delete (db/schema/data-version.ts, migration 0006), in the writing transaction, whichever
 * connection or process writes (this server, the import CLI, a sqlite3 shell). No write path has
 * to remember it. Writes that change no patient data (the audit log, API keys, saved cohort
 * definitions, which are never edited once saved) leave it alone, so they keep the cache warm.
 * Reading it is one primary-key lookup.
 */
import { eq } from 'drizzle-orm';
import { dataVersion } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryFirst } from './driver.js';

export async function currentDataVersion(db: Store): Promise<string> {
  const row = await queryFirst(db, db.select({ version: dataVersion.version }).from(dataVersion).where(eq(dataVersion.id, 1)));
  if (row === undefined) throw new Error('the data_version row is missing: the database was not migrated (src/store/migrate.ts)');
  return String(row.version);
}
