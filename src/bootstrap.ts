/**
 * Opening the database a command serves or reads: migrated to the latest schema, and, for the
 * embedded demo file only, created and seeded with the synthetic cohort on first use.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Db } from './data/database.js';
import { migrateDatabase } from './data/migrate.js';
import { countPatients } from './data/patients.js';
import { ALL_ROWS } from './data/row-scope.js';
import { seedDemoDatabase } from './services/demo-database.js';

export function openServedDatabase(config: Config, logger?: Logger): Db {
  const db = openDatabase(config.databaseUrl);
  migrateDatabase(db);
  if (config.embeddedDemo && countPatients(db, undefined, ALL_ROWS) === 0) {
    const summary = seedDemoDatabase(db);
    logger?.info({ summary }, 'created the embedded demo database with the synthetic NET TARE cohort');
  }
  return db;
}
