/**
 * Everything the store asks of the SQLite driver (better-sqlite3 under Drizzle), in one place:
 * opening a connection with its pragmas, the hand-written statements of the hot paths (staging,
 * merging, exports, grade updates), transactions, and the connection's facts (its file, its
 * data_version). The other store files call these functions and never `$client`.
 *
 * Pragmas on every connection: WAL (readers never block the writer), foreign_keys (SQLite leaves
 * them off by default), a busy timeout for concurrent writers, and NORMAL sync, which WAL makes
 * durable across crashes of the process (only an OS crash can lose the last transactions).
 *
 * Statement text uses `?` (positional) or `:name` (named: pass one object) placeholders.
 * better-sqlite3 is synchronous; a PostgreSQL driver offers the same functions asynchronously,
 * translating placeholders to `$n`, with a pool client per transaction (docs/store.md).
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../../../db/schema/index.js';

export type Schema = typeof schema;

/** A SQLite connection: Drizzle's query builder over the schema, and the driver below it. */
export type SqliteStore = BetterSQLite3Database<Schema> & { $client: Database.Database };

export interface SqliteOptions {
  /** Called with every SQL statement sent through Drizzle (tests count them). */
  onQuery?: (sql: string) => void;
  readonly?: boolean;
}

/**
 * How long a connection waits for a lock before SQLITE_BUSY. better-sqlite3 is synchronous, so in
 * the server the wait holds the event loop: it stays short, and writes the server makes behind a
 * long import fail after it (DatabaseBusyError, ../writes.ts) rather than stall every request.
 */
export const BUSY_TIMEOUT_MS = 5_000;

/** Opens `file` (a path, or `:memory:`), which must be in a folder that exists unless read-only. */
export function openSqlite(file: string, options: SqliteOptions = {}): SqliteStore {
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
  }) as SqliteStore;
}

export function closeSqlite(db: SqliteStore): void {
  db.$client.close();
}

/** Applies the drizzle-kit migrations of `folder` that the database has not had yet. */
export function applyMigrations(db: SqliteStore, folder: string): void {
  migrate(db, { migrationsFolder: folder });
}

/** The database file, or null for an in-memory database (which no other connection can open). */
export function databaseFile(db: SqliteStore): string | null {
  return db.$client.memory ? null : db.$client.name;
}

/** Sets this connection's page cache to `megabytes` until it is closed. */
export function setPageCache(db: SqliteStore, megabytes: number): void {
  db.$client.pragma(`cache_size = -${megabytes * 1024}`);
}

/** The values bound to a statement's placeholders: in order, or one object for `:name` placeholders. */
export type StatementParameters = readonly unknown[] | Readonly<Record<string, unknown>>;

function bind<Result>(parameters: StatementParameters, call: (...values: unknown[]) => Result): Result {
  return Array.isArray(parameters) ? call(...(parameters as unknown[])) : call(parameters);
}

/** Runs statements without parameters, several separated by `;` (DDL of the staging area). */
export function executeScript(db: SqliteStore, text: string): void {
  db.$client.exec(text);
}

/** Runs a writing statement; returns the number of rows it changed. */
export function runStatement(db: SqliteStore, text: string, parameters: StatementParameters = []): number {
  const statement = db.$client.prepare(text);
  return bind(parameters, (...values) => statement.run(...values)).changes;
}

/** Every row of a query, as an object per row keyed by column name. */
export function allRows<Row>(db: SqliteStore, text: string, parameters: StatementParameters = []): Row[] {
  const statement = db.$client.prepare(text);
  return bind(parameters, (...values) => statement.all(...values)) as Row[];
}

/** The first row of a query, or undefined. */
export function firstRow<Row>(db: SqliteStore, text: string, parameters: StatementParameters = []): Row | undefined {
  const statement = db.$client.prepare(text);
  return bind(parameters, (...values) => statement.get(...values)) as Row | undefined;
}

/** Every row of a query as an array of its values in column order (about half the cost of objects for wide reads). */
export function allRowArrays<Row extends unknown[]>(db: SqliteStore, text: string, parameters: StatementParameters = []): Row[] {
  const statement = db.$client.prepare(text).raw(true);
  return bind(parameters, (...values) => statement.all(...values)) as Row[];
}

/** The first column of every row of a query. */
export function firstColumn<Value>(db: SqliteStore, text: string, parameters: StatementParameters = []): Value[] {
  const statement = db.$client.prepare(text).pluck();
  return bind(parameters, (...values) => statement.all(...values)) as Value[];
}

/** A statement prepared once and run many times with positional values (bulk inserts and updates). */
export interface PreparedStatement {
  run(...values: unknown[]): unknown;
}

/** The driver's own statement, unwrapped: the bulk paths run it millions of times. */
export function prepareStatement(db: SqliteStore, text: string): PreparedStatement {
  return db.$client.prepare(text);
}

/**
 * Runs `work` in one transaction (BEGIN; a savepoint when one is open already); a throw rolls it
 * back. Use inWriteTransaction for a write that must not meet another writer midway.
 */
export function inTransaction<Result>(db: SqliteStore, work: () => Result): Result {
  return db.$client.transaction(work)();
}

/** Runs `work` in one transaction holding the write lock from its start (BEGIN IMMEDIATE); a throw rolls it all back. */
export function inWriteTransaction<Result>(db: SqliteStore, work: () => Result): Result {
  return db.$client.transaction(work).immediate();
}

/** Runs `work` in one read transaction (a consistent snapshot); it may write temporary tables only. */
export function inReadTransaction<Result>(db: SqliteStore, work: () => Result): Result {
  return db.$client.transaction(work).deferred();
}

/** Whether the connection answers a trivial query (health checks). */
export function isReachable(db: SqliteStore): boolean {
  return db.$client.prepare('SELECT 1 AS ok').get() !== undefined;
}
