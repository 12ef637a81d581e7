/**
 * The SQL idioms that differ between SQLite and other databases, written once: every other store
 * file builds its statements from standard SQL plus these functions, so that a second backend is
 * a second file of the same functions (docs/store.md has the checklist).
 *
 * Each function takes fragments and returns a fragment. Given Drizzle SQL or columns it
 * returns Drizzle SQL, for the queries Drizzle builds; given only strings it returns a string,
 * for the hand-written statements run through ./driver.ts (pass `sql.raw('r.date')` to get
 * Drizzle SQL from a column written as text). The store's modules reach these functions through
 * ../dialect.ts, which picks this file or ../pg/dialect.ts by the connection.
 *
 * The PostgreSQL forms, function by function (../pg/dialect.ts; dates are `date` columns there,
 * flags `smallint` 0/1 columns, see docs/store.md):
 *   daysBetween            `(later::date - earlier::date)`           (SQLite: julianday difference)
 *   wholeDaysBetween       the same (date minus date is an integer)  (SQLite: CAST(... AS INTEGER))
 *   flagOf                 `(CASE WHEN c THEN 1 ELSE 0 END)`         (SQLite: a condition is 0/1 already)
 *   countWhere             `count(*) FILTER (WHERE c)`               (SQLite: sum of 0/1)
 *   isDistinctFrom         `a IS DISTINCT FROM b`                    (SQLite: `a IS NOT b`)
 *   greatestOf             `greatest(a, b, ...)`                     (SQLite: scalar max())
 *   jsonArrayAgg           `'[' || coalesce(string_agg(to_json(v)::text, ',' ORDER BY o), '') || ']'`
 *                          (SQLite: json_group_array; the text must be JSON.stringify's, `[]` when empty)
 *   jsonArrayElements      `json_array_elements_text(j) AS t(value)` (SQLite: json_each)
 *   jsonArrayParameter     `(SELECT value::int FROM json_array_elements_text(?))`
 *   insertIgnoringConflicts `INSERT INTO t ... ON CONFLICT DO NOTHING` (SQLite: INSERT OR IGNORE)
 *   temporaryIndex / dropTemporaryTable  `CREATE INDEX n ON t` / `DROP TABLE IF EXISTS pg_temp.t`
 *   nowIsoTimestamp        `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
 * Placeholders (`?`, `:name`) are written SQLite's way everywhere; a driver that numbers them
 * (`$1`) translates them (./driver.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { build, type Fragment } from '../sql-fragments.js';

/** Days from `earlier` to `later` (ISO dates; negative when later is earlier). */
export function daysBetween(later: string, earlier: string): string;
export function daysBetween(later: Fragment, earlier: Fragment): SQL<number>;
export function daysBetween(later: Fragment, earlier: Fragment): string | SQL<number> {
  return build`(julianday(${later}) - julianday(${earlier}))` as string | SQL<number>;
}

/** Whole days from `earlier` to `later`, as an integer (ISO dates, so the difference is whole already). */
export function wholeDaysBetween(later: string, earlier: string): string;
export function wholeDaysBetween(later: Fragment, earlier: Fragment): SQL<number>;
export function wholeDaysBetween(later: Fragment, earlier: Fragment): string | SQL<number> {
  return build`CAST(julianday(${later}) - julianday(${earlier}) AS INTEGER)` as string | SQL<number>;
}

/** A condition as a 0/1 value (SQLite evaluates conditions to 0/1, so this is the condition itself). */
export function flagOf(condition: string): string;
export function flagOf(condition: Fragment): SQL;
export function flagOf(condition: Fragment): string | SQL {
  return build`${condition}`;
}

/** The number of rows of a group for which `condition` holds (0 for none). */
export function countWhere(condition: string): string;
export function countWhere(condition: Fragment): SQL;
export function countWhere(condition: Fragment): string | SQL {
  return build`sum(${condition})`;
}

/** NULL-aware inequality: true when exactly one is NULL or both are values that differ. */
export function isDistinctFrom(a: string, b: string): string;
export function isDistinctFrom(a: Fragment, b: Fragment): SQL;
export function isDistinctFrom(a: Fragment, b: Fragment): string | SQL {
  return build`${a} IS NOT ${b}`;
}

/** The largest of several values of one row, NULLs skipped (NULL when all are): max() over '' for NULL (text and ISO dates sort after ''). */
export function greatestOf(...values: string[]): string {
  return `nullif(max(${values.map((value) => `coalesce(${value}, '')`).join(', ')}), '')`;
}

/** A JSON array (as text) of `value` over a group, in `orderBy` order; `[]` for an empty group. */
export function jsonArrayAgg(value: string, orderBy: string): string;
export function jsonArrayAgg(value: Fragment, orderBy: Fragment): SQL;
export function jsonArrayAgg(value: Fragment, orderBy: Fragment): string | SQL {
  return build`json_group_array(${value} ORDER BY ${orderBy})`;
}

/** A FROM item with one row per element of the JSON array `json`, the element as `${alias}.value`. */
export function jsonArrayElements(json: string, alias: string): string {
  return `json_each(${json}) ${alias}`;
}

/**
 * The values of one statement parameter holding a JSON array (a list of ids bound as one text
 * value, whatever its length: SQLite binds at most 32,766 parameters), for `x IN ${...}`.
 */
export function jsonArrayParameter(): string {
  return '(SELECT value FROM json_each(?))';
}

/** `INSERT ... SELECT` that skips the rows conflicting with a unique key instead of failing. */
export function insertIgnoringConflicts(into: string, select: string): string {
  return `INSERT OR IGNORE INTO ${into}\n${select}`;
}

/**
 * Whether bulk updates go many rows to a statement (UPDATE ... FROM (VALUES ...)): not here, where a
 * prepared UPDATE run per row costs no round trip and was 2.8x faster (48,656 lab grades: 0.49 s
 * against 1.36 s).
 */
export const BATCHED_UPDATES: boolean = false;

/** The column types of the staging tables (temporary tables) for ISO dates and reals. */
export const STAGING_TYPES: { date: string; real: string } = { date: 'TEXT', real: 'REAL' };

/** An index on a temporary table (created in the connection's temporary database). */
export function temporaryIndex(name: string, table: string, columns: string): string {
  return `CREATE INDEX temp.${name} ON ${table} (${columns});`;
}

/** Drops a temporary table if this connection has one. */
export function dropTemporaryTable(name: string): string {
  return `DROP TABLE IF EXISTS temp.${name};`;
}

/** The current time as ISO 8601 UTC text with milliseconds, the format of the schema's timestamp defaults. */
export function nowIsoTimestamp(): SQL {
  return sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
}

/** A value bound as an integer (an untyped parameter in a select list has no type otherwise). */
export function integerParameter(parameter: string): string {
  return `CAST(${parameter} AS INTEGER)`;
}
