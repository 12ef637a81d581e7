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
import type { Table } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../../../db/schema/index.js';
import { MIGRATIONS_FOLDER } from '../../project-paths.js';
import { registerBackend, type Backend, type StatementParameters, type TransactionKind } from '../backend.js';
import type { SqliteStore, SqliteStore as Store } from './store-type.js';
import * as dialect from './dialect.js';
import { sqliteRowsPerInsert } from './batch-insert.js';

export type { Schema, SqliteStore } from './store-type.js';

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
export function openSqlite(file: string, options: SqliteOptions = {}): Store {
  const client = new Database(file, { readonly: options.readonly ?? false });
  if (file !== ':memory:' && !options.readonly) client.pragma('journal_mode = WAL');
  client.pragma('foreign_keys = ON');
  client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  client.pragma('synchronous = NORMAL');
  const onQuery = options.onQuery;
  const db = drizzle({
    client,
    schema,
    logger: onQuery ? { logQuery: (query: string) => onQuery(query) } : false,
  }) as SqliteStore;
  return registerBackend(db, sqliteBackend(db, onQuery && ((query) => onQuery(query))));
}

/** A Store over a better-sqlite3 client already open (tests: an in-memory copy, a client whose statements are logged). */
export function sqliteStoreOf(client: Database.Database, logQuery?: (query: string, params: unknown[]) => void): Store {
  const db = drizzle({ client, schema, logger: logQuery === undefined ? false : { logQuery } }) as SqliteStore;
  return registerBackend(db, sqliteBackend(db, logQuery));
}

// ---------------------------------------------------------------------------------------------
// The gate that keeps other requests' statements out of a transaction (or session) of this connection.

interface Gate {
  /** Settles when the open transaction or session ends; null when none is open. */
  open: Promise<void> | null;
  savepoints: number;
}

const gates = new WeakMap<SqliteStore, Gate>();
/** The connection whose transaction or session the current async context runs in. */
const holderOf = new AsyncLocalStorage<SqliteStore>();

function gateOf(db: SqliteStore): Gate {
  let gate = gates.get(db);
  if (gate === undefined) {
    gate = { open: null, savepoints: 0 };
    gates.set(db, gate);
  }
  return gate;
}

/** Waits until no transaction or session of another async context is open on the connection. */
async function whenFree(db: SqliteStore): Promise<void> {
  const gate = gateOf(db);
  while (gate.open !== null && holderOf.getStore() !== db) await gate.open;
}

/** Runs `work` holding the connection (other contexts' statements wait); re-entrant. */
async function holding<Result>(db: SqliteStore, work: () => Promise<Result>): Promise<Result> {
  if (holderOf.getStore() === db) return work();
  const gate = gateOf(db);
  while (gate.open !== null) await gate.open;
  let release!: () => void;
  gate.open = new Promise<void>((resolve) => { release = resolve; });
  try {
    return await holderOf.run(db, work);
  } finally {
    gate.open = null;
    gate.savepoints = 0;
    release();
  }
}

const BEGIN: Readonly<Record<TransactionKind, string>> = { plain: 'BEGIN', write: 'BEGIN IMMEDIATE', read: 'BEGIN DEFERRED' };

/**
 * One transaction (a savepoint inside an open one): BEGIN IMMEDIATE takes the write lock at once,
 * BEGIN DEFERRED reads a consistent snapshot. A throw rolls it back.
 */
