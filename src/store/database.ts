/**
 * The store handle: `Store` is what the other layers hold and pass to store functions, opened
 * here from a database URL (the one place that opens connections). The URL picks the backend:
 *   postgres://… or postgresql://…   PostgreSQL, a pool of connections (./pg/driver.ts)
 *   pglite:memory, pglite:<folder>   PostgreSQL embedded through PGlite (tests, with no server)
 *   file:path.sqlite, a path, :memory:   SQLite (./sqlite/driver.ts), the default
 * What a Store offers is the store's modules, each a set of functions taking the Store first:
 *   reading   patients.ts, patient-records.ts, sites.ts, saved-cohorts.ts, api-keys.ts (keys and
 *             audit log), loaders.ts (per-request batching), exports.ts (bulk chunks);
 *   cohorts   patient-filter.ts (filters compiled to conditions), patient-variables.ts (the data
 *             dictionary in SQL), row-scope.ts (site scoping), analysis-frame.ts, toxicity.ts,
 *             lab-grades.ts;
 *   writing   staging.ts, staged-checks.ts, staged-merge.ts, writes.ts (transactions, sites, record
 *             deletes), cohort-rows.ts (bulk cohorts), migrate.ts;
 *   the connection  data-version.ts and connection-facts.ts (what changed, which URL), and below:
 *             closeStore and isStoreReachable.
 * The SQL that differs between databases is in ./sqlite/dialect.ts and ./pg/dialect.ts, reached
 * through ./dialect.ts; the driver calls go through ./driver.ts (docs/store.md).
 *
 * The type of a Store is Drizzle's SQLite query builder over db/schema: the store's queries are
 * typed against the SQLite tables, which Drizzle's PostgreSQL builder renders as well (the same
 * table and column names, db/pg/schema.ts), and a PostgreSQL store is that builder under the
 * same type. The suite runs every data-touching test on both (docs/postgres.md, "Tests on both backends").
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { closeConnection, isReachable } from './driver.js';
import { openPglite, openPostgres } from './pg/driver.js';
import { openSqlite, type SqliteOptions } from './sqlite/driver.js';
import type { SqliteStore } from './sqlite/store-type.js';

export { sqliteStoreOf } from './sqlite/driver.js';

export type { Schema } from './sqlite/driver.js';

/** A connection to the store. */
export type Store = SqliteStore;

export interface OpenDatabaseOptions extends SqliteOptions {
  /** PostgreSQL: connections in the pool. */
  poolSize?: number;
  /** PostgreSQL: aborts any statement running longer (the analysis timeout of a worker's connection). */
  statementTimeoutMs?: number;
}

export type DatabaseKind = 'sqlite' | 'postgres' | 'pglite';

export function databaseKindOf(url: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('pglite:')) return 'pglite';
  return 'sqlite';
}

/** `file:path.sqlite`, a plain path, or `:memory:`. */
export function databaseFileFromUrl(url: string): string {
  return url.startsWith('file:') ? url.slice('file:'.length) : url;
}

/** Opens the database at `url`, creating a SQLite file's folder when the connection may write. */
export function openDatabase(url: string, options: OpenDatabaseOptions = {}): Store {
  switch (databaseKindOf(url)) {
    case 'postgres': return openPostgres(url, options);
    case 'pglite': return openPglite(url, options);
    case 'sqlite': {
      const file = databaseFileFromUrl(url);
      if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true });
      return openSqlite(file, options);
    }
  }
}

export function closeStore(store: Store): Promise<void> {
  return closeConnection(store);
}

/** Whether the store answers a trivial query (/healthz). */
export function isStoreReachable(store: Store): Promise<boolean> {
  return isReachable(store);
}
