/**
 * What the services need to know about a connection, asked of the driver (./sqlite/driver.ts)
 * so that SQLite stays inside src/store: the file behind it.
 */
import type { Store } from './database.js';
import { databaseFile } from './sqlite/driver.js';

/** The database file, or null for an in-memory database (which no other connection can open). */
export function databaseFileOf(db: Store): string | null {
  return databaseFile(db);
}
