/**
 * Reads one interchange CSV file as a stream of rows keyed by column name, with the line each row
 * starts on, checking the structure first: a header with the required columns and no unknown
 * ones, and every row as long as the header. Structural problems come out as issues beside the
 * rows; a file csv-parse cannot read on (an unclosed quote) ends with one issue at that point.
 *
 * csv-parse's per-record `info` would give line numbers but costs three times the parsing time,
 * so lines are counted here: each record is one line plus the line breaks inside its quoted
 * cells; blank lines are skipped and counted. Events come in batches, which keeps the cost of
 * asynchronous iteration off every row.
 *
 * A cell an export wrote with a leading `'` to keep a spreadsheet from running it as a formula
 * reads as the value it stands for (restoreNeutralizedFormula(), interchange-format.ts).
 */
import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { AGE_COLUMNS, restoreNeutralizedFormula, type InterchangeFile } from '../../records/validation/interchange-format.js';

export type Cells = Record<string, string | undefined>;

export interface CsvStructureIssue {
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

export type CsvEvent =
  | { type: 'header'; columns: readonly string[] }
  | { type: 'row'; line: number; cells: Cells }
  | { type: 'issue'; issue: CsvStructureIssue };

function countLineBreaks(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) breaks += 1;
  }
  return breaks;
}

function isBlankLine(cells: readonly string[]): boolean {
  return cells.length === 1 && cells[0] === '';
}

/** Issues of a header: unknown and repeated columns where they stand, missing required ones at the end. */
function checkHeader(header: readonly string[], file: InterchangeFile): CsvStructureIssue[] {
  const issues: CsvStructureIssue[] = [];
  const known = new Set([...file.columns, ...file.exportOnlyColumns]);
  const seen = new Set<string>();
  header.forEach((name, index) => {
    if (!known.has(name)) {
      issues.push({ line: 1, column: index + 1, message: `unknown column "${name}"; ${file.fileName} has: ${file.columns.join(', ')}` });
    } else if (seen.has(name)) {
      issues.push({ line: 1, column: index + 1, message: `column "${name}" appears twice` });
    }
    seen.add(name);
  });
  const end = header.length + 1;
  for (const name of file.requiredColumns) {
    if (!seen.has(name)) issues.push({ line: 1, column: end, message: `missing column "${name}"` });
  }
  if (file.kind === 'patients' && !AGE_COLUMNS.some((name) => seen.has(name))) {
    issues.push({ line: 1, column: end, message: `missing column "${AGE_COLUMNS[0]}" or "${AGE_COLUMNS[1]}"` });
  }
  return issues;
}

const EVENTS_PER_BATCH = 1_000;

/** The file's events in order, in batches; calls `onBytesRead` with the bytes read so far after each batch. */
export async function* readInterchangeCsv(
  path: string,
  file: InterchangeFile,
  options: { onBytesRead?: (bytes: number) => void } = {},
): AsyncGenerator<CsvEvent[]> {
  const input = createReadStream(path);
  const parser = input.pipe(parse({ bom: true, trim: true, relax_column_count: true, skip_empty_lines: false }));
  let batch: CsvEvent[] = [];
  const flush = () => {
    const full = batch;
    batch = [];
    options.onBytesRead?.(input.bytesRead);
    return full;
  };
  let header: string[] | null = null;
  let nextLine = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine = line + 1 + countLineBreaks(record);
      if (isBlankLine(record)) continue;
      if (header === null) {
        header = record;
        batch.push({ type: 'header', columns: header }, ...checkHeader(header, file).map((issue): CsvEvent => ({ type: 'issue', issue })));
      } else if (record.length !== header.length) {
        const column = Math.min(record.length, header.length) + 1;
        batch.push({ type: 'issue', issue: { line, column, message: `this row has ${record.length} cells, the header has ${header.length}` } });
      } else {
        const cells: Cells = {};
        for (let index = 0; index < header.length; index++) cells[header[index]!] = restoreNeutralizedFormula(record[index]!);
        batch.push({ type: 'row', line, cells });
      }
      if (batch.length >= EVENTS_PER_BATCH) yield flush();
    }
    if (header === null) batch.push({ type: 'issue', issue: { line: 1, column: 1, message: 'the file is empty: it needs a header row' } });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const at = error as CsvError & { lines?: number; column?: number };
    batch.push({ type: 'issue', issue: { line: at.lines ?? nextLine, column: typeof at.column === 'number' ? at.column + 1 : 1, message: `unreadable CSV: ${error.message}` } });
  } finally {
    input.destroy();
  }
  yield flush();
}
