/** Applies the drizzle-kit migrations in db/migrations (generated, never edited) to a database. */
import { MIGRATIONS_FOLDER } from '../project-paths.js';
import type { Store } from './database.js';
import { applyMigrations } from './sqlite/driver.js';

export async function migrateDatabase(db: Store): Promise<void> {
  await applyMigrations(db, MIGRATIONS_FOLDER);
}
