/**
 * The store's calls to its database, dispatched to the backend of the connection (./backend.ts:
 * SQLite through ./sqlite/driver.ts, PostgreSQL through ./pg/driver.ts). Statement text uses `?`
 * (positional) or `:name` (named: pass one object) placeholders, SQLite's way; a backend that
 * numbers them translates. Drizzle queries run with the dialect fragments of ./dialect.ts
 * rendering for the connection.
 */
import type { Table } from 'drizzle-orm';
import { backendOf, type StatementParameters } from './backend.js';
import type { SqliteStore as Store } from './sqlite/store-type.js';
import { renderingFor } from './dialect.js';
import { ColumnsBuilder, type ColumnarQuery, type ColumnarRows, type ColumnKind } from './columnar.js';

export type { StatementParameters } from './backend.js';

/** Runs statements without parameters, several separated by `;` (DDL of the staging area). */
export function executeScript(db: Store, text: string): Promise<void> {
  return backendOf(db).executeScript(text);
}

/** Runs a writing statement; returns the number of rows it changed. */
export function runStatement(db: Store, text: string, parameters: StatementParameters = []): Promise<number> {
  return backendOf(db).runStatement(text, parameters);
}

/** Every row of a query, as an object per row keyed by column name. */
export function allRows<Row>(db: Store, text: string, parameters: StatementParameters = []): Promise<Row[]> {
  return backendOf(db).allRows<Row>(text, parameters);
}

/** The first row of a query, or undefined. */
export async function firstRow<Row>(db: Store, text: string, parameters: StatementParameters = []): Promise<Row | undefined> {
  return (await backendOf(db).allRows<Row>(text, parameters))[0];
}

/** Every row of a query as an array of its values in column order (about half the cost of objects for wide reads). */
export function allRowArrays<Row extends unknown[]>(db: Store, text: string, parameters: StatementParameters = []): Promise<Row[]> {
  return backendOf(db).allRowArrays<Row>(text, parameters);
}

/** The first column of every row of a query. */
export async function firstColumn<Value>(db: Store, text: string, parameters: StatementParameters = []): Promise<Value[]> {
  return (await backendOf(db).allRowArrays<[Value]>(text, parameters)).map((row) => row[0]);
}

/**
 * Runs one statement with positional placeholders once per entry of `rows` (bulk inserts and
 * updates), in one transaction, without a round trip per row where the backend can. `rows` may
 * be a generator, so that the values of a large write are made one row at a time.
 */
export function runForEach(db: Store, text: string, rows: Iterable<readonly unknown[]>): Promise<void> {
  return backendOf(db).runForEach(text, rows);
}

/** Every row of a Drizzle query. */
export function queryRows<Row>(db: Store, query: { all(): Row[] }): Promise<Row[]> {
  return renderingFor(db, () => backendOf(db).queryRows(query));
}

/** The first row of a Drizzle query, or undefined. */
export async function queryFirst<Row>(db: Store, query: { all(): Row[] }): Promise<Row | undefined> {
  return (await queryRows(db, query))[0];
}

/** Runs a Drizzle insert, update or delete; returns the number of rows it changed. */
export function queryChanges(db: Store, query: { run(): { changes: number } }): Promise<number> {
  return renderingFor(db, () => backendOf(db).queryChanges(query));
}

/**
 * Runs `work` in one transaction (a savepoint when one is open already); a throw rolls it back.
 * Use inWriteTransaction for a write that must not meet another writer midway.
 */
export function inTransaction<Result>(db: Store, work: () => Promise<Result>): Promise<Result> {
  return backendOf(db).transaction('plain', work);
}

/** Runs `work` in one transaction holding the write lock from its start; a throw rolls it all back. */
export function inSqlWriteTransaction<Result>(db: Store, work: () => Promise<Result>): Promise<Result> {
  return backendOf(db).transaction('write', work);
}

/** Runs `work` in one read transaction (a consistent snapshot); it may write temporary tables only. */
export function inReadTransaction<Result>(db: Store, work: () => Promise<Result>): Promise<Result> {
  return backendOf(db).transaction('read', work);
}

/**
 * Runs `work` on one connection, kept for it alone (no transaction of its own): what the staging
 * area needs, whose temporary tables live on the connection from resetStaging to the merge.
 */
