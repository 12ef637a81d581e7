/**
 * A Parquet file of an export table: the table's Arrow record batches (arrow-encoder.ts, the same
 * types: Utf8, Int32, Float64, Bool, Date32) written by parquet-wasm (the Rust `parquet` crate of
 * Apache Arrow, compiled to WebAssembly) with Snappy compression, one row group per 10,000 rows.
 *
 * Unlike the Arrow stream and CSV, a Parquet file ends with a footer that indexes every row group,
 * and parquet-wasm writes a whole table at once: the export is held in memory (as Arrow, then as
 * Parquet) before its first byte goes out. For registry-sized exports the Arrow stream stays the
 * format that streams (docs/import-export.md, "Parquet").
 */
import { Compression, Table, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { encodeArrowStream } from './arrow-encoder.js';
import { BATCH_ROWS, type ExportTable } from './export-table.js';

/** The Parquet file of the table, as one chunk of bytes. */
export async function* encodeParquet<Row>(table: ExportTable<Row>): AsyncGenerator<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of encodeArrowStream(table)) chunks.push(chunk);
  const ipc = Buffer.concat(chunks);
  const properties = new WriterPropertiesBuilder()
    .setCompression(Compression.SNAPPY)
    .setMaxRowGroupSize(BATCH_ROWS)
    .setCreatedBy('net-tare-cohort-api')
    .build();
  // writeParquet takes the WebAssembly table (and the properties) and frees them itself.
  yield Buffer.from(writeParquet(Table.fromIPCStream(ipc), properties));
}
