/**
 * Apache Arrow record batches of an export table: one schema for the whole stream, one record
 * batch per batch of rows (BATCH_ROWS). Types: text → Utf8, integer → Int32, number → Float64,
 * boolean → Bool, date → Date32 (days since 1970-01-01, read as a date by pandas/pyarrow, polars
 * and R's arrow); a text column with levels (ExportTable.categories) → Dictionary<Int32, Utf8> whose
 * dictionary is the levels in the data dictionary's order, sent once at the start of the stream
 * (Arrow columnar format, "Dictionary-encoded Layout"), so pyarrow's to_pandas() gives a Categorical
 * with those categories in that order and R's arrow a factor with those levels. Every field is nullable. encodeArrowStream() turns them into the bytes of one
 * IPC stream (schema, record batches, end-of-stream marker), a batch at a time.
 *
 * Each column is laid out directly in its Arrow buffers (a validity bitmap, then values, or
 * offsets and UTF-8 bytes; Arrow columnar format, "Physical memory layout"), which is several
 * times faster than appending value by value through apache-arrow's builders.
 */
import {
  AsyncByteQueue, Bool, DateDay, Dictionary, Field, Float64, Int32, makeData, RecordBatch, RecordBatchStreamWriter, Schema, Struct, Utf8,
  vectorFromArray, type Data, type DataType, type Vector,
} from 'apache-arrow';
import type { ColumnType, ExportTable, ExportValue } from './export-table.js';

function arrowType(type: ColumnType): DataType {
  switch (type) {
    case 'text': return new Utf8();
    case 'integer': return new Int32();
    case 'number': return new Float64();
    case 'boolean': return new Bool();
    case 'date': return new DateDay();
  }
}

const MS_PER_DAY = 86_400_000;

/** A least-significant-bit-first bitmap with a bit set for each value that holds. */
function bitmap(values: readonly ExportValue[], holds: (value: ExportValue) => boolean): Uint8Array {
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  for (let index = 0; index < values.length; index++) {
    if (holds(values[index]!)) bits[index >> 3]! |= 1 << (index & 7);
  }
  return bits;
}

const isPresent = (value: ExportValue) => value !== null;
const isTrue = (value: ExportValue) => value === true;

/**
 * Per-stream memory of what repeated values encode to: text columns repeat a few values (the
 * patient of a run of labs, the analyte, the unit, the timepoint) and dates a few thousand days,
 * so each is encoded once, not once per row. Bounded: cleared when it grows past its cap.
 */
class EncodedValues<Encoded> {
  private readonly encoded = new Map<string, Encoded>();

  constructor(private readonly encode: (value: string) => Encoded, private readonly cap = 100_000) {}

  of(value: string): Encoded {
    let encoded = this.encoded.get(value);
    if (encoded === undefined) {
      if (this.encoded.size >= this.cap) this.encoded.clear();
      encoded = this.encode(value);
      this.encoded.set(value, encoded);
    }
    return encoded;
  }
}

const utf8 = () => new EncodedValues((value) => Buffer.from(value, 'utf8'));
const epochDays = () => new EncodedValues((value) => Date.parse(`${value}T00:00:00Z`) / MS_PER_DAY);

type Encoders = { utf8: EncodedValues<Buffer>; epochDays: EncodedValues<number> };

/** Arrow's Utf8 layout: value i is the bytes from offsets[i] to offsets[i + 1]. */
function textData(values: readonly ExportValue[], encoders: Encoders): { valueOffsets: Int32Array; data: Uint8Array } {
  const offsets = new Int32Array(values.length + 1);
  const parts: (Buffer | null)[] = new Array(values.length);
  let bytes = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    const part = value === null ? null : encoders.utf8.of(String(value));
    parts[index] = part;
    bytes += part?.length ?? 0;
    offsets[index + 1] = bytes;
  }
  const data = new Uint8Array(bytes);
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (part) data.set(part, offsets[index]!);
  }
  return { valueOffsets: offsets, data };
}

/** A typed array of the values, 0 where null (the validity bitmap says which). */
function numbers<Values extends Float64Array | Int32Array>(values: readonly ExportValue[], into: Values, toNumber: (value: ExportValue) => number): Values {
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value !== null) into[index] = toNumber(value);
  }
  return into;
}

