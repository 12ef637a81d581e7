/**
 * Import and export at registry scale.
 *
 * Registry: the demo generator scaled up (generateDemoCohort({ patients, sites: 8 }), ~24 labs a
 * patient), written as one interchange folder (patients.csv, treatments.csv, labs.csv,
 * imaging.csv) and imported into a fresh database file as one site, by the CLI in a child process,
 * exactly as `npm run import -- --site REGISTRY DIR`. Two sizes (default 25,000 and 100,000
 * patients): lab rows per second = lab rows / wall-clock time of the whole import (reading,
 * validating, checking, merging, grading); the time of each phase comes from the CLI's progress
 * lines on stderr. Peak memory: the child's VmHWM (peak resident set size) from /proc, read every
 * 20 ms until it exits; the same peak at both sizes shows that memory does not grow with the files.
 *
 * Export, on the largest database, served by `npm start` in a child process: the long-format labs
 * of every patient fetched by this process (a) as Arrow (`/export/labs.arrow`), (b) as CSV
 * (`/export/labs.csv`), and (c) as CSV through JSON: the GraphQL read API paged 500 patients at a
 * time (`patients { nodes { labs { ... } } }`), each page's JSON turned into CSV lines, the way a
 * notebook without the export URLs would get the same table. Time to the last byte (and, for (c),
 * to the last line written); ratio = (c) / (a). The server's peak RSS (/proc VmHWM) is read at
 * start, after the two exports, and after the GraphQL paging.
 *
 * With a PostgreSQL server (`npm run bench -- --database postgres://...`), each import goes to a
 * new database on that server (bench_import_<patients>, dropped first if left over) and the
 * exports are served from the largest.
 *
 * Results: a table on stdout and bench/results/import-export.json (import-export-postgres.json).
 * Run: npx tsx bench/import-export-bench.ts [patients ...]
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateDemoCohort } from '../src/demo/index.js';
import { csvCell } from '../src/interchange/export/csv-encoder.js';
import type { ColumnType } from '../src/interchange/export/export-table.js';
import { INTERCHANGE_FILES, spell } from '../src/records/validation/interchange-format.js';
import { childEnv, freePort, PROJECT_ROOT, startProcess, tsxArgs, type RunningProcess } from '../test/helpers/processes.js';

const DEFAULT_SIZES = [25_000, 100_000];
const SITES = 8;
const SITE_CODE = 'REGISTRY';
const PAGE_SIZE = 500;
const RSS_POLL_MS = 20;
const RESULTS_FILE = join(PROJECT_ROOT, 'bench/results/import-export.json');

export interface ImportMeasurement {
  patients: number;
  labRows: number;
  csvMegabytes: number;
  seconds: number;
  labRowsPerSecond: number;
  peakRssMb: number;
  /** Seconds per phase, from the CLI's progress lines. */
  phases: Record<string, number>;
}