function transaction<Result>(db: SqliteStore, kind: TransactionKind, work: () => Promise<Result>): Promise<Result> {
  const client = db.$client;
  return holding(db, async () => {
    if (client.inTransaction) {
      const savepoint = `store_savepoint_${++gateOf(db).savepoints}`;
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
    client.exec(BEGIN[kind]);
    try {
      const result = await work();
      client.exec('COMMIT');
      return result;
    } catch (error) {
      if (client.inTransaction) client.exec('ROLLBACK');
      throw error;
    }
  });
}

function bind<Result>(parameters: StatementParameters, call: (...values: unknown[]) => Result): Result {
  return Array.isArray(parameters) ? call(...(parameters as unknown[])) : call(parameters);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_BUSY_TIMEOUT';
}

// ---------------------------------------------------------------------------------------------
// Raw rows of Drizzle queries: each statement text prepared once per connection and read with
// better-sqlite3's .raw() (arrays, no object per row); visitRowArrays iterates them one at a time,
// with no array of every row (the 6-covariate frame of 100,000 patients in about half the time and
// 35 MB less peak RSS than through Drizzle's values(): one run each, load average about 10).

/** Statement texts kept prepared per connection (a batch's IN list makes one text per batch size). */
const PREPARED_ROW_ARRAY_STATEMENTS = 256;

/** What the connection's Drizzle logger is told of a statement. */
type QueryLog = (query: string, params: unknown[]) => void;

function rowArrayReaders(db: SqliteStore, log: QueryLog | undefined): Pick<Backend, 'queryRowArrays' | 'visitRowArrays'> {
  const prepared = new Map<string, Database.Statement>();
  const statementFor = async (text: string, values: readonly unknown[]) => {
    await whenFree(db);
    let statement = prepared.get(text);
    if (statement === undefined) {
      statement = db.$client.prepare(text).raw(true);
      prepared.set(text, statement);
      if (prepared.size > PREPARED_ROW_ARRAY_STATEMENTS) prepared.delete(prepared.keys().next().value!);
    }
    log?.(text, [...values]);
    return statement;
  };
  return {
    async queryRowArrays<Row extends unknown[]>(text: string, values: readonly unknown[]) {
      return (await statementFor(text, values)).all(...values) as Row[];
    },
    async visitRowArrays<Row extends unknown[]>(text: string, values: readonly unknown[], visit: (row: Row) => void) {
      for (const row of (await statementFor(text, values)).iterate(...values) as IterableIterator<Row>) visit(row);
    },
  };
}

// ---------------------------------------------------------------------------------------------

function sqliteBackend(db: SqliteStore, log?: QueryLog): Backend {
  const client = db.$client;
  const backend: Backend = {
    name: 'sqlite',
    dialect,
    async executeScript(text) {
      await whenFree(db);
      client.exec(text);
    },
    async runStatement(text, parameters) {
      await whenFree(db);
      const statement = client.prepare(text);
      return bind(parameters, (...values) => statement.run(...values)).changes;
    },
    async allRows<Row>(text: string, parameters: StatementParameters) {
      await whenFree(db);
      const statement = client.prepare(text);
      return bind(parameters, (...values) => statement.all(...values)) as Row[];
    },
    async allRowArrays<Row extends unknown[]>(text: string, parameters: StatementParameters) {
      await whenFree(db);
      const statement = client.prepare(text).raw(true);
      return bind(parameters, (...values) => statement.all(...values)) as Row[];
    },
    runForEach(text, rows) {
      return transaction(db, 'plain', async () => {
        const statement = client.prepare(text);
        for (const values of rows) statement.run(...values);
      });
    },
    async queryRows<Row>(query: { all(): Row[] }) {
      await whenFree(db);
      return query.all();
    },
    async queryChanges(query) {
      await whenFree(db);
      return query.run().changes;
    },
    transaction: (kind, work) => transaction(db, kind, work),
    session: (work) => holding(db, work),
    withBusyTimeout(milliseconds, work) {
      return holding(db, async () => {
        const usual = client.pragma('busy_timeout', { simple: true }) as number;
        client.pragma(`busy_timeout = ${Math.max(0, Math.round(milliseconds))}`);
        try {
          return await work();
        } finally {
          client.pragma(`busy_timeout = ${usual}`);
        }
      });
    },
    isBusy,
    async setBulkWriteMemory(megabytes) {
      await whenFree(db);
      client.pragma(`cache_size = -${megabytes * 1024}`);
      // The staging area's TEMP tables have a page cache of their own (2 MB by default): reading
      // them back for the checks, the grading and the merge took about twice as long with it.
      client.pragma(`temp.cache_size = -${megabytes * 1024}`);
    },
    // SQLite plans these queries from its indexes alone; the store has never run ANALYZE on it.
    refreshStatistics: async () => {},
    batchInsert<T extends Table>(table: T, rows: readonly Partial<T['$inferInsert']>[]) {
      return sqliteRowsPerInsert(backend, table, rows);
    },
    async migrate() {
      await whenFree(db);
      migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    sharedUrl: () => (client.memory ? null : client.name),
    async isReachable() {
      await whenFree(db);
      return client.prepare('SELECT 1 AS ok').get() !== undefined;
    },
    async close() {
      await whenFree(db);
      client.close();
    },
    ...rowArrayReaders(db, log),
  };
  return backend;
}
