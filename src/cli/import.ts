/**
 * `npm run import -- --site CODE DIR`: loads a folder of interchange CSV files
 * (docs/import-export.md) for one site into the database named by DATABASE_URL (the embedded one
 * by default), migrated first. All or nothing: on any invalid cell it prints every problem as
 * `file:line:column: reason` and exits 1 with the database untouched.
 * Progress goes to stderr (import-progress.ts: a bar on a terminal, plain lines elsewhere), the
 * summary to stdout.
 *
 * One import at a time per database (import-lock.ts): a second one is refused at once, naming
 * the running one, with an exit status of its own; so is an import that cannot get the write
 * lock from another writer within the busy timeout. The server keeps answering reads meanwhile
 * (WAL: readers see the last committed state, docs/import-export.md "Importing into a served
 * database").
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config.js';
import { closeStore, databaseFileFromUrl, databaseKindOf, openDatabase } from '../store/database.js';
import { migrateDatabase } from '../store/migrate.js';
import { DatabaseBusyError } from '../store/writes.js';
import { ApiError } from '../errors.js';
import { importFolder, type ImportReport } from '../interchange/import/import-folder.js';
import { createImportProgress } from './import-progress.js';
import { acquireImportLock, ImportBusyError, type ImportLock } from '../interchange/import/import-lock.js';
import { INTERCHANGE_FILES, RECORD_KINDS } from '../records/validation/interchange-format.js';
import { formatFileIssue, formatFileWarning } from '../records/validation/issues.js';

const EXIT_OK = 0;
const EXIT_INVALID_DATA = 1;
const EXIT_USAGE = 2;
const EXIT_BUSY = 3;
const EXIT_FAILED = 4;

const EXIT_STATUS_HELP = `
Exit status:
  ${EXIT_OK}  imported (with --dry-run: importable)
  ${EXIT_INVALID_DATA}  invalid data: every problem listed as file:line:column, nothing written
  ${EXIT_USAGE}  usage: a wrong option, site code or folder
  ${EXIT_BUSY}  busy: another import into this database is running, or another writer held the
     database past the busy timeout; nothing written, run it again later
  ${EXIT_FAILED}  failed unexpectedly (disk, permissions, a bug): nothing written, see the message
`;

/** The bytes of the interchange files in the folder (the whole of the progress bar); 0 when it cannot be read (the import says why). */
function bytesToRead(folder: string): number {
  let total = 0;
  for (const kind of RECORD_KINDS) {
    try {
      total += statSync(join(folder, INTERCHANGE_FILES[kind].fileName)).size;
    } catch {
      // absent: the import reports a missing patients.csv; other files are optional
    }
  }
  return total;
}

function printSummary(report: ImportReport, seconds: number): void {
  const counts = report.counts!;
  const site = `site ${report.siteCode}${report.siteCreated ? ' (new)' : ''}`;
  console.log(report.dryRun ? `Dry run for ${site}: nothing was written. The import would do:` : `Imported into ${site} in ${seconds.toFixed(1)} s:`);
  const rows = [['file', 'read', 'inserted', 'updated', 'unchanged']];
  for (const kind of RECORD_KINDS) {
    const fileName = INTERCHANGE_FILES[kind].fileName;
    if (!report.files.includes(fileName)) continue;
    const { read, inserted, updated, unchanged } = counts[kind];
    rows.push([fileName, ...[read, inserted, updated, unchanged].map((n) => n.toLocaleString('en-US'))]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  printWarnings(report, console.log);
}

/** The plausibility warnings: a count, then one `file:line:column: warning: ...` line each. */
function printWarnings(report: ImportReport, print: (line: string) => void): void {
  if (report.warnings.length === 0) return;
  const count = report.warnings.length;
  print(`${count} value${count === 1 ? '' : 's'} outside the physiologically plausible range (${report.dryRun || report.issues.length > 0 ? 'would be' : 'were'} kept, with a warning stored on the row):`);
  for (const warning of report.warnings) print(formatFileWarning(warning));
}

interface ImportCommandOptions { site: string; siteName?: string; dryRun?: boolean }

/**
 * The import lock of a SQLite database file, unless it is in memory or the run writes nothing.
 * PostgreSQL takes no file lock: its writers take turns through the advisory lock of the write
 * transaction (src/store/pg/driver.ts), and one that waits past the busy timeout exits busy.
 */
function lockFor(databaseUrl: string, folder: string, options: ImportCommandOptions): ImportLock | null {
  if (databaseKindOf(databaseUrl) !== 'sqlite') return null;
  const file = databaseFileFromUrl(databaseUrl);
  if (file === ':memory:' || options.dryRun === true) return null;
  return acquireImportLock(file, { site: options.site, folder });
}

async function run(folder: string, options: ImportCommandOptions): Promise<number> {
  const config = loadConfig();
  let lock: ImportLock | null;
  try {
    lock = lockFor(config.databaseUrl, folder, options);
  } catch (error) {
    if (!(error instanceof ImportBusyError)) throw error;
    console.error(`import: refused: ${error.message}`);
    return EXIT_BUSY;
  }
  try {
    return await runLocked(config.databaseUrl, folder, options);
  } finally {
    lock?.release();
  }
}

async function runLocked(databaseUrl: string, folder: string, options: ImportCommandOptions): Promise<number> {
  const db = openDatabase(databaseUrl);
  const progress = createImportProgress(process.stderr, bytesToRead(folder));
  try {
    await migrateDatabase(db);
    const started = performance.now();
    const report = await importFolder(db, {
      siteCode: options.site,
      siteName: options.siteName,
      folder,
      dryRun: options.dryRun ?? false,
      onProgress: (event) => progress.report(event),
    });
    progress.end();
    if (report.issues.length > 0) {
      for (const issue of report.issues) console.error(formatFileIssue(issue));
      printWarnings(report, console.error);
      const files = new Set(report.issues.map((issue) => issue.file)).size;
      console.error(`${report.issues.length} problem${report.issues.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: nothing was written.`);
      return EXIT_INVALID_DATA;
    }
    printSummary(report, (performance.now() - started) / 1000);
    return EXIT_OK;
  } catch (error) {
    progress.end();
    if (error instanceof DatabaseBusyError) {
      console.error(`import: ${error.message}`);
      return EXIT_BUSY;
    }
    if (!(error instanceof ApiError)) throw error;
    console.error(error.message);
    return EXIT_USAGE;
  } finally {
    await closeStore(db);
  }
}

const program = new Command()
  .name('npm run import --')
  .description('Load a folder of CSV files in the interchange format (patients.csv, and optionally treatments.csv, labs.csv, imaging.csv) for one site.')
  .requiredOption('--site <code>', 'the site the rows belong to (created when new)')
  .option('--site-name <name>', 'the name of a site this import creates (default: its code)')
  .option('--dry-run', 'validate and count what would change, write nothing')
  .argument('<dir>', 'the folder holding the CSV files')
  .addHelpText('after', EXIT_STATUS_HELP)
  .showHelpAfterError()
  .exitOverride()
  .action(async (folder: string, options: ImportCommandOptions) => {
    process.exitCode = await run(folder, options);
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed the problem (or the help, exit code 0).
    process.exitCode = error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  } else {
    console.error('import: failed, nothing was written:', error);
    process.exitCode = EXIT_FAILED;
  }
}