export interface ExportMeasurement {
  path: string;
  rows: number;
  megabytes: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface ImportExportBenchResult {
  machine: { node: string; cpus: number; loadAverageAtStart: number[] };
  imports: ImportMeasurement[];
  exports: {
    arrow: ExportMeasurement;
    csv: ExportMeasurement;
    csvThroughJson: ExportMeasurement;
    arrowSpeedup: number;
    /** The server's resident set at start, and its peak after the Arrow and CSV exports, then after the GraphQL paging. */
    serverRssMb: { atStart: number; peakAfterExports: number; peakAfterGraphql: number };
  };
}

type Row = readonly [value: string | number | boolean | null, type: ColumnType][];

/** Streams the rows of one interchange file, in the columns the import reads. */
async function writeCsv(path: string, columns: readonly string[], rows: Iterable<Row>): Promise<void> {
  const out = createWriteStream(path);
  let chunk = `${columns.join(',')}\n`;
  for (const row of rows) {
    chunk += `${row.map(([value, type]) => csvCell(value, type)).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** The generated registry as an interchange folder; returns its lab rows and size on disk. */
export async function writeRegistry(patients: number, folder: string): Promise<{ labRows: number; megabytes: number }> {
  const cohort = generateDemoCohort({ patients, sites: SITES });
  const externalIds = new Map(cohort.patients.map((patient) => [patient.id, patient.externalId]));
  const therapies = new Map<number, string[]>();
  for (const { patientId, therapy } of cohort.priorTherapies) therapies.set(patientId, [...(therapies.get(patientId) ?? []), spell('priorTherapy', therapy)]);
  const optional = <Value extends string>(value: Value | null, spelled: (value: Value) => string): string | null => (value === null ? null : spelled(value));
  await writeCsv(join(folder, 'patients.csv'), INTERCHANGE_FILES.patients.columns, cohort.patients.map((p): Row => [
    [p.externalId, 'text'], [spell('sex', p.sex), 'text'], [p.birthDate, 'date'], [p.ageAtIndex, 'number'], [p.indexDate, 'date'],
    [p.ecog, 'integer'], [optional(p.tumorType, (v) => spell('tumorType', v)), 'text'],
    [optional(p.differentiation, (v) => spell('differentiation', v)), 'text'], [optional(p.tumorBurden, (v) => spell('tumorBurden', v)), 'text'],
    [p.ascitesAtBaseline, 'boolean'], [p.extrahepaticMetastases, 'boolean'], [p.childPugh, 'text'], [(therapies.get(p.id) ?? []).join(';'), 'text'],
    [p.liverMetastasisDiagnosisDate, 'date'], [p.lastFollowUpDate, 'date'], [spell('vitalStatus', p.vitalStatus), 'text'], [p.deathDate, 'date'],
    [optional(p.deathCause, (v) => spell('deathCause', v)), 'text'],
  ]));
  await writeCsv(join(folder, 'treatments.csv'), INTERCHANGE_FILES.treatments.columns, cohort.treatments.map((t): Row => [
    [externalIds.get(t.patientId)!, 'text'], [t.date, 'date'], [spell('target', t.target), 'text'], [spell('device', t.device), 'text'],
    [t.activityGbq, 'number'], [t.lungShuntFractionPercent, 'number'],
  ]));
  await writeCsv(join(folder, 'labs.csv'), INTERCHANGE_FILES.labs.columns, cohort.labResults.map((l): Row => [
    [externalIds.get(l.patientId)!, 'text'], [l.collectedOn, 'date'], [l.analyte, 'text'], [l.value, 'number'], [l.unit, 'text'],
    [l.lowerLimitOfNormal, 'number'], [l.upperLimitOfNormal, 'number'], [l.receivedValue, 'number'], [l.receivedUnit, 'text'],
  ]));
  await writeCsv(join(folder, 'imaging.csv'), INTERCHANGE_FILES.imaging.columns, cohort.imagingStudies.map((i): Row => [
    [externalIds.get(i.patientId)!, 'text'], [i.date, 'date'], [i.modality, 'text'], [i.ascites, 'boolean'],
    [i.cirrhosisLikeMorphology, 'boolean'], [i.splenomegaly, 'boolean'], [i.varices, 'boolean'], [i.recist, 'text'],
  ]));
  const bytes = ['patients', 'treatments', 'labs', 'imaging'].reduce((sum, name) => sum + statSync(join(folder, `${name}.csv`)).size, 0);
  return { labRows: cohort.labResults.length, megabytes: bytes / 1e6 };
}

/** Peak resident set size of a process so far (Linux /proc), MB; null once it is gone. */
function peakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Number(match[1]) / 1024;
  } catch {
    return null;
  }
}

async function importRegistry(folder: string, database: string): Promise<{ seconds: number; peakRssMb: number; phases: Record<string, number> }> {
  const started = performance.now();
  const child = spawn(process.execPath, tsxArgs('src/cli/import.ts', ['--site', SITE_CODE, folder]), {
    cwd: PROJECT_ROOT,
    env: childEnv({ DATABASE_URL: databaseUrl(database) }),
  });
  let peak = 0;
  const poll = setInterval(() => { peak = Math.max(peak, peakRssMb(child.pid!) ?? 0); }, RSS_POLL_MS);
  const phases: Record<string, number> = {};
  let phase = 'starting';
  let phaseStarted = started;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      const name = line.replace(/ \d+%$/, '').replace(/ of \d+ patients$/, '');
      if (name === phase) continue;
      const now = performance.now();
      phases[phase] = (phases[phase] ?? 0) + (now - phaseStarted) / 1000;
      phase = name;
      phaseStarted = now;
    }
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(poll);
  const ended = performance.now();
  phases[phase] = (phases[phase] ?? 0) + (ended - phaseStarted) / 1000;
  if (code !== 0) throw new Error(`the import failed (exit ${code}):\n${stderr.slice(-4_000)}\n${stdout}`);
  return { seconds: (ended - started) / 1000, peakRssMb: peak, phases };
}

async function startServer(database: string): Promise<RunningProcess & { url: string }> {
  const port = await freePort();
  const server = await startProcess(tsxArgs('src/main.ts'), {
    cwd: PROJECT_ROOT,
    env: childEnv({ DATABASE_URL: databaseUrl(database), AUTH_MODE: 'open', PORT: String(port), HOST: '127.0.0.1', MAX_PAGE_SIZE: String(PAGE_SIZE) }),
    ready: /cohort API on http/,
  });
  return { ...server, url: `http://127.0.0.1:${port}` };
}

async function timeDownload(url: string, countRows: (body: Buffer) => number): Promise<ExportMeasurement> {
  const started = performance.now();
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  const seconds = (performance.now() - started) / 1000;
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${body.toString().slice(0, 500)}`);
  const rows = countRows(body);
  return { path: new URL(url).pathname, rows, megabytes: body.length / 1e6, seconds, rowsPerSecond: rows / seconds };
}

const LAB_FIELDS = ['analyte', 'collectedOn', 'value', 'unit', 'lowerLimitOfNormal', 'upperLimitOfNormal', 'receivedValue', 'receivedUnit', 'dayFromIndex', 'timepoint', 'grade'] as const;

/** The labs table the way a client without the export URLs builds it: GraphQL pages of JSON, turned into CSV. */
async function csvThroughJson(baseUrl: string, file: string): Promise<ExportMeasurement> {
  const started = performance.now();
  const out = createWriteStream(file);
  out.write(`patient_id,site,${LAB_FIELDS.join(',')}\n`);
  let after: string | null = null;
  let rows = 0;
  for (;;) {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query($after: String) { patients(first: ${PAGE_SIZE}, after: $after) {
          nodes { externalId site { code } labs { ${LAB_FIELDS.join(' ')} } } pageInfo { hasNextPage endCursor } } }`,
        variables: { after },
      }),
    });
    const page = (await response.json()) as {
      errors?: { message: string }[];
      data: { patients: { nodes: { externalId: string; site: { code: string }; labs: Record<string, string | number | null>[] }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    };
    if (page.errors) throw new Error(page.errors[0]!.message);
    let chunk = '';
    for (const patient of page.data.patients.nodes) {
      for (const lab of patient.labs) {
        chunk += `${patient.externalId},${patient.site.code},${LAB_FIELDS.map((field) => lab[field] ?? '').join(',')}\n`;
        rows += 1;
      }
    }
    if (!out.write(chunk)) await once(out, 'drain');
    if (!page.data.patients.pageInfo.hasNextPage) break;
    after = page.data.patients.pageInfo.endCursor;
  }
  out.end();
  await once(out, 'finish');
  const seconds = (performance.now() - started) / 1000;
  return { path: '/graphql → CSV', rows, megabytes: statSync(file).size / 1e6, seconds, rowsPerSecond: rows / seconds };
}

