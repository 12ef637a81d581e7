/**
 * Imports a folder of interchange CSV files for one site, all or nothing:
 *   1. each file is streamed, every row validated by its zod schema and staged (valid rows only;
 *      a patient row with bad cells by its key, so records that refer to it do not cascade into
 *      "unknown patient" errors); nothing is held in memory but the issues and one batch;
 *   2. in one transaction: the rules between rows and with the stored data, then, when nothing
 *      at all is wrong, the count of what changes, the merge and the grade recomputation
 *      (staged-write.ts). The site is created in that transaction when it is new.
 * Every problem of every file is reported, sorted, each at its file, line and column.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { findSiteByCode } from '../../store/sites.js';
import { createStager, enlargePageCacheForBulkWrite, resetStaging, type LabResultValues, type StagedRow } from '../../store/staging.js';
import { inReadTransaction, inSession, inWriteTransaction, insertSite } from '../../store/writes.js';
import type { Store } from '../../store/database.js';
import { badUserInput } from '../../errors.js';
import { forbiddenCharacterProblem, isBlank, siteCode as siteCodeSchema } from '../../records/validation/cells.js';
import { readInterchangeCsv, type Cells } from './csv-rows.js';
import { INTERCHANGE_FILES, RECORD_KINDS, SITE_COLUMN, type InterchangeFile, type RecordKind } from '../../records/validation/interchange-format.js';
import { compareFileIssues, issuesFromZod, type FileIssue, type FileWarning, type RecordIssue, type RecordWarning } from '../../records/validation/issues.js';
import { createRecordSchemas, todayIso } from '../../records/validation/record-schemas.js';
import { checkStagedRows, writeStagedRows, type ChangeCounts } from '../../records/validation/staged-write.js';

export type ImportProgress =
  | { phase: 'reading'; file: string; bytesRead: number; bytesTotal: number }
  | { phase: 'checking' }
  | { phase: 'writing' }
  | { phase: 'grading'; patients: number };

export interface ImportOptions {
  siteCode: string;
  /** The name of a site created by this import (default: its code). */
  siteName?: string;
  folder: string;
  /** Validate and count, write nothing. */
  dryRun?: boolean;
  /** YYYY-MM-DD; no date may be later (default: today, UTC). */
  today?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportReport {
  siteCode: string;
  siteCreated: boolean;
  dryRun: boolean;
  /** Sorted by file, line, column. Empty when the import was written (or, dry, would be). */
  issues: FileIssue[];
  /** Values accepted with a warning (outside their analyte's plausible range), sorted like the issues. */
  warnings: FileWarning[];
  /** The files found, in import order. */
  files: string[];
  /** Null when there were issues. */
  counts: ChangeCounts | null;
}

const STAGE_BATCH_ROWS = 5_000;

/** Appends `items` to `target` one by one: `push(...items)` passes every item as an argument, and a file with a problem on each of a million rows overflows the stack. */
function append<Item>(target: Item[], items: readonly Item[]): void {
  for (const item of items) target.push(item);
}

/** The interchange files present in the folder, and an issue for each other CSV file (probably a misnamed one). */
async function listFolder(folder: string): Promise<{ present: InterchangeFile[]; issues: FileIssue[] }> {
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    throw badUserInput(`Cannot read the folder ${folder}: ${error.code === 'ENOENT' ? 'it does not exist' : error.message}.`, 'folder');
  });
  const known = new Map(RECORD_KINDS.map((kind) => [INTERCHANGE_FILES[kind].fileName, INTERCHANGE_FILES[kind]]));
  const present = RECORD_KINDS.map((kind) => INTERCHANGE_FILES[kind]).filter((file) => names.includes(file.fileName));
  const issues: FileIssue[] = names
    .filter((name) => name.toLowerCase().endsWith('.csv') && !known.has(name))
    .map((name) => ({ file: name, line: 1, column: 1, code: 'MALFORMED_FILE', message: `unknown file: the import reads ${[...known.keys()].join(', ')}` }));
  if (!names.includes(INTERCHANGE_FILES.patients.fileName)) {
    issues.push({ file: INTERCHANGE_FILES.patients.fileName, line: 1, column: 1, code: 'MALFORMED_FILE', message: 'missing: the folder must hold patients.csv' });
  }
  return { present, issues };
}

