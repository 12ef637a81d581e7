/**
 * What the services need to know about a connection, asked of the driver here so that SQLite
 * stays inside src/store: the file behind it.
 */
import type { Db } from './database.js';

/** The database file, or null for an in-memory database (which no other connection can open). */
export function databaseFileOf(db: Db): string | null {
  return db.$client.memory ? null : db.$client.name;
}
