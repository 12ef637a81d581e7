/**
 * The rows of a Drizzle select read as arrays (./driver.ts queryRowArrays: better-sqlite3's
 * .raw(), node-postgres's rowMode 'array') and made into the very objects Drizzle's `all()`
 * returns: one key per entry of the selection, in its order, each value decoded as Drizzle
 * decodes it (a boolean column's 0/1 as false/true, null left null). Drizzle's own mapping
 * (mapResultRow) walks a path and checks each field's class for every value of every row; here
 * the decoders are picked once per query, and the columns whose decoding is the identity (the
 * integers, reals and texts of the record tables) are copied as they are.
 */
import { Column, is, noopDecoder, type DriverValueDecoder, type SQL } from 'drizzle-orm';
import type { Store } from './database.js';
import { queryRowArrays } from './driver.js';

/** A flat selection: result keys to columns or SQL expressions, as `db.select(selection)` takes. */
export type FlatSelection = Readonly<Record<string, Column | SQL>>;

type Decode = (value: unknown) => unknown;

/** Each selected field's decoder, or null where Drizzle's decoding returns the value unchanged. */
function decodersOf(selection: FlatSelection): (Decode | null)[] {
  return Object.values(selection).map((field) => {
    if (is(field, Column)) {
      return field.mapFromDriverValue === Column.prototype.mapFromDriverValue ? null : (value) => field.mapFromDriverValue(value);
    }
    // An SQL expression's decoder (its mapWith) is internal to Drizzle's types; its mapResultRow reads it so.
    const decoder = (field as unknown as { decoder: DriverValueDecoder<unknown, unknown> }).decoder;
    return decoder === noopDecoder || decoder.mapFromDriverValue === noopDecoder.mapFromDriverValue ? null : (value) => decoder.mapFromDriverValue(value);
  });
}

/** Every row of `query`, a `db.select(selection)` query, as the objects Drizzle's `all()` would return. */
export async function querySelected<Row>(db: Store, query: { all(): Row[]; toSQL(): { sql: string; params: unknown[] } }, selection: FlatSelection): Promise<Row[]> {
  const keys = Object.keys(selection);
  const decoders = decodersOf(selection);
  const rows = await queryRowArrays<unknown[]>(db, query);
  const records = new Array<Row>(rows.length);
  for (let row = 0; row < rows.length; row++) {
    const values = rows[row]!;
    const record: Record<string, unknown> = {};
    for (let column = 0; column < keys.length; column++) {
      const value = values[column];
      const decode = decoders[column];
      record[keys[column]!] = value === null || decode === null ? value : decode!(value);
    }
    records[row] = record as Row;
  }
  return records;
}
