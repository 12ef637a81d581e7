/** Applies the drizzle-kit migrations in db/migrations (generated, never edited) to a database. */
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_FOLDER } from '../project-paths.js';
import type { Db } from './database.js';

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
