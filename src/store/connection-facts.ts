/**
 * What the services need to know about a connection, asked of the driver (./sqlite/driver.ts)
 * so that it stays inside src/store: the file behind it, and a commit version that moves
 * whenever another connection (another process, e.g. the import CLI, or another connection of
 * this one) has committed since the last call, and never for this connection's own commits
 * (SQLite's PRAGMA data_version).
 */
import type { Store } from './database.js';
import { databaseFile, readDataVersion } from './sqlite/driver.js';

/** The database file, or null for an in-memory database (which no other connection can open). */
export function databaseFileOf(db: Store): string | null {
  return databaseFile(db);
}

export function readCommitVersion(db: Store): number {
  return readDataVersion(db);
}