/** Rows waiting to be staged, written once STAGE_BATCH_ROWS have gathered (flushIfFull) and at the end (flush). */
function stagingBatch<Row>(stage: (rows: readonly Row[]) => Promise<void>) {
  let rows: Row[] = [];
  const flush = async () => {
    if (rows.length === 0) return;
    const staged = rows;
    rows = [];
    await stage(staged);
  };
  return {
    add(row: Row) {
      rows.push(row);
    },
    async flushIfFull() {
      if (rows.length >= STAGE_BATCH_ROWS) await flush();
    },
    flush,
  };
}

/** Validates rows of one kind and stages the valid ones. */
interface RowSink {
  /** Null when the row is valid (and staged), else the problems. */
  accept(line: number, cells: Cells): z.ZodError | null;
  flushIfFull(): Promise<void>;
  flush(): Promise<void>;
}

/** The warnings of a valid row: the column and message of each value worth checking. */
type WarningsOf<Values> = (values: Values) => readonly { column: string; message: string }[];

const labWarnings: WarningsOf<LabResultValues> = (lab) => (lab.plausibilityWarning === null ? [] : [{ column: 'value', message: lab.plausibilityWarning }]);

function rowSink<Values>(
  kind: RecordKind,
  schema: z.ZodType<Values>,
  stage: (rows: readonly StagedRow<Values>[]) => Promise<void>,
  warnings: RecordWarning[],
  warningsOf: WarningsOf<Values> = () => [],
): RowSink {
  const batch = stagingBatch(stage);
  return {
    accept(line, cells) {
      const parsed = schema.safeParse(cells);
      if (!parsed.success) return parsed.error;
      batch.add({ line, record: parsed.data });
      for (const warning of warningsOf(parsed.data)) warnings.push({ kind, line, ...warning });
      return null;
    },
    flushIfFull: batch.flushIfFull,
    flush: batch.flush,
  };
}

interface StagingContext {
  siteCode: string;
  sinks: Readonly<Record<RecordKind, RowSink>>;
  /** Patient rows with invalid cells, staged by their key. */
  invalidPatients: { add(row: StagedRow<string>): void; flushIfFull(): Promise<void> };
}

interface FileOutcome {
  header: readonly string[];
  issues: FileIssue[];
  recordIssues: RecordIssue[];
}

async function stageFile(path: string, file: InterchangeFile, context: StagingContext, onBytesRead: (bytes: number) => void): Promise<FileOutcome> {
  const outcome: FileOutcome = { header: [], issues: [], recordIssues: [] };
  for await (const events of readInterchangeCsv(path, file, { onBytesRead })) {
    for (const event of events) {
      if (event.type === 'header') outcome.header = event.columns;
      else if (event.type === 'issue') outcome.issues.push({ file: file.fileName, ...event.issue, code: 'MALFORMED_FILE' });
      else outcome.recordIssues.push(...stageRow(event.line, event.cells, file.kind, context));
    }
    await context.sinks[file.kind].flushIfFull();
    await context.invalidPatients.flushIfFull();
  }
  await context.sinks[file.kind].flush();
  return outcome;
}

/** The columns an export adds are not data, but their cells are checked for forbidden characters like every other (the schemas check the data). */
function exportOnlyCellIssues(line: number, cells: Cells, kind: RecordKind): RecordIssue[] {
  const issues: RecordIssue[] = [];
  for (const column of INTERCHANGE_FILES[kind].exportOnlyColumns) {
    const problem = forbiddenCharacterProblem(cells[column] ?? '');
    if (problem !== null) issues.push({ kind, line, column, code: 'INVALID_VALUE', message: problem });
  }
  return issues;
}

function stageRow(line: number, cells: Cells, kind: RecordKind, context: StagingContext): RecordIssue[] {
  const issues = exportOnlyCellIssues(line, cells, kind);
  const site = cells[SITE_COLUMN];
  if (site !== undefined && !isBlank(site) && site !== context.siteCode && forbiddenCharacterProblem(site) === null) {
    issues.push({ kind, line, column: SITE_COLUMN, code: 'WRONG_SITE', message: `the row is of site ${site}, the import is for site ${context.siteCode}` });
  }
  const error = context.sinks[kind].accept(line, cells);
  if (error === null) return issues;
  const patientId = cells['patient_id'];
  if (kind === 'patients' && patientId !== undefined && !isBlank(patientId)) context.invalidPatients.add({ line, record: patientId.trim() });
  return [...issues, ...issuesFromZod(kind, line, error)];
}

