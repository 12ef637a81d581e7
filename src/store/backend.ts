/**
 * What a database backend gives the store (./sqlite/driver.ts, ./pg/driver.ts): the statements of
 * the hot paths, Drizzle queries run to completion, transactions and sessions, bulk inserts,
 * migrations and the facts of the connection. Each Store is registered with its backend when it
 * is opened (./database.ts); ./driver.ts dispatches the store's calls to it.
 */
import type { Table } from 'drizzle-orm';
import type { SqliteStore as Store } from './sqlite/store-type.js';
import type * as sqliteDialect from './sqlite/dialect.js';

/** The values bound to a statement's placeholders: in order, or one object for `:name` placeholders. */
export type StatementParameters = readonly unknown[] | Readonly<Record<string, unknown>>;

export type TransactionKind = 'plain' | 'write' | 'read';

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  readonly dialect: typeof sqliteDialect;
  executeScript(text: string): Promise<void>;
  runStatement(text: string, parameters: StatementParameters): Promise<number>;
  allRows<Row>(text: string, parameters: StatementParameters): Promise<Row[]>;
  allRowArrays<Row extends unknown[]>(text: string, parameters: StatementParameters): Promise<Row[]>;
  runForEach(text: string, rows: Iterable<readonly unknown[]>): Promise<void>;
  queryRows<Row>(query: { all(): Row[] }): Promise<Row[]>;
  queryChanges(query: { run(): { changes: number } }): Promise<number>;
  transaction<Result>(kind: TransactionKind, work: () => Promise<Result>): Promise<Result>;
  session<Result>(work: () => Promise<Result>): Promise<Result>;
  withBusyTimeout<Result>(milliseconds: number, work: () => Promise<Result>): Promise<Result>;
  /** Whether `error` is another writer holding the write lock past the busy timeout. */
  isBusy(error: unknown): boolean;
  setBulkWriteMemory(megabytes: number): Promise<void>;
  /** Brings the planner's statistics of `tables` up to date after a bulk write. */
  refreshStatistics(tables: readonly string[]): Promise<void>;
  batchInsert<T extends Table>(table: T, rows: readonly Partial<T['$inferInsert']>[]): Promise<number>;
  migrate(): Promise<void>;
  /** A URL another thread can open read-only (analysis workers), or null when none can (an in-memory database). */
  sharedUrl(): string | null;
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
  /**
   * The rows of a query (text with `$n` placeholders, as Drizzle renders it for this backend),
   * `size` at a time, from a server-side cursor on a connection of its own; absent where the
   * backend has one connection for everything (SQLite, PGlite), whose callers page by key instead.
   */
  cursor?<Row>(text: string, values: readonly unknown[], size: number): AsyncGenerator<Row[]>;
  /**
   * Every row of a query (text with placeholders as Drizzle renders it for this backend) as an
   * array of its values in select order: no object per row, no Drizzle row mapping. Logged to
   * the connection's query logger as Drizzle's own statements are.
   */
  queryRowArrays<Row extends unknown[]>(text: string, values: readonly unknown[]): Promise<Row[]>;
  /** The same rows handed to `visit` one at a time, each dropped after it (SQLite: none held at once; PostgreSQL: as the query returns them). */
  visitRowArrays<Row extends unknown[]>(text: string, values: readonly unknown[], visit: (row: Row) => void): Promise<void>;
}

const backends = new WeakMap<Store, Backend>();

export function registerBackend(db: Store, backend: Backend): Store {
  backends.set(db, backend);
  return db;
}

export function backendOf(db: Store): Backend {
  const backend = backends.get(db);
  if (backend === undefined) throw new Error('not a store opened by openDatabase()');
  return backend;
}