async function measureExports(database: string, workdir: string): Promise<ImportExportBenchResult['exports']> {
  const { RecordBatchReader } = await import('apache-arrow');
  const server = await startServer(database);
  try {
    const arrowRows = (body: Buffer) => [...RecordBatchReader.from(new Uint8Array(body))].reduce((sum, batch) => sum + batch.numRows, 0);
    const csvRows = (body: Buffer) => body.toString().trimEnd().split('\n').length - 1;
    const pid = server.child.pid!;
    const atStart = peakRssMb(pid) ?? 0;
    const arrow = await timeDownload(`${server.url}/export/labs.arrow`, arrowRows);
    const csv = await timeDownload(`${server.url}/export/labs.csv`, csvRows);
    const peakAfterExports = peakRssMb(pid) ?? 0;
    const throughJson = await csvThroughJson(server.url, join(workdir, 'labs-through-json.csv'));
    return {
      arrow, csv, csvThroughJson: throughJson, arrowSpeedup: throughJson.seconds / arrow.seconds,
      serverRssMb: { atStart, peakAfterExports, peakAfterGraphql: peakRssMb(pid) ?? 0 },
    };
  } finally {
    await server.stop();
  }
}

function printTable(result: ImportExportBenchResult): void {
  console.log('\nimport (one site, one transaction, CLI child process)');
  console.log('patients    lab rows   CSV MB   seconds   lab rows/s   peak RSS MB   phases (s)');
  for (const run of result.imports) {
    const phases = Object.entries(run.phases).map(([name, seconds]) => `${name.replace(/^reading /, '')} ${seconds.toFixed(1)}`).join('; ');
    console.log(`${String(run.patients).padStart(8)} ${String(run.labRows).padStart(11)} ${run.csvMegabytes.toFixed(0).padStart(8)} ${run.seconds.toFixed(1).padStart(9)} ${Math.round(run.labRowsPerSecond).toString().padStart(12)} ${run.peakRssMb.toFixed(0).padStart(13)}   ${phases}`);
  }
  const { arrow, csv, csvThroughJson: json } = result.exports;
  console.log('\nexport of every lab row of the largest registry');
  console.log('route                      rows        MB   seconds      rows/s');
  for (const run of [arrow, csv, json]) {
    console.log(`${run.path.padEnd(22)} ${String(run.rows).padStart(9)} ${run.megabytes.toFixed(0).padStart(9)} ${run.seconds.toFixed(2).padStart(9)} ${Math.round(run.rowsPerSecond).toString().padStart(11)}`);
  }
  const rss = result.exports.serverRssMb;
  console.log(`Arrow is ${result.exports.arrowSpeedup.toFixed(1)}x faster than CSV through JSON`);
  console.log(`server RSS: ${rss.atStart.toFixed(0)} MB at start, peak ${rss.peakAfterExports.toFixed(0)} MB after the exports, ${rss.peakAfterGraphql.toFixed(0)} MB after the GraphQL paging`);
}