/** A column's position in the header (1-based); a column the header lacks points just past its end. */
function locate<Found extends RecordIssue | RecordWarning>(found: Found, headers: ReadonlyMap<RecordKind, readonly string[]>) {
  const header = headers.get(found.kind) ?? [];
  const index = header.indexOf(found.column);
  const { kind, column, message, ...rest } = found;
  return {
    ...rest,
    file: INTERCHANGE_FILES[kind].fileName,
    column: index === -1 ? header.length + 1 : index + 1,
    message: `${column}: ${message}`,
  };
}

export async function importFolder(db: Store, options: ImportOptions): Promise<ImportReport> {
  const siteCode = siteCodeSchema().safeParse(options.siteCode);
  if (!siteCode.success) throw badUserInput(siteCode.error.issues[0]!.message, 'site');
  const code = siteCode.data;
  const dryRun = options.dryRun ?? false;
  const { present, issues } = await listFolder(options.folder);

  // The staging area's temporary tables live on one connection, from the first staged row to the merge.
  return inSession(db, async () => {
    await enlargePageCacheForBulkWrite(db);
    await resetStaging(db);
    const stager = createStager(db);
    const schemas = createRecordSchemas(options.today ?? todayIso());
    const invalidPatients = stagingBatch(stager.invalidPatients);
    const recordWarnings: RecordWarning[] = [];
    const context: StagingContext = {
      siteCode: code,
      sinks: {
        patients: rowSink('patients', schemas.patients, stager.patients, recordWarnings),
        treatments: rowSink('treatments', schemas.treatments, stager.treatments, recordWarnings),
        labs: rowSink('labs', schemas.labs, stager.labs, recordWarnings, labWarnings),
        imaging: rowSink('imaging', schemas.imaging, stager.imaging, recordWarnings),
        events: rowSink('events', schemas.events, stager.events, recordWarnings),
      },
      invalidPatients,
    };
    const headers = new Map<RecordKind, readonly string[]>();
    const recordIssues: RecordIssue[] = [];
    for (const file of present) {
      const path = join(options.folder, file.fileName);
      const bytesTotal = (await stat(path)).size;
      const onBytesRead = (bytesRead: number) => options.onProgress?.({ phase: 'reading', file: file.fileName, bytesRead, bytesTotal });
      onBytesRead(0);
      const outcome = await stageFile(path, file, context, onBytesRead);
      headers.set(file.kind, outcome.header);
      append(issues, outcome.issues);
      append(recordIssues, outcome.recordIssues);
    }
    await invalidPatients.flush();

    options.onProgress?.({ phase: 'checking' });
    const inTransaction = dryRun ? inReadTransaction : inWriteTransaction;
    const result = await inTransaction(db, async () => {
      const site = await findSiteByCode(db, code);
      append(recordIssues, await checkStagedRows(db, { id: site?.id ?? null, code }, (line) => `line ${line}`));
      if (issues.length > 0 || recordIssues.length > 0) return { counts: null, siteCreated: false };
      if (!dryRun) options.onProgress?.({ phase: 'writing' });
      const siteId = site?.id ?? (dryRun ? null : await insertSite(db, code, options.siteName ?? code));
      const counts = await writeStagedRows(db, siteId, { dryRun, onRegrade: (patients) => options.onProgress?.({ phase: 'grading', patients }) });
      return { counts, siteCreated: site === undefined };
    });
    await resetStaging(db);

    return {
      siteCode: code,
      siteCreated: result.siteCreated,
      dryRun,
      issues: [...issues, ...recordIssues.map((issue): FileIssue => locate(issue, headers))].sort(compareFileIssues),
      warnings: recordWarnings.map((warning): FileWarning => locate(warning, headers)).sort(compareFileIssues),
      files: present.map((file) => file.fileName),
      counts: result.counts,
    };
  });
}
