/**
 * The shape every export shares, whatever its format: typed columns, each computing its value from
 * a row, and the rows themselves in bounded batches. The encoders (csv-encoder.ts,
 * arrow-encoder.ts, json-encoder.ts) turn it into bytes; a column's type decides how.
 */
export type ExportValue = string | number | boolean | null;

/** text: UTF-8; integer: 32-bit; number: double; boolean: 0/1 in CSV (true/false with csvBooleans 'words'); date: YYYY-MM-DD in CSV and JSON, a day in Arrow. */
export type ColumnType = 'text' | 'integer' | 'number' | 'boolean' | 'date';

export interface ExportColumn<Row> {
  name: string;
  type: ColumnType;
  value(row: Row): ExportValue;
}

export interface ExportTable<Row> {
  /** The base of the file name, e.g. "labs". */
  name: string;
  columns: readonly ExportColumn<Row>[];
  /** Batches of at most BATCH_ROWS rows, read from the database as they are pulled. */
  batches: AsyncIterable<Row[]>;
  /** How CSV writes booleans: 0/1 as the interchange format (the default), or true/false as the API. */
  csvBooleans?: 'flags' | 'words';
  /** Whose column names and spellings: the CSV interchange format's (the default) or the API's (api-vocabulary.ts). */
  vocabulary?: 'interchange' | 'api';
  /**
   * Text columns with a closed set of single-valued levels, by name, with the levels in the data
   * dictionary's order: Arrow and Parquet write them as dictionary types (pandas categoricals, R factors).
   */
  categories?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A table seen from outside, where only its own columns ever read its rows (they come together,
 * so the row type needs no name there).
 */
export function eraseRowType<Row>(table: ExportTable<Row>): ExportTable<unknown> {
  return table as ExportTable<unknown>;
}

/** Rows per batch: an Arrow record batch, and what one pull reads from the database at most. */
export const BATCH_ROWS = 10_000;

/** Regroups chunks of any size into batches of exactly `size` rows (the last one shorter). */
export async function* rebatch<Row>(chunks: AsyncIterable<readonly Row[]>, size: number = BATCH_ROWS): AsyncGenerator<Row[]> {
  let batch: Row[] = [];
  for await (const chunk of chunks) {
    for (const row of chunk) {
      batch.push(row);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
