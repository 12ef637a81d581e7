/**
 * The Store type: Drizzle's SQLite query builder over db/schema with its better-sqlite3 client. Both
 * backends are typed by it (a PostgreSQL connection renders the same table objects with Drizzle's
 * pg builder: docs/store.md); its own module so that the backend registry, the drivers and the
 * dialect can name it without importing database.ts, which imports them.
 */
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type * as schema from '../../../db/schema/index.js';

export type Schema = typeof schema;

/** A SQLite connection: Drizzle's query builder over the schema, and the driver below it. */
export type SqliteStore = BetterSQLite3Database<Schema> & { $client: Database.Database };