/** A database file, or a URL as it is. */
const databaseUrl = (database: string) => (/^[a-z]+:/.test(database) ? database : `file:${database}`);

/** A new, empty database on the server of `serverUrl`, named for the import size. */
async function freshServerDatabase(serverUrl: string, patients: number): Promise<string> {
  const name = `bench_import_${patients}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function runImportExportBench(sizes: readonly number[] = DEFAULT_SIZES, postgresServer: string | null = null): Promise<ImportExportBenchResult> {
  const workdir = mkdtempSync(join(tmpdir(), 'net-tare-import-export-bench-'));
  const result: ImportExportBenchResult = {
    machine: { node: process.version, cpus: cpus().length, loadAverageAtStart: loadavg().map((load) => Number(load.toFixed(2))) },
    imports: [],
    exports: undefined as never,
  };
  try {
    let largest = '';
    for (const patients of [...sizes].sort((a, b) => a - b)) {
      const folder = join(workdir, `registry-${patients}`);
      mkdirSync(folder);
      const written = await writeRegistry(patients, folder);
      largest = postgresServer === null ? join(workdir, `registry-${patients}.sqlite`) : await freshServerDatabase(postgresServer, patients);
      const run = await importRegistry(folder, largest);
      rmSync(folder, { recursive: true, force: true });
      result.imports.push({ patients, labRows: written.labRows, csvMegabytes: written.megabytes, ...run, labRowsPerSecond: written.labRows / run.seconds });
    }
    result.exports = await measureExports(largest, workdir);
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
  const resultsFile = postgresServer === null ? RESULTS_FILE : RESULTS_FILE.replace(/\.json$/, '-postgres.json');
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  printTable(result);
  return result;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.slice(2).map(Number);
  await runImportExportBench(sizes.length > 0 ? sizes : DEFAULT_SIZES);
}