export function inSession<Result>(db: Store, work: () => Promise<Result>): Promise<Result> {
  return backendOf(db).session(work);
}

/** Runs `work` waiting at most `milliseconds` for another writer's lock. */
export function withBusyTimeout<Result>(db: Store, milliseconds: number, work: () => Promise<Result>): Promise<Result> {
  return backendOf(db).withBusyTimeout(milliseconds, work);
}

/** Whether `error` is another writer holding the write lock past the busy timeout. */
export function isBusyError(db: Store, error: unknown): boolean {
  return backendOf(db).isBusy(error);
}

/** Gives this connection `megabytes` of memory for a bulk write (SQLite: its page cache). */
export function setBulkWriteMemory(db: Store, megabytes: number): Promise<void> {
  return backendOf(db).setBulkWriteMemory(megabytes);
}

/** Brings the planner's statistics of `tables` up to date after a bulk write (PostgreSQL: ANALYZE). */
export function refreshStatistics(db: Store, tables: readonly string[]): Promise<void> {
  return backendOf(db).refreshStatistics(tables);
}

/** Inserts `rows` into `table` in as few statements as the backend allows; returns their number. */
export function batchInsert<T extends Table>(db: Store, table: T, rows: readonly Partial<T['$inferInsert']>[]): Promise<number> {
  return backendOf(db).batchInsert(table, rows);
}

/** Applies the migrations of the backend's folder that the database has not had yet. */
export function applyMigrations(db: Store): Promise<void> {
  return backendOf(db).migrate();
}

/** A URL another thread can open read-only (analysis workers), or null when none can. */
export function sharedDatabaseUrl(db: Store): string | null {
  return backendOf(db).sharedUrl();
}

/** Whether the connection answers a trivial query (health checks). */
export function isReachable(db: Store): Promise<boolean> {
  return backendOf(db).isReachable();
}

/**
 * The rows of a Drizzle query `size` at a time through a server-side cursor, or null when the
 * backend has none (then page by key).
 */
export function queryCursor<Row>(db: Store, query: { toSQL(): { sql: string; params: unknown[] } }, size: number): AsyncGenerator<Row[]> | null {
  const backend = backendOf(db);
  if (backend.cursor === undefined) return null;
  const { sql, params } = renderingFor(db, () => query.toSQL());
  return backend.cursor<Row>(sql, params, size);
}

// ---------------------------------------------------------------------------------------------
// Raw rows of Drizzle queries: arrays of values, no object per row, no Drizzle row mapping.

/**
 * Every row of a Drizzle query as an array of its values in the select's order, without the
 * object per row and the per-column mapping of Drizzle's `all()` (the caller maps the arrays;
 * ./patient-records.ts). Rendered for the connection's dialect, as queryRows renders.
 */
export function queryRowArrays<Row extends unknown[]>(db: Store, query: { toSQL(): { sql: string; params: unknown[] } }): Promise<Row[]> {
  const { sql, params } = renderingFor(db, () => query.toSQL());
  return backendOf(db).queryRowArrays<Row>(sql, params);
}

/**
 * Each row of a Drizzle query, as queryRowArrays reads it, handed to `visit` and dropped: for a
 * statement of many rows folded into a smaller result (the toxicity grades of every patient),
 * so that the rows are never all in memory at once.
 */
export function visitRowArrays<Row extends unknown[]>(db: Store, query: { toSQL(): { sql: string; params: unknown[] } }, visit: (row: Row) => void): Promise<void> {
  const { sql, params } = renderingFor(db, () => query.toSQL());
  return backendOf(db).visitRowArrays<Row>(sql, params, visit);
}

/**
 * Every row of a Drizzle query as one typed column per selected field, in the selection's order,
 * of the given kinds (./columnar.ts): the rows visited one at a time (visitRowArrays) into the
 * columns, so that no array of every row is made (the analysis frames of 100,000 patients).
 */
export async function queryColumns(db: Store, query: ColumnarQuery, kinds: readonly ColumnKind[]): Promise<ColumnarRows> {
  const builder = new ColumnsBuilder(kinds);
  await visitRowArrays(db, query, (row) => builder.push(row));
  return builder.finish();
}

// ---------------------------------------------------------------------------------------------

export function closeConnection(db: Store): Promise<void> {
  return backendOf(db).close();
}
