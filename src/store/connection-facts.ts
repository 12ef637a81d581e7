/**
 * What the services need to know about a connection, asked of the driver here so that SQLite
 * stays inside src/store: the file behind it, and PRAGMA data_version, a number that changes
 * whenever another connection (another process, e.g. the import CLI, or another connection of
 * this one) has committed since the last call, and never for this connection's own commits
 * (https://sqlite.org/pragma.html#pragma_data_version).
 */
import type { Db } from './database.js';

/** The database file, or null for an in-memory database (which no other connection can open). */
export function databaseFileOf(db: Db): string | null {
  return db.$client.memory ? null : db.$client.name;
}

export function readCommitVersion(db: Db): number {
  return db.$client.pragma('data_version', { simple: true }) as number;
}
