/**
 * The store handle: `Store` is what the other layers hold and pass to store functions, opened
 * here from a database URL (the one place that opens connections; SQLite today, through
 * ./sqlite/driver.ts). What a Store offers is the store's modules, each a set of functions taking
 * the Store first:
 *   reading   patients.ts, patient-records.ts, sites.ts, saved-cohorts.ts, api-keys.ts (keys and
 *             audit log), loaders.ts (per-request batching), exports.ts (bulk chunks);
 *   cohorts   patient-filter.ts (filters compiled to conditions), patient-variables.ts (the data
 *             dictionary in SQL), row-scope.ts (site scoping), analysis-frame.ts, toxicity.ts,
 *             lab-grades.ts;
 *   writing   staging.ts, staged-checks.ts, staged-merge.ts, writes.ts (transactions, sites, record
 *             deletes), cohort-rows.ts (bulk cohorts), migrate.ts;
 *   the connection  data-version.ts and connection-facts.ts (what changed, which file), and below:
 *             closeStore and isStoreReachable.
 * The SQL that differs between databases is in ./sqlite/dialect.ts, the driver calls in
 * ./sqlite/driver.ts (docs/store.md).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { closeSqlite, isReachable, openSqlite, type SqliteOptions, type SqliteStore } from './sqlite/driver.js';

export type { Schema } from './sqlite/driver.js';

/** A connection to the store. */
export type Store = SqliteStore;

export type OpenDatabaseOptions = SqliteOptions;

/** `file:path.sqlite`, a plain path, or `:memory:`. */
export function databaseFileFromUrl(url: string): string {
  return url.startsWith('file:') ? url.slice('file:'.length) : url;
}

/** Opens the database at `url`, creating the file's folder when the connection may write. */
export function openDatabase(url: string, options: OpenDatabaseOptions = {}): Store {
  const file = databaseFileFromUrl(url);
  if (file !== ':memory:' && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  return openSqlite(file, options);
}

export function closeStore(store: Store): Promise<void> {
  return closeSqlite(store);
}

/** Whether the store answers a trivial query (/healthz). */
export function isStoreReachable(store: Store): Promise<boolean> {
  return isReachable(store);
}
