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
 *
 * The functions are asynchronous, as every PostgreSQL driver is, although better-sqlite3 runs
 * each statement synchronously. The connection is shared by every request of the server, so a
 * transaction whose work awaits must not take in the statements of other requests: while one is
 * open, statements from outside it (any other async context, told apart with AsyncLocalStorage)
 * wait until it ends, as they would wait on a pool client held by a PostgreSQL transaction.
 * Statements inside run at once; a transaction opened inside one is a savepoint.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
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

export async function closeSqlite(db: SqliteStore): Promise<void> {
  await whenFree(db);
  db.$client.close();
}

/** Applies the drizzle-kit migrations of `folder` that the database has not had yet. */
export async function applyMigrations(db: SqliteStore, folder: string): Promise<void> {
  await whenFree(db);
  migrate(db, { migrationsFolder: folder });
}

/** The database file, or null for an in-memory database (which no other connection can open). */
export function databaseFile(db: SqliteStore): string | null {
  return db.$client.memory ? null : db.$client.name;
}

/** Sets this connection's page cache to `megabytes` until it is closed. */
export async function setPageCache(db: SqliteStore, megabytes: number): Promise<void> {
  await whenFree(db);
  db.$client.pragma(`cache_size = -${megabytes * 1024}`);
}

// ---------------------------------------------------------------------------------------------
// Transactions, and the gate that keeps other requests' statements out of them.

interface Gate {
  /** Settles when the open transaction ends; null when none is open. */
  open: Promise<void> | null;
  savepoints: number;
}

const gates = new WeakMap<SqliteStore, Gate>();
/** The connection whose transaction the current async context runs in. */
const transactionOf = new AsyncLocalStorage<SqliteStore>();

function gateOf(db: SqliteStore): Gate {
  let gate = gates.get(db);
  if (gate === undefined) {
    gate = { open: null, savepoints: 0 };
    gates.set(db, gate);
  }
  return gate;
}

/** Waits until no transaction of another async context is open on the connection. */
async function whenFree(db: SqliteStore): Promise<void> {
  const gate = gateOf(db);
  while (gate.open !== null && transactionOf.getStore() !== db) await gate.open;
}

type Begin = 'BEGIN' | 'BEGIN IMMEDIATE' | 'BEGIN DEFERRED';

