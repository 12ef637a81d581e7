/**
 * What the services need to know about a connection, asked of its backend (./driver.ts) so that
 * the database stays inside src/store: the URL the analysis workers open.
 */
import type { Store } from './database.js';
import { sharedDatabaseUrl } from './driver.js';

/**
 * The URL an analysis worker opens read-only for the same data: the SQLite file, or the
 * PostgreSQL server; null for a database no other thread can open (in memory, PGlite).
 */
export function databaseUrlForWorkers(db: Store): string | null {
  return sharedDatabaseUrl(db);
}
