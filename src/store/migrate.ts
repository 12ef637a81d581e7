/**
 * Applies the drizzle-kit migrations of the database's dialect (generated, never edited):
 * db/migrations for SQLite, db/pg/migrations for PostgreSQL.
 */
import type { Store } from './database.js';
import { applyMigrations } from './driver.js';

export async function migrateDatabase(db: Store): Promise<void> {
  await applyMigrations(db);
}
