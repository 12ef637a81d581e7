/**
 * Query results as columns instead of rows: one typed array per selected column, filled from the
 * driver's rows as arrays of values, one at a time (./driver.ts queryColumns), so that reading
 * 100,000 patients makes no object per patient and no Drizzle row mapping. A numeric column is a Float64Array with NaN where the value is NULL; a
 * text column is dictionary-coded: an Int32Array of indexes into its distinct values (`levels`, in
 * order of first appearance), -1 where NULL.
 */
export type ColumnKind = 'number' | 'text';

/** A Drizzle select: its statement as rendered for the connection. */
export interface ColumnarQuery {
  toSQL(): { sql: string; params: unknown[] };
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

const INITIAL_CAPACITY = 1_024;

function grown<T extends Float64Array | Int32Array>(array: T, make: (capacity: number) => T): T {
  const larger = make(array.length * 2);
  larger.set(array);
  return larger;
}

/** Collects rows (arrays of values in column order) into columns of the given kinds, one row at a time. */
export class ColumnsBuilder {
  private length = 0;
  private capacity = INITIAL_CAPACITY;
  private readonly numbers: (Float64Array | null)[];
  private readonly codes: (Int32Array | null)[];
  private readonly dictionaries: (Map<string, number> | null)[];

  constructor(private readonly kinds: readonly ColumnKind[]) {
    this.numbers = kinds.map((kind) => (kind === 'number' ? new Float64Array(INITIAL_CAPACITY) : null));
    this.codes = kinds.map((kind) => (kind === 'text' ? new Int32Array(INITIAL_CAPACITY) : null));
    this.dictionaries = kinds.map((kind) => (kind === 'text' ? new Map<string, number>() : null));
  }

  push(row: readonly unknown[]): void {
    if (this.length === this.capacity) this.grow();
    const at = this.length++;
    for (let c = 0; c < this.kinds.length; c++) {
      const value = row[c];
      const numbers = this.numbers[c];
      if (numbers !== null) {
        numbers![at] = value === null || value === undefined ? Number.NaN : typeof value === 'number' ? value : Number(value);
        continue;
      }
      if (value === null || value === undefined) {
        this.codes[c]![at] = -1;
        continue;
      }
      const text = String(value);
      const dictionary = this.dictionaries[c]!;
      let code = dictionary.get(text);
      if (code === undefined) {
        code = dictionary.size;
        dictionary.set(text, code);
      }
      this.codes[c]![at] = code;
    }
  }

  finish(): ColumnarRows {
    const columns = this.kinds.map((kind, c): Column => (kind === 'number'
      ? { kind, values: this.numbers[c]!.slice(0, this.length) }
      : { kind, codes: this.codes[c]!.slice(0, this.length), levels: [...this.dictionaries[c]!.keys()] }));
    return { length: this.length, columns };
  }

  private grow(): void {
    this.capacity *= 2;
    for (let c = 0; c < this.kinds.length; c++) {
      if (this.numbers[c] !== null) this.numbers[c] = grown(this.numbers[c]!, (n) => new Float64Array(n));
      if (this.codes[c] !== null) this.codes[c] = grown(this.codes[c]!, (n) => new Int32Array(n));
    }
  }
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
