/**
 * What grows with the registry, for docs/scaling.md: the same reads and analyses at 10,000 and
 * 100,000 patients (the demo generator, bench/registry-database.ts) and at a simulated 1,000,000
 * (the 100,000-patient registry copied ten times under new ids: simulate-registry.ts).
 *
 * Each size runs in its own child process (so its peak RSS is its own) on a read-only connection,
 * through the data layer and the services as a worker thread runs them (inline: no frame is held
 * between runs), as an administrator (no disclosure control):
 *   page        one page of 100 patients with treatments and labs (the page query's three
 *               statements, without GraphQL), median over 20 pages spread over the registry;
 *   count       the page query's totalCount (every patient);
 *   KM frame / KM core / KM service   the compareSurvival data read, the statistics, the whole service;
 *   Cox frame / Cox core / Cox service   the same for the 6-covariate Cox model;
 *   lab frame   three timepoint lab variables (a columnar frame: one index lookup per patient per variable);
 *   toxicity    the toxicity table service (one grouped pass over the cohort's labs);
 *   peak RSS    of the child, after all of it.
 * Times are medians of 3 runs after a warm-up, 1 run without warm-up where a run passes 20 s.
 *
 * Results: a table on stdout and bench/results/scale-points.json. About 4 minutes with the files
 * present; building the simulated 1M file takes about 3 minutes more (3.7 GB, git-ignored).
 * Run: npx tsx bench/scale-points.ts [patients ...]   (default 10000 100000 1000000)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPEN_PRINCIPAL } from '../src/access/principal.js';
import { loadAnalysisFrame } from '../src/store/analysis-frame.js';
import { closeStore, openDatabase, type Store } from '../src/store/database.js';
import { findLabResultsByPatientIds, findTreatmentsByPatientIds } from '../src/store/patient-records.js';
import { findSqlVariable } from '../src/store/patient-variables.js';
import { countPatients, listPatientPage } from '../src/store/patients.js';
import { ALL_ROWS } from '../src/store/row-scope.js';
import { selectCohort } from '../src/records/cohorts.js';
import { fitCoxModel } from '../src/analyses/cox.js';
import { createServiceContext, type ServiceContext } from '../src/access/service-context.js';
import { compareSurvival } from '../src/analyses/survival.js';
import { tabulateToxicity } from '../src/analyses/toxicity.js';
import { tsxArgs } from '../test/helpers/processes.js';
import { COX_COVARIATES, KM_GROUPING, PAGE_SIZE, pageStarts } from './bench-queries.js';
import { coxDesign, fitCox, kmAndLogRank, RegistryFloors, survivalArrays } from './floors.js';
import { ensureRegistry } from './registry-database.js';
import { ensureSimulatedRegistry } from './simulate-registry.js';

const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'scale-points.json');
const DEFAULT_SIZES = [10_000, 100_000, 1_000_000];
const SLOW_MS = 20_000;

export interface ScalePoint {
  patients: number;
  labRows: number;
  fileMb: number;
  ms: Record<string, number>;
  peakRssMb: number;
}

/** Median of 3 runs after a warm-up, each awaited (the store is asynchronous); a single cold run when one run passes SLOW_MS. */
async function time(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  const first = performance.now() - started;
  if (first > SLOW_MS) return first;
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[1]!;
}