function columnData(type: ColumnType, values: readonly ExportValue[], encoders: Encoders): Data {
  const length = values.length;
  const nullBitmap = bitmap(values, isPresent);
  const nullCount = values.reduce<number>((count, value) => count + (value === null ? 1 : 0), 0);
  switch (type) {
    case 'text': {
      const { valueOffsets, data } = textData(values, encoders);
      return makeData({ type: new Utf8(), length, nullCount, nullBitmap, valueOffsets, data });
    }
    case 'boolean':
      return makeData({ type: new Bool(), length, nullCount, nullBitmap, data: bitmap(values, isTrue) });
    case 'number':
      return makeData({ type: new Float64(), length, nullCount, nullBitmap, data: numbers(values, new Float64Array(length), Number) });
    case 'integer':
      return makeData({ type: new Int32(), length, nullCount, nullBitmap, data: numbers(values, new Int32Array(length), Number) });
    case 'date':
      return makeData({ type: new DateDay(), length, nullCount, nullBitmap, data: numbers(values, new Int32Array(length), (value) => encoders.epochDays.of(String(value))) });
  }
}

/** A categorical column: its Arrow type (dictionary id = column index) and its levels, with each level's index. */
interface Category { type: Dictionary<Utf8, Int32>; dictionary: Vector<Utf8>; indexOf: Map<string, number> }

function categoriesOf<Row>(table: ExportTable<Row>): (Category | undefined)[] {
  return table.columns.map((column, index) => {
    const levels = table.categories?.[column.name];
    if (levels === undefined || column.type !== 'text') return undefined;
    return {
      type: new Dictionary(new Utf8(), new Int32(), index, false),
      dictionary: vectorFromArray([...levels], new Utf8()),
      indexOf: new Map(levels.map((level, position) => [level, position])),
    };
  });
}

/** The indices of the values into the category's levels; a value outside them is a bug of the table, not of the data. */
function categoryData(category: Category, column: string, values: readonly ExportValue[]): Data {
  const indices = numbers(values, new Int32Array(values.length), (value) => {
    const index = category.indexOf.get(String(value));
    if (index === undefined) throw new Error(`Export column ${column}: "${String(value)}" is not one of its levels ${[...category.indexOf.keys()].join(', ')}.`);
    return index;
  });
  const nullCount = values.reduce<number>((count, value) => count + (value === null ? 1 : 0), 0);
  return makeData({ type: category.type, length: values.length, nullCount, nullBitmap: bitmap(values, isPresent), data: indices, dictionary: category.dictionary });
}

function arrowSchema<Row>(table: ExportTable<Row>, categories: readonly (Category | undefined)[]): Schema {
  return new Schema(table.columns.map((column, index) => new Field(column.name, categories[index]?.type ?? arrowType(column.type), true)));
}

/** One record batch per batch of the table; an empty table gives one batch of no rows, which carries the schema. */
async function* encodeArrowBatches<Row>(table: ExportTable<Row>, schema: Schema, categories: readonly (Category | undefined)[]): AsyncGenerator<RecordBatch> {
  const struct = new Struct(schema.fields);
  const encoders = table.columns.map((): Encoders => ({ utf8: utf8(), epochDays: epochDays() }));
  const batchOf = (rows: readonly Row[]) => new RecordBatch(schema, makeData({
    type: struct, length: rows.length, nullCount: 0,
    children: table.columns.map((column, index) => {
      const values = rows.map((row) => column.value(row));
      const category = categories[index];
      return category === undefined ? columnData(column.type, values, encoders[index]!) : categoryData(category, column.name, values);
    }),
  }));
  let batches = 0;
  for await (const rows of table.batches) {
    yield batchOf(rows);
    batches += 1;
  }
  if (batches === 0) yield batchOf([]);
}

/**
 * The sink of a RecordBatchStreamWriter that keeps what the writer wrote until taken. The writer
 * writes to its sink synchronously, so after each batch its bytes are all here; apache-arrow's
 * own Node stream (throughNode) accepts batches without waiting for its reader, which would let a
 * slow client pile the whole export up in memory.
 */
class TakenBytes extends AsyncByteQueue {
  private chunks: Uint8Array[] = [];

  override write(value: Uint8Array): void {
    this.chunks.push(value);
  }

  take(): Buffer {
    const bytes = Buffer.concat(this.chunks);
    this.chunks = [];
    return bytes;
  }
}

/** The Arrow IPC stream of the table, one chunk of bytes per record batch (the first with the schema, the last with the end marker). */
export async function* encodeArrowStream<Row>(table: ExportTable<Row>): AsyncGenerator<Buffer> {
  const sink = new TakenBytes();
  const writer = new RecordBatchStreamWriter();
  const categories = categoriesOf(table);
  const schema = arrowSchema(table, categories);
  writer.reset(sink, schema);
  for await (const batch of encodeArrowBatches(table, schema, categories)) {
    writer.write(batch);
    yield sink.take();
  }
  writer.close();
  yield sink.take();
}
