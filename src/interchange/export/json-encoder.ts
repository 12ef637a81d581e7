/**
 * A JSON array of row objects keyed by column name (booleans as true/false, dates as
 * "YYYY-MM-DD", null for missing), written one batch at a time.
 */
import type { ExportTable } from './export-table.js';

export async function* encodeJson<Row>(table: ExportTable<Row>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const batch of table.batches) {
    let text = '';
    for (const row of batch) {
      const object: Record<string, unknown> = {};
      for (const column of table.columns) object[column.name] = column.value(row);
      text += `${first ? '\n' : ',\n'}${JSON.stringify(object)}`;
      first = false;
    }
    yield text;
  }
  yield '\n]\n';
}
