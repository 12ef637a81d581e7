/**
 * `npm run db:migrate`: applies the migrations the database named by DATABASE_URL has not had yet
 * (db/migrations for SQLite, db/pg/migrations for PostgreSQL) and exits, for a deployment that
 * migrates with the owner's role before starting servers that may not create tables. Every other
 * entry point migrates on start as well (src/bootstrap.ts); applying twice changes nothing.
 */
import { loadConfig } from '../config.js';
import { closeStore, openDatabase } from '../store/database.js';
import { migrateDatabase } from '../store/migrate.js';

const config = loadConfig();
const db = openDatabase(config.databaseUrl);
try {
  await migrateDatabase(db);
  console.log(`Migrated ${config.databaseUrl}.`);
} finally {
  await closeStore(db);
}
