/**
 * PostgreSQL's forms of the SQL idioms of ../sqlite/dialect.ts, function for function (same
 * names, same fragments in, same values out), for a schema where dates are `date` columns, flags
 * `smallint` 0/1 and reals `double precision` (db/pg/schema.ts). The store's modules reach them
 * through ../dialect.ts.
 *
 *   daysBetween      date minus date is whole days; as double precision, so that dividing by a
 *                    fractional month stays fractional, as SQLite's julianday difference does
 *   flagOf           a condition is a boolean here: CASE gives the 0/1 the frames and filters expect
 *   countWhere       count(*) FILTER (WHERE c)
 *   isDistinctFrom   IS DISTINCT FROM (SQLite: IS NOT)
 *   greatestOf       greatest(), which skips NULLs
 *   jsonArrayAgg     the same text as JSON.stringify of the sorted array, `[]` for an empty group
 *                    (json_agg alone gives NULL for no rows, and spaces)
 *   jsonArrayElements / jsonArrayParameter  json_array_elements_text over a text parameter
 *   nowIsoTimestamp  to_char() in the text format of SQLite's strftime('%Y-%m-%dT%H:%M:%fZ')
 */
import type { SQL } from 'drizzle-orm';
import { POSTGRES_NOW } from '../../../db/pg/schema.js';
import { build, type Fragment } from '../sql-fragments.js';

/** Days from `earlier` to `later` (dates; negative when later is earlier). */
export function daysBetween(later: string, earlier: string): string;
export function daysBetween(later: Fragment, earlier: Fragment): SQL<number>;
export function daysBetween(later: Fragment, earlier: Fragment): string | SQL<number> {
  return build`((${later})::date - (${earlier})::date)::double precision` as string | SQL<number>;
}

/** Whole days from `earlier` to `later`, as an integer. */
export function wholeDaysBetween(later: string, earlier: string): string;
export function wholeDaysBetween(later: Fragment, earlier: Fragment): SQL<number>;
export function wholeDaysBetween(later: Fragment, earlier: Fragment): string | SQL<number> {
  return build`((${later})::date - (${earlier})::date)` as string | SQL<number>;
}

/** A condition as a 0/1 value. */
export function flagOf(condition: string): string;
export function flagOf(condition: Fragment): SQL;
export function flagOf(condition: Fragment): string | SQL {
  return build`(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
}

/** The number of rows of a group for which `condition` holds (0 for none). */
export function countWhere(condition: string): string;
export function countWhere(condition: Fragment): SQL;
export function countWhere(condition: Fragment): string | SQL {
  return build`count(*) FILTER (WHERE ${condition})`;
}

/** NULL-aware inequality: true when exactly one is NULL or both are values that differ. */
export function isDistinctFrom(a: string, b: string): string;
export function isDistinctFrom(a: Fragment, b: Fragment): SQL;
export function isDistinctFrom(a: Fragment, b: Fragment): string | SQL {
  return build`${a} IS DISTINCT FROM ${b}`;
}

/** The largest of several values of one row, NULLs skipped (NULL when all are). */
export function greatestOf(...values: string[]): string {
  return `greatest(${values.join(', ')})`;
}

/** A JSON array (as text) of `value` over a group, in `orderBy` order; `[]` for an empty group. */
export function jsonArrayAgg(value: string, orderBy: string): string;
export function jsonArrayAgg(value: Fragment, orderBy: Fragment): SQL;
export function jsonArrayAgg(value: Fragment, orderBy: Fragment): string | SQL {
  return build`('[' || coalesce(string_agg(to_json(${value})::text, ',' ORDER BY ${orderBy}), '') || ']')`;
}

/** A FROM item with one row per element of the JSON array `json` (text), the element as `${alias}.value`. */
export function jsonArrayElements(json: string, alias: string): string {
  return `json_array_elements_text((${json})::json) AS ${alias}(value)`;
}

/** The integers of one statement parameter holding a JSON array (a list of ids bound as one text value), for `x IN ${...}`. */
export function jsonArrayParameter(): string {
  return '(SELECT value::integer FROM json_array_elements_text(?::json))';
}

/** `INSERT ... SELECT` that skips the rows conflicting with a unique key instead of failing. */
export function insertIgnoringConflicts(into: string, select: string): string {
  return `INSERT INTO ${into}\n${select}\nON CONFLICT DO NOTHING`;
}

/** Whether bulk updates go many rows to a statement (UPDATE ... FROM (VALUES ...)): yes, a statement per row is a round trip per row. */
export const BATCHED_UPDATES: boolean = true;

/** The column types of the staging tables (temporary tables) for dates and reals: those of the stored columns they are compared with. */
export const STAGING_TYPES: { date: string; real: string } = { date: 'date', real: 'double precision' };

/** An index on a temporary table (it goes to the session's temporary schema with its table). */
export function temporaryIndex(name: string, table: string, columns: string): string {
  return `CREATE INDEX ${name} ON ${table} (${columns});`;
}

/** Drops a temporary table if this session has one. */
export function dropTemporaryTable(name: string): string {
  return `DROP TABLE IF EXISTS pg_temp.${name};`;
}

/** The current time as ISO 8601 UTC text with milliseconds, the format of the schema's timestamp defaults. */
export function nowIsoTimestamp(): SQL {
  return POSTGRES_NOW;
}

/** A value bound as an integer (an untyped parameter in a select list has no type otherwise). */
export function integerParameter(parameter: string): string {
  return `CAST(${parameter} AS INTEGER)`;
}
