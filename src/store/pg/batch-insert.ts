/**
 * Bulk inserts into PostgreSQL as multi-row INSERTs: as many rows per statement as stay within
 * its 65,535 bound parameters (at most 1,000). Column names and value encodings come from the
 * Drizzle table, as for SQLite (../sqlite/batch-insert.ts). Rows that bring their own ids (a
 * generated cohort) leave the identity sequence behind; it is moved past the largest id after.
 */
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';

const MAX_PARAMETERS = 65_535;
const MAX_ROWS_PER_STATEMENT = 1_000;

type Run = (text: string, values: readonly unknown[]) => Promise<unknown>;

export async function postgresRowsPerInsert<T extends Table>(run: Run, table: T, rows: readonly Partial<T['$inferInsert']>[]): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const name = getTableName(table);
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key in first);
  const columnList = columns.map(([, column]) => `"${column.name}"`).join(', ');
  const rowsPerStatement = Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const batch = rows.slice(start, start + rowsPerStatement);
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const row of batch) {
      const placeholders: string[] = [];
      for (const [key, column] of columns) {
        const value = (row as Record<string, unknown>)[key];
        values.push(value === null || value === undefined ? null : column.mapToDriverValue(value));
        placeholders.push('?');
      }
      tuples.push(`(${placeholders.join(', ')})`);
    }
    await run(`INSERT INTO "${name}" (${columnList}) VALUES ${tuples.join(', ')}`, values);
  }
  const id = columns.find(([, column]) => column.primary && column.name === 'id');
  if (id !== undefined) {
    await run(`SELECT setval(pg_get_serial_sequence('"${name}"', 'id'), (SELECT max(id) FROM "${name}"))`, []);
  }
  return rows.length;
}