async function measure(file: string): Promise<ScalePoint> {
  const db: Store = openDatabase(`file:${file}`, { readonly: true });
  const context: ServiceContext = createServiceContext(db, OPEN_PRINCIPAL, { maxPageSize: 500, disclosure: { threshold: 5, secret: '0'.repeat(64), survivalGridDays: 30.4375 } });
  const patients = await countPatients(db, undefined, ALL_ROWS);
  const labRows = db.$client.prepare('SELECT count(*) FROM lab_results').pluck().get() as number;
  const ids = db.$client.prepare('SELECT id FROM patients ORDER BY id').pluck().all() as number[];
  const starts = pageStarts(patients, 20).map((index) => ids[index]!);
  let page = 0;
  const cohort = await selectCohort(context, {});
  const floors = new RegistryFloors(file);
  const rows = floors.readArrays();
  const survival = survivalArrays(rows);
  const design = coxDesign(rows);
  floors.close();
  const covariates = COX_COVARIATES.map((variable) => ({ variable }));
  const work: [string, () => unknown][] = [
    ['page', async () => {
      const nodes = await listPatientPage(db, { condition: undefined, scope: ALL_ROWS, limit: PAGE_SIZE + 1, afterId: starts[page++ % starts.length]! });
      const pageIds = nodes.map((node) => node.id);
      await findTreatmentsByPatientIds(db, pageIds, ALL_ROWS);
      await findLabResultsByPatientIds(db, pageIds, ALL_ROWS);
    }],
    ['count', async () => await countPatients(db, undefined, ALL_ROWS)],
    ['kmFrame', async () => await loadAnalysisFrame(db, undefined, [findSqlVariable(KM_GROUPING)!])],
    ['kmCore', () => kmAndLogRank(survival)],
    ['kmService', async () => await compareSurvival(context, cohort, { by: { variable: KM_GROUPING } })],
    ['coxFrame', async () => await loadAnalysisFrame(db, undefined, COX_COVARIATES.map((name) => findSqlVariable(name)!))],
    ['coxCore', () => fitCox(design)],
    ['coxService', async () => await fitCoxModel(context, cohort, { covariates })],
    ['labFrame', async () => await loadAnalysisFrame(db, undefined, ['BASELINE', 'MONTH_6', 'YEAR_1'].map((timepoint) => findSqlVariable(`lab.ALP.${timepoint}`)!))],
    ['toxicity', async () => await tabulateToxicity(context, cohort, {})],
  ];
  const ms: Record<string, number> = {};
  for (const [name, run] of work) ms[name] = await time(run);
  await closeStore(db);
  return { patients, labRows, fileMb: statSync(file).size / 2 ** 20, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function fileFor(patients: number): Promise<string> {
  return patients === 1_000_000 ? ensureSimulatedRegistry((await ensureRegistry(100_000)).file, 10) : (await ensureRegistry(patients)).file;
}

const COLUMNS: [string, string][] = [
  ['page', 'page'], ['count', 'count'], ['kmFrame', 'KM frame'], ['kmCore', 'KM core'], ['kmService', 'KM service'],
  ['coxFrame', 'Cox frame'], ['coxCore', 'Cox core'], ['coxService', 'Cox service'], ['labFrame', 'lab frame'], ['toxicity', 'toxicity'],
];

function printPoints(points: readonly ScalePoint[]): void {
  const header = ['patients', 'lab rows', 'file MB', ...COLUMNS.map(([, title]) => `${title} ms`), 'peak RSS MB'];
  const body = points.map((point) => [
    point.patients.toLocaleString('en-US'), point.labRows.toLocaleString('en-US'), point.fileMb.toFixed(0),
    ...COLUMNS.map(([key]) => (point.ms[key]! < 10 ? point.ms[key]!.toFixed(2) : point.ms[key]!.toFixed(0))), point.peakRssMb.toFixed(0),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  for (const cells of [header, ...body]) console.log(cells.map((cell, column) => cell.padStart(widths[column]!)).join('  '));
}

const arguments_ = process.argv.slice(2);
if (arguments_[0] === '--one') {
  console.log(JSON.stringify(await measure(arguments_[1]!)));
} else {
  const sizes = arguments_.length > 0 ? arguments_.map(Number) : DEFAULT_SIZES;
  const loadAverageAtStart = loadavg();
  const points: ScalePoint[] = [];
  for (const patients of sizes) {
    const file = await fileFor(patients);
    console.error(`measuring ${patients.toLocaleString('en-US')} patients ...`);
    const child = spawnSync(process.execPath, tsxArgs('bench/scale-points.ts', ['--one', file]), { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`measuring ${file} failed:\n${child.stderr}`);
    points.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as ScalePoint);
  }
  printPoints(points);
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAverageAtStart, loadAverageAtEnd: loadavg(), points }, null, 2)}\n`);
}
