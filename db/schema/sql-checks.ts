/** Small builders for the CHECK constraints the tables share. */
import { sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** `column IN ('A', 'B', ...)`; NULL passes (nullability is the column's own NOT NULL). */
export function oneOf(column: AnySQLiteColumn, values: readonly string[]): SQL {
  return sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
}

/** An ISO 8601 calendar date, `YYYY-MM-DD`, that exists (SQLite's date() normalises anything else away). */
export function isoDate(column: AnySQLiteColumn): SQL {
  return sql`${column} IS NULL OR (length(${column}) = 10 AND date(${column}) = ${column})`;
}

/** A 0/1 flag. */
export function flag(column: AnySQLiteColumn): SQL {
  return sql`${column} IN (0, 1)`;
}
