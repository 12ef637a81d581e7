/**
 * Query results as columns instead of rows: one typed array per selected column, filled from the
 * driver's rows as arrays of values (better-sqlite3's raw rows, node-postgres' and PGlite's
 * rowMode 'array'), so that reading 100,000 patients makes no object per patient and no Drizzle
 * row mapping. A numeric column is a Float64Array with NaN where the value is NULL; a text column
 * is dictionary-coded: an Int32Array of indexes into its distinct values (`levels`, in order of
 * first appearance), -1 where NULL.
 */
export type ColumnKind = 'number' | 'text';

/** A Drizzle select: its statement for the connection, and its rows as arrays of values (SQLite). */
export interface ColumnarQuery {
  toSQL(): { sql: string; params: unknown[] };
  values(): unknown[][];
}

export interface NumberColumn {
  kind: 'number';
  /** NaN where the value is missing (NULL, or text that is not a number). */
  values: Float64Array;
}

export interface TextColumn {
  kind: 'text';
  /** Index into `levels` per row; -1 where the value is missing. */
  codes: Int32Array;
  levels: string[];
}

export type Column = NumberColumn | TextColumn;

export interface ColumnarRows {
  length: number;
  columns: Column[];
}

function numberColumn(rows: readonly (readonly unknown[])[], c: number): NumberColumn {
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i]![c];
    values[i] = value === null || value === undefined ? Number.NaN : typeof value === 'number' ? value : Number(value);
  }
  return { kind: 'number', values };
}

function textColumn(rows: readonly (readonly unknown[])[], c: number): TextColumn {
  const codes = new Int32Array(rows.length);
  const dictionary = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i]![c];
    if (value === null || value === undefined) {
      codes[i] = -1;
      continue;
    }
    const text = String(value);
    let code = dictionary.get(text);
    if (code === undefined) {
      code = dictionary.size;
      dictionary.set(text, code);
    }
    codes[i] = code;
  }
  return { kind: 'text', codes, levels: [...dictionary.keys()] };
}

/** Rows (arrays of values in column order) as columns of the given kinds. */
export function columnsOfRows(rows: readonly (readonly unknown[])[], kinds: readonly ColumnKind[]): ColumnarRows {
  return { length: rows.length, columns: kinds.map((kind, c) => (kind === 'number' ? numberColumn(rows, c) : textColumn(rows, c))) };
}

/** A column's value at row `i` as the row-wise read gives it: a number, a string, or null. */
export function valueAt(column: Column, i: number): number | string | null {
  if (column.kind === 'number') {
    const value = column.values[i]!;
    return Number.isNaN(value) ? null : value;
  }
  const code = column.codes[i]!;
  return code < 0 ? null : column.levels[code]!;
}

/** Bytes the column's arrays hold (its levels counted as UTF-16 text). */
export function columnBytes(column: Column): number {
  if (column.kind === 'number') return column.values.byteLength;
  return column.codes.byteLength + column.levels.reduce((sum, level) => sum + 2 * level.length + 16, 0);
}
