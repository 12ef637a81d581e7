/**
 * CSV text of an export table (RFC 4180: comma-separated, CRLF-free `\n` line ends, a cell quoted
 * when it holds a comma, a quote or a line break, quotes doubled). Empty cell = null; booleans
 * 0/1 as in the interchange format (true/false for a table in the API's vocabulary); numbers in JavaScript's shortest round-trip notation, so a
 * re-import reads back the very same double. A text cell a spreadsheet would run as a formula
 * gets a leading `'` (neutralizeFormula(), interchange-format.ts), which the import removes;
 * number, date and boolean cells are written as they are.
 */
import { neutralizeFormula, spellFlag } from '../../records/validation/interchange-format.js';
import type { ColumnType, ExportColumn, ExportTable, ExportValue } from './export-table.js';

const NEEDS_QUOTES = /[",\n\r]/;

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvCell(value: ExportValue, type: ColumnType, booleans: 'flags' | 'words' = 'flags'): string {
  if (value === null) return '';
  if (type === 'boolean') return booleans === 'words' ? String(value === true) : spellFlag(value === true);
  if (typeof value !== 'string') return String(value);
  return quote(type === 'text' ? neutralizeFormula(value) : value);
}

function csvLine<Row>(columns: readonly ExportColumn<Row>[], row: Row, booleans: 'flags' | 'words'): string {
  let line = '';
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index]!;
    if (index > 0) line += ',';
    line += csvCell(column.value(row), column.type, booleans);
  }
  return `${line}\n`;
}

/** The header, then one string per batch. */
export async function* encodeCsv<Row>(table: ExportTable<Row>): AsyncGenerator<string> {
  yield `${table.columns.map((column) => quote(column.name)).join(',')}\n`;
  for await (const batch of table.batches) {
    let text = '';
    for (const row of batch) text += csvLine(table.columns, row, table.csvBooleans ?? 'flags');
    yield text;
  }
}
