/**
 * Opening the database a command serves or reads: migrated to the latest schema, and, for the
 * embedded demo file only, created and seeded with the synthetic cohort on first use.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Store } from './store/database.js';
import { migrateDatabase } from './store/migrate.js';
import { countPatients } from './store/patients.js';
import { ALL_ROWS } from './store/row-scope.js';
import { seedDemoDatabase } from './records/demo-database.js';

export async function openServedDatabase(config: Config, logger?: Logger): Promise<Store> {
  const db = openDatabase(config.databaseUrl);
  await migrateDatabase(db);
  if (config.embeddedDemo && await countPatients(db, undefined, ALL_ROWS) === 0) {
    const summary = await seedDemoDatabase(db);
    logger?.info({ summary }, 'created the embedded demo database with the synthetic NET TARE cohort');
  }
  return db;
}
