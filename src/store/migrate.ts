/** Applies the drizzle-kit migrations in db/migrations (generated, never edited) to a database. */
import { fileURLToPath } from 'node:url';
import type { Store } from './database.js';
import { applyMigrations } from './sqlite/driver.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../db/migrations', import.meta.url));

export function migrateDatabase(db: Store): void {
  applyMigrations(db, MIGRATIONS_FOLDER);
}