async function transaction<Result>(db: SqliteStore, begin: Begin, work: () => Promise<Result>): Promise<Result> {
  const gate = gateOf(db);
  const client = db.$client;
  if (transactionOf.getStore() === db) {
    const savepoint = `store_savepoint_${++gate.savepoints}`;
    client.exec(`SAVEPOINT ${savepoint}`);
    try {
      const result = await work();
      client.exec(`RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      if (client.inTransaction) client.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw error;
    }
  }
  while (gate.open !== null) await gate.open;
  let release!: () => void;
  gate.open = new Promise<void>((resolve) => { release = resolve; });
  try {
    client.exec(begin);
    try {
      const result = await transactionOf.run(db, work);
      client.exec('COMMIT');
      return result;
    } catch (error) {
      if (client.inTransaction) client.exec('ROLLBACK');
      throw error;
    }
  } finally {
    gate.open = null;
    gate.savepoints = 0;
    release();
  }
}

/**
 * Runs `work` in one transaction (BEGIN; a savepoint when one is open already); a throw rolls it
 * back. Use inWriteTransaction for a write that must not meet another writer midway.
 */
export function inTransaction<Result>(db: SqliteStore, work: () => Promise<Result>): Promise<Result> {
  return transaction(db, 'BEGIN', work);
}

/** Runs `work` in one transaction holding the write lock from its start (BEGIN IMMEDIATE); a throw rolls it all back. */
export function inWriteTransaction<Result>(db: SqliteStore, work: () => Promise<Result>): Promise<Result> {
  return transaction(db, 'BEGIN IMMEDIATE', work);
}

/** Runs `work` in one read transaction (a consistent snapshot); it may write temporary tables only. */
export function inReadTransaction<Result>(db: SqliteStore, work: () => Promise<Result>): Promise<Result> {
  return transaction(db, 'BEGIN DEFERRED', work);
}

/**
 * Runs `work` (statements of this connection) with the busy timeout set to `milliseconds`, and
 * the usual timeout back after it.
 */
export async function withBusyTimeout<Result>(db: SqliteStore, milliseconds: number, work: () => Promise<Result>): Promise<Result> {
  await whenFree(db);
  const client = db.$client;
  const usual = client.pragma('busy_timeout', { simple: true }) as number;
  client.pragma(`busy_timeout = ${Math.max(0, Math.round(milliseconds))}`);
  try {
    return await work();
  } finally {
    client.pragma(`busy_timeout = ${usual}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Statements.

/** The values bound to a statement's placeholders: in order, or one object for `:name` placeholders. */
export type StatementParameters = readonly unknown[] | Readonly<Record<string, unknown>>;

function bind<Result>(parameters: StatementParameters, call: (...values: unknown[]) => Result): Result {
  return Array.isArray(parameters) ? call(...(parameters as unknown[])) : call(parameters);
}

/** Runs statements without parameters, several separated by `;` (DDL of the staging area). */
export async function executeScript(db: SqliteStore, text: string): Promise<void> {
  await whenFree(db);
  db.$client.exec(text);
}

/** Runs a writing statement; returns the number of rows it changed. */
export async function runStatement(db: SqliteStore, text: string, parameters: StatementParameters = []): Promise<number> {
  await whenFree(db);
  const statement = db.$client.prepare(text);
  return bind(parameters, (...values) => statement.run(...values)).changes;
}

/** Every row of a query, as an object per row keyed by column name. */
export async function allRows<Row>(db: SqliteStore, text: string, parameters: StatementParameters = []): Promise<Row[]> {
  await whenFree(db);
  const statement = db.$client.prepare(text);
  return bind(parameters, (...values) => statement.all(...values)) as Row[];
}

/** The first row of a query, or undefined. */
export async function firstRow<Row>(db: SqliteStore, text: string, parameters: StatementParameters = []): Promise<Row | undefined> {
  await whenFree(db);
  const statement = db.$client.prepare(text);
  return bind(parameters, (...values) => statement.get(...values)) as Row | undefined;
}

/** Every row of a query as an array of its values in column order (about half the cost of objects for wide reads). */
export async function allRowArrays<Row extends unknown[]>(db: SqliteStore, text: string, parameters: StatementParameters = []): Promise<Row[]> {
  await whenFree(db);
  const statement = db.$client.prepare(text).raw(true);
  return bind(parameters, (...values) => statement.all(...values)) as Row[];
}

/** The first column of every row of a query. */
export async function firstColumn<Value>(db: SqliteStore, text: string, parameters: StatementParameters = []): Promise<Value[]> {
  await whenFree(db);
  const statement = db.$client.prepare(text).pluck();
  return bind(parameters, (...values) => statement.all(...values)) as Value[];
}

/**
 * Runs one statement with positional placeholders once per entry of `rows` (bulk inserts and
 * updates), in one transaction: prepared once, run without a round trip per row. `rows` may be a
 * generator, so that the values of a large write are made one row at a time.
 */
export async function runForEach(db: SqliteStore, text: string, rows: Iterable<readonly unknown[]>): Promise<void> {
  await inTransaction(db, async () => {
    const statement = db.$client.prepare(text);
    for (const values of rows) statement.run(...values);
  });
}

// ---------------------------------------------------------------------------------------------
// Drizzle's query builders, run through the gate.

/** Every row of a Drizzle query. */
export async function queryRows<Row>(db: SqliteStore, query: { all(): Row[] }): Promise<Row[]> {
  await whenFree(db);
  return query.all();
}

/** The first row of a Drizzle query, or undefined. */
export async function queryFirst<Row>(db: SqliteStore, query: { get(): Row }): Promise<Row | undefined> {
  await whenFree(db);
  return query.get() as Row | undefined;
}

/** Runs a Drizzle insert, update or delete; returns the number of rows it changed. */
export async function queryChanges(db: SqliteStore, query: { run(): { changes: number } }): Promise<number> {
  await whenFree(db);
  return query.run().changes;
}

/** Whether the connection answers a trivial query (health checks). */
export async function isReachable(db: SqliteStore): Promise<boolean> {
  await whenFree(db);
  return db.$client.prepare('SELECT 1 AS ok').get() !== undefined;
}
