/**
 * Opening the SQLite database: the one place that creates better-sqlite3 connections.
 * Pragmas: WAL (readers never block the writer, nor the writer them: a reader sees the last
 * committed state while an import's transaction is open, https://sqlite.org/wal.html),
 * foreign_keys (SQLite leaves them off by default), a busy timeout on every connection, so that a
 * writer finding the write lock taken waits for it rather than failing at once, and NORMAL sync,
 * which WAL makes durable across crashes of the process (only an OS crash can lose the last
 * transactions).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../db/schema/index.js';

export type Schema = typeof schema;
export type Db = BetterSQLite3Database<Schema> & { $client: Database.Database };

/**
 * How long a connection waits for a lock before SQLITE_BUSY. better-sqlite3 is synchronous, so in
 * the server the wait holds the event loop: it stays short, and writes the server makes behind a
 * long import fail after it (DatabaseBusyError) rather than stall every request.
 */
export const BUSY_TIMEOUT_MS = 5_000;

export interface OpenDatabaseOptions {
  /** Called with every SQL statement sent (tests count them). */
  onQuery?: (sql: string) => void;
  readonly?: boolean;
}

/** `file:path.sqlite`, a plain path, or `:memory:`. */
export function databaseFileFromUrl(url: string): string {
  return url.startsWith('file:') ? url.slice('file:'.length) : url;
}

export function openDatabase(url: string, options: OpenDatabaseOptions = {}): Db {
  const file = databaseFileFromUrl(url);
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  const client = new Database(file, { readonly: options.readonly ?? false });
  if (file !== ':memory:' && !options.readonly) client.pragma('journal_mode = WAL');
  client.pragma('foreign_keys = ON');
  client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  client.pragma('synchronous = NORMAL');
  const onQuery = options.onQuery;
  return drizzle({
    client,
    schema,
    logger: onQuery ? { logQuery: (query: string) => onQuery(query) } : false,
  }) as Db;
}
