/**
 * Small builders for the CHECK constraints the tables share. The checks a PostgreSQL column type
 * makes (an ISO date is a `date`, valid JSON a `json` value) are remembered, so that the derived
 * PostgreSQL schema (db/pg/schema.ts) types the column instead of repeating the check.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** The checks isoDate() built: their column is a `date` in PostgreSQL. */
export const ISO_DATE_CHECKS = new WeakSet<SQL>();
/** The checks validJson() built: their column is a `json` value in PostgreSQL. */
export const VALID_JSON_CHECKS = new WeakSet<SQL>();

/** `column IN ('A', 'B', ...)`; NULL passes (nullability is the column's own NOT NULL). */
export function oneOf(column: AnySQLiteColumn, values: readonly string[]): SQL {
  return sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
}

/** An ISO 8601 calendar date, `YYYY-MM-DD`, that exists (SQLite's date() normalises anything else away). */
export function isoDate(column: AnySQLiteColumn): SQL {
  const check = sql`${column} IS NULL OR (length(${column}) = 10 AND date(${column}) = ${column})`;
  ISO_DATE_CHECKS.add(check);
  return check;
}

/** Text that parses as JSON. */
export function validJson(column: AnySQLiteColumn): SQL {
  const check = sql`json_valid(${column})`;
  VALID_JSON_CHECKS.add(check);
  return check;
}

/** A 0/1 flag. */
export function flag(column: AnySQLiteColumn): SQL {
  return sql`${column} IN (0, 1)`;
}
