/**
 * Bulk inserts as prepared statements of many rows each: one statement per ROWS_PER_STATEMENT
 * rows (plus one for the remainder), prepared once per table. Column names and value encodings
 * come from the Drizzle table, so the SQL cannot drift from the schema (booleans become 0/1
 * through the column's own mapping). SQLite's: its bound-parameter limit sets the batch size,
 * and another database has its own bulk path (PostgreSQL: COPY).
 */
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type { Backend } from '../backend.js';

/** 500 rows × ≤ 12 columns stays far below SQLite's 32,766 bound parameters per statement. */
const ROWS_PER_STATEMENT = 500;

export async function sqliteRowsPerInsert<T extends Table>(backend: Backend, table: T, rows: readonly Partial<T['$inferInsert']>[]): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key in first);
  const columnList = columns.map(([, column]) => `"${column.name}"`).join(', ');
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const statementFor = (rowCount: number): string =>
    `INSERT INTO "${getTableName(table)}" (${columnList}) VALUES ${new Array<string>(rowCount).fill(placeholders).join(', ')}`;
  const parametersOf = (batch: readonly Partial<T['$inferInsert']>[]): unknown[] => {
    const parameters: unknown[] = [];
    for (const row of batch) {
      for (const [key, column] of columns) {
        const value = (row as Record<string, unknown>)[key];
        parameters.push(value === null || value === undefined ? null : column.mapToDriverValue(value));
      }
    }
    return parameters;
  };
  const fullCount = Math.floor(rows.length / ROWS_PER_STATEMENT) * ROWS_PER_STATEMENT;
  function* fullBatches(): Generator<unknown[]> {
    for (let start = 0; start < fullCount; start += ROWS_PER_STATEMENT) yield parametersOf(rows.slice(start, start + ROWS_PER_STATEMENT));
  }
  if (fullCount > 0) await backend.runForEach(statementFor(ROWS_PER_STATEMENT), fullBatches());
  const rest = rows.slice(fullCount);
  if (rest.length > 0) await backend.runStatement(statementFor(rest.length), parametersOf(rest));
  return rows.length;
}
