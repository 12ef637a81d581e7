/**
 * `npm run bench [-- --quick] [-- --patients N] [-- --database postgres://...]`: the registry-scale benchmark, then the statistics
 * and import/export benchmarks (bench/stats-bench.ts, bench/import-export-bench.ts) and reads
 * during a 3-million-lab-row import (bench/import-while-serving.ts) when present.
 *
 * Registry: the demo generator at 100,000 patients on 8 sites (about 2.4 million lab rows),
 * bench/.data/registry-100k.sqlite, seeded on first use and reused after (git-ignored).
 * The server is `src/main.ts` in a child process (bench/server-process.ts); autocannon runs in
 * this process (both share the machine: the numbers are for the whole box).
 *
 * 1. Floors, in this process (bench/floors.ts): the page as one hand-written SQL statement
 *    producing the same JSON; KM + log-rank and the 6-covariate Cox model as the bare statistics
 *    core on the same arrays; the toxicity table as one hand-written statement reading the labs
 *    once in index order. Each floor's answer is checked against the API's.
 * 2. Uncached server (ANALYSIS_CACHE_ENTRIES=0): each analysis of the whole registry, one client,
 *    a fixed number of requests: p50 against its floor (target 2x). The page query's p99 for one
 *    client paging back to back, alone, then again while 2 clients keep the analysis worker busy
 *    with Cox models of the whole registry (target: within 3x of alone). Both windows are twice
 *    the run time, for enough samples behind a p99.
 * 3. Cached server (the defaults): each scenario at 1, 16 and 64 clients for a fixed time, the
 *    analyses rotating over the whole registry and its 8 sites as a dashboard would, after one
 *    warm-up pass (which the cache counts as misses): p50, p99, requests per second, errors,
 *    the server's peak RSS, cache hits. The page's p50 at one client against its floor (target
 *    1.5x). Then every scenario mixed at 64 clients for 60 s: the errors (target zero).
 *
 * `--database URL` serves the same registry from that database (PostgreSQL: seeded there once,
 * from the same generator, when the database is empty) instead of the file; the floors still read
 * the file (the same rows), so the tables compare the two backends side by side
 * (docs/scaling.md). Results then go to bench/results/registry-<backend>.json.
 *
 * Results: tables on stdout and bench/results/registry.json. On the 2-core benchmark machine this
 * part takes about 5 minutes with the registry file present (2.5 minutes more to seed it), and the
 * whole command, with the statistics and import/export benchmarks, about 10 minutes. `--quick`
 * runs a 10,000-patient registry with 3-second runs and a 10-second mixed run, and the other
 * benchmarks at their smallest size: under 2 minutes.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { STUDY_ANALYTES } from '../src/analyses/toxicity.js';
import type { CacheStats } from '../src/analyses/execution/analysis-cache.js';
import { analysisBodies, ANALYSIS_QUERIES, pageBodies, pageStarts, requestBody, PAGE_QUERY, cursorAfter, type AnalysisScenario } from './bench-queries.js';
import { coxDesign, fitCox, kmAndLogRank, RegistryFloors, survivalArrays, timeMedian, type Timing } from './floors.js';
import { runLoad, type LoadResult } from './load.js';
import { ensureRegistry, ensureRegistryAt, type RegistryFile } from './registry-database.js';
import { startBenchServer, type BenchServer } from './server-process.js';

const BENCH_FOLDER = dirname(fileURLToPath(import.meta.url));
const resultsFile = (database: string | null) => join(BENCH_FOLDER, 'results', database === null ? 'registry.json' : `registry-${new URL(database).protocol.replace(/:$/, '')}.json`);

const TARGETS = { pageVsFloor: 1.5, analysisVsFloor: 2, pageP99WithCox: 3, soakErrors: 0 } as const;
const CONCURRENCIES = [1, 16, 64] as const;
/** One client browsing pages back to back: the light load whose latency heavy analyses must leave alone. */
const ISOLATION_CLIENTS = 1;
const COX_CLIENTS_IN_PARALLEL = 2;
const STUDY_TIMEPOINTS = ['BASELINE', 'MONTH_6', 'YEAR_1'] as const;
const SAME_NUMBER = 1e-9;

interface Plan {
  quick: boolean;
  patients: number;
  seconds: number;
  soakSeconds: number;
  pages: number;
  floorRuns: number;
  uncachedRequests: Record<AnalysisScenario, number>;
  statsSizes: number[];
  importExportSizes: number[];
  /** The database the server reads (null: the registry file). */
  database: string | null;
}

function planFrom(argv: readonly string[]): Plan {
  const quick = argv.includes('--quick');
  const patientsArgument = argv.indexOf('--patients');
  const patients = patientsArgument >= 0 ? Number(argv[patientsArgument + 1]) : quick ? 10_000 : 100_000;
  if (!Number.isSafeInteger(patients) || patients < 1_000) throw new Error('--patients needs a whole number of at least 1,000');
  const databaseArgument = argv.indexOf('--database');
  const database = databaseArgument >= 0 ? argv[databaseArgument + 1] ?? null : null;
  if (databaseArgument >= 0 && (database === null || !/^postgres(ql)?:\/\//.test(database))) throw new Error('--database needs a postgres:// URL');
  return {
    database,
    quick,
    patients,
    seconds: quick ? 3 : 10,
    soakSeconds: quick ? 10 : 60,
    pages: 50,
    floorRuns: quick ? 5 : 15,
    uncachedRequests: quick ? { km: 5, cox: 5, toxicity: 2 } : { km: 15, cox: 15, toxicity: 3 },
    statsSizes: quick ? [1e4] : [1e4, 1e5, 1e6],
    importExportSizes: quick ? [5_000] : [25_000, 100_000],
  };
}

interface Floors {
  page: Timing;
  /** The hand-written query that reads the analyses' arrays (part of an analysis, not of its floor). */
  analysisArraysRead: Timing;
  km: Timing;
  cox: Timing;
  toxicity: Timing;
}

interface FloorAnswers {
  pageBody: string;
  km: ReturnType<typeof kmAndLogRank>;
  cox: ReturnType<typeof fitCox>;
  toxicity: ReturnType<RegistryFloors['toxicityCounts']>;
}

function measureFloors(registry: RegistryFile, plan: Plan): { floors: Floors; answers: FloorAnswers } {
  const floors = new RegistryFloors(registry.file);
  try {
    const starts = pageStarts(plan.patients, plan.pages);
    const rows = floors.readArrays();
    const survival = survivalArrays(rows);
    const design = coxDesign(rows);
    return {
      floors: {
        page: floors.timePages(starts, plan.floorRuns * 4),
        analysisArraysRead: floors.timeArrays(plan.floorRuns),
        km: timeMedian(plan.floorRuns, () => kmAndLogRank(survival)),
        cox: timeMedian(plan.floorRuns, () => fitCox(design)),
        toxicity: timeMedian(Math.max(2, Math.round(plan.floorRuns / 5)), () => floors.toxicityCounts(STUDY_TIMEPOINTS)),
      },
      answers: { pageBody: floors.pageBody(starts[0]!), km: kmAndLogRank(survival), cox: fitCox(design), toxicity: floors.toxicityCounts(STUDY_TIMEPOINTS) },
    };
  } finally {
    floors.close();
  }
}

async function post<Data>(server: BenchServer, body: string): Promise<{ data: { cohort: Data } }> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return (await response.json()) as { data: { cohort: Data } };
}

interface ToxicityRowAnswer {
  analyte: string;
  timepoint: string;
  measured: number;
  notGradable: number;
  patientsByGrade: { patients: number }[];
}

const close = (a: number, b: number) => Math.abs(a - b) <= SAME_NUMBER * Math.max(1, Math.abs(a), Math.abs(b));

/** Does each floor give the API's answer? */
async function checkFloors(server: BenchServer, answers: FloorAnswers, plan: Plan): Promise<Record<string, boolean>> {
  const page = await post<unknown>(server, requestBody(PAGE_QUERY, { after: cursorAfter(pageStarts(plan.patients, plan.pages)[0]!) }));
  const whole = (scenario: AnalysisScenario) => requestBody(ANALYSIS_QUERIES[scenario], { where: null });
  const logRank = (await post<{ compareSurvival: { logRank: { statistic: number; p: number } } }>(server, whole('km'))).data.cohort.compareSurvival.logRank;
  const terms = (await post<{ coxRegression: { terms: { name: string; coef: number }[] } }>(server, whole('cox'))).data.cohort.coxRegression.terms;
  const rows = (await post<{ toxicityTable: { rows: ToxicityRowAnswer[] } }>(server, whole('toxicity'))).data.cohort.toxicityTable.rows;
  return {
    page: isDeepStrictEqual(JSON.parse(answers.pageBody), page),
    km: close(logRank.statistic, answers.km.test.chisq!) && close(logRank.p, answers.km.test.p!),
    cox: isDeepStrictEqual(terms.map((term) => term.name), answers.cox.terms) && terms.every((term, i) => close(term.coef, answers.cox.coef[i]!)),
    toxicity: rows.length === STUDY_ANALYTES.length * STUDY_TIMEPOINTS.length && rows.every((row) => {
      const floor = answers.toxicity.get(`${row.analyte} ${row.timepoint}`) ?? { measured: 0, notGradable: 0, byGrade: [0, 0, 0, 0, 0] };
      return row.measured === floor.measured && row.notGradable === floor.notGradable && isDeepStrictEqual(row.patientsByGrade.map((g) => g.patients), floor.byGrade);
    }),
  };
}

interface LoadRow extends LoadResult {
  scenario: string;
  peakRssMb: number | null;
}

interface CacheDelta {
  hits: number;
  coalesced: number;
  misses: number;
  /** (hits + coalesced) / requests: the share answered without computing. */
  hitRate: number | null;
}

function cacheDelta(before: CacheStats, after: CacheStats): CacheDelta {
  const hits = after.hits - before.hits;
  const coalesced = after.coalesced - before.coalesced;
  const misses = after.misses - before.misses;
  const total = hits + coalesced + misses;
  return { hits, coalesced, misses, hitRate: total === 0 ? null : (hits + coalesced) / total };
}

const ANALYSIS_SCENARIOS: readonly AnalysisScenario[] = ['km', 'cox', 'toxicity'];
const SCENARIO_NAMES: Record<AnalysisScenario | 'page', string> = { page: 'page of 100 + treatments + labs', km: 'KM + log-rank', cox: 'Cox, 6 covariates', toxicity: 'toxicity table' };

async function uncachedPhase(registry: RegistryFile, plan: Plan, answers: FloorAnswers) {
  const server = await startBenchServer(plan.database ?? registry.file, { ANALYSIS_CACHE_ENTRIES: '0' });
  try {
    const floorChecks = await checkFloors(server, answers, plan);
    const uncached = {} as Record<AnalysisScenario, LoadResult>;
    for (const scenario of ANALYSIS_SCENARIOS) {
      console.error(`uncached ${scenario} ...`);
      uncached[scenario] = await runLoad(server.url, { bodies: [requestBody(ANALYSIS_QUERIES[scenario], { where: null })], connections: 1, requests: plan.uncachedRequests[scenario], timeoutSeconds: 120 });
    }
    console.error('page alone, then with Cox models running ...');
    const pages = pageBodies(plan.patients, plan.pages);
    const window = 2 * plan.seconds;
    const pageAlone = await runLoad(server.url, { bodies: pages, connections: ISOLATION_CLIENTS, durationSeconds: window });
    const coxBody = requestBody(ANALYSIS_QUERIES.cox, { where: null });
    const [pageWithCox, coxAlongside] = await Promise.all([
      await runLoad(server.url, { bodies: pages, connections: ISOLATION_CLIENTS, durationSeconds: window }),
      await runLoad(server.url, { bodies: [coxBody], connections: COX_CLIENTS_IN_PARALLEL, durationSeconds: window, timeoutSeconds: 120 }),
    ]);
    return { floorChecks, uncached, pageAlone, pageWithCox, coxAlongside, peakRssMb: server.peakRssMb() };
  } finally {
    await server.stop();
  }
}

async function cachedPhase(registry: RegistryFile, plan: Plan) {
  const server = await startBenchServer(plan.database ?? registry.file);
  try {
    const rows: LoadRow[] = [];
    const cache: Partial<Record<AnalysisScenario, CacheDelta>> = {};
    const scenarios: [AnalysisScenario | 'page', string[]][] = [['page', pageBodies(plan.patients, plan.pages)], ...ANALYSIS_SCENARIOS.map((scenario) => [scenario, analysisBodies(scenario)] as [AnalysisScenario, string[]])];
    for (const [scenario, bodies] of scenarios) {
      const before = (await server.analyses()).cache;
      if (scenario !== 'page') {
        console.error(`warming ${scenario} over ${bodies.length} cohorts ...`);
        await runLoad(server.url, { bodies, connections: 1, requests: bodies.length, timeoutSeconds: 120 });
      }
      for (const connections of CONCURRENCIES) {
        console.error(`${scenario} at ${connections} clients ...`);
        const result = await runLoad(server.url, { bodies, connections, durationSeconds: plan.seconds });
        rows.push({ scenario, ...result, peakRssMb: server.peakRssMb() });
      }
      if (scenario !== 'page') cache[scenario] = cacheDelta(before, (await server.analyses()).cache);
    }
    console.error(`every scenario mixed at 64 clients for ${plan.soakSeconds} s ...`);
    const mixed = scenarios.flatMap(([, bodies]) => bodies);
    const soakBefore = (await server.analyses()).cache;
    const soak = await runLoad(server.url, { bodies: mixed, connections: 64, durationSeconds: plan.soakSeconds });
    const stats = await server.analyses();
    return { rows, cache, soak: { ...soak, cache: cacheDelta(soakBefore, stats.cache), peakRssMb: server.peakRssMb() }, analyses: stats };
  } finally {
    await server.stop();
  }
}

async function otherBenchmarks(plan: Plan): Promise<Record<string, 'ran' | 'absent'>> {
  const ran: Record<string, 'ran' | 'absent'> = {};
  // With --database, only what the database changes: the imports and exports (the statistics are
  // the same code on any backend, and reads during an import measure SQLite's write lock).
  const others: [string, string, number[]][] = plan.database !== null
    ? [['import-export-bench.ts', 'runImportExportBench', plan.importExportSizes]]
    : [
      ['stats-bench.ts', 'runStatsBench', plan.statsSizes],
      ['import-export-bench.ts', 'runImportExportBench', plan.importExportSizes],
      ['import-while-serving.ts', 'runImportWhileServingBench', [plan.quick ? 10_000 : 125_000]],
    ];
  for (const [file, entry, sizes] of others) {
    const path = join(BENCH_FOLDER, file);
    if (!existsSync(path)) { ran[file] = 'absent'; continue; }
    console.log(`\n== ${file} (${sizes.join(', ')})`);
    const module = (await import(pathToFileURL(path).href)) as Record<string, (sizes: number[], database: string | null) => Promise<unknown>>;
    await module[entry]!(sizes, plan.database);
    ran[file] = 'ran';
  }
  return ran;
}

const fixed = (value: number | null | undefined, digits = 0) => (value === null || value === undefined ? '-' : value.toFixed(digits));
const percent = (value: number | null | undefined) => (value === null || value === undefined ? '-' : `${(100 * value).toFixed(1)}%`);
const verdict = (ratio: number, target: number) => (ratio <= target ? 'met' : 'NOT met');

function printTable(title: string, header: string[], body: string[][]): void {
  console.log(`\n${title}`);
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((cells) => cells[column]!.length)));
  for (const cells of [header, ...body]) console.log(cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
}

async function main(): Promise<void> {
  const plan = planFrom(process.argv.slice(2));
  const startedAt = new Date();
  const loadAverageAtStart = loadavg();
  console.error(`registry of ${plan.patients.toLocaleString('en-US')} patients ...`);
  const registry = await ensureRegistry(plan.patients);
  if (plan.database !== null) {
    console.error(`the same registry in ${plan.database} ...`);
    const served = await ensureRegistryAt(plan.database, plan.patients);
    if (served.seedSeconds !== null) console.error(`seeded in ${served.seedSeconds.toFixed(0)} s`);
  }
  console.error('floors ...');
  const { floors, answers } = measureFloors(registry, plan);
  const uncached = await uncachedPhase(registry, plan, answers);
  const cached = await cachedPhase(registry, plan);
  const loadAverageAtEnd = loadavg();

  const pageAtOne = cached.rows.find((row) => row.scenario === 'page' && row.connections === 1)!;
  const ratios = [
    { scenario: 'page', floor: 'one SQL statement, same JSON', floorMs: floors.page.medianMs, servedMs: pageAtOne.p50Ms, ratio: pageAtOne.p50Ms / floors.page.medianMs, target: TARGETS.pageVsFloor, floorMatchesApi: uncached.floorChecks['page']! },
    ...ANALYSIS_SCENARIOS.map((scenario) => {
      const floor = floors[scenario];
      const servedMs = uncached.uncached[scenario].p50Ms;
      const isSql = scenario === 'toxicity';
      return {
        scenario,
        floor: isSql ? 'one ordered pass over the labs, same counts' : 'statistics core, same arrays',
        floorMs: floor.medianMs,
        servedMs,
        ratio: servedMs / floor.medianMs,
        target: TARGETS.analysisVsFloor,
        floorMatchesApi: uncached.floorChecks[scenario]!,
        arraysReadMs: isSql ? null : floors.analysisArraysRead.medianMs,
      };
    }),
  ];
  const isolation = {
    clients: ISOLATION_CLIENTS,
    coxClients: COX_CLIENTS_IN_PARALLEL,
    pageP50AloneMs: uncached.pageAlone.p50Ms,
    pageP99AloneMs: uncached.pageAlone.p99Ms,
    pageP50WithCoxMs: uncached.pageWithCox.p50Ms,
    pageP99WithCoxMs: uncached.pageWithCox.p99Ms,
    ratio: uncached.pageWithCox.p99Ms / uncached.pageAlone.p99Ms,
    target: TARGETS.pageP99WithCox,
    coxModelsCompleted: uncached.coxAlongside.requests,
    errors: uncached.pageAlone.errors + uncached.pageWithCox.errors + uncached.coxAlongside.errors,
  };

  printTable(`Load, cached server (${plan.patients.toLocaleString('en-US')} patients, ${plan.seconds} s per run; analyses rotate over the registry and its 8 sites)`,
    ['scenario', 'clients', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'peak RSS MB'],
    cached.rows.map((row) => [SCENARIO_NAMES[row.scenario as AnalysisScenario | 'page'], String(row.connections), String(row.requests), fixed(row.requestsPerSecond, 1), fixed(row.p50Ms), fixed(row.p99Ms), String(row.errors), fixed(row.peakRssMb)]));
  printTable('Against the floors (page: p50 at 1 client; analyses: uncached p50 at 1 client, whole registry)',
    ['scenario', 'floor', 'floor ms', 'served ms', 'ratio', 'target', '', 'floor = API', 'arrays read ms'],
    ratios.map((row) => [SCENARIO_NAMES[row.scenario as AnalysisScenario | 'page'], row.floor, fixed(row.floorMs, 1), fixed(row.servedMs, 1), `${fixed(row.ratio, 2)}x`, `${row.target}x`, verdict(row.ratio, row.target), row.floorMatchesApi ? 'yes' : 'NO', fixed('arraysReadMs' in row ? row.arraysReadMs : null, 1)]));
  printTable(`Page query while Cox models run (uncached, on the analysis worker; ${2 * plan.seconds} s each)`,
    ['page clients', 'Cox clients', 'p50 alone', 'p99 alone ms', 'p50 with Cox', 'p99 with Cox ms', 'ratio', 'target', '', 'Cox models done', 'errors'],
    [[String(isolation.clients), String(isolation.coxClients), fixed(isolation.pageP50AloneMs), fixed(isolation.pageP99AloneMs), fixed(isolation.pageP50WithCoxMs), fixed(isolation.pageP99WithCoxMs),
      `${fixed(isolation.ratio, 2)}x`, `${isolation.target}x`, isolation.coxModelsCompleted === 0 ? 'no Cox model ran' : verdict(isolation.ratio, isolation.target), String(isolation.coxModelsCompleted), String(isolation.errors)]]);
  printTable('Result cache (each analysis: one warm-up pass over 9 cohorts, then the runs above)',
    ['analysis', 'hits', 'coalesced', 'misses', 'answered from cache'],
    [...ANALYSIS_SCENARIOS.map((scenario) => { const c = cached.cache[scenario]!; return [SCENARIO_NAMES[scenario], String(c.hits), String(c.coalesced), String(c.misses), percent(c.hitRate)]; }),
      ['mixed run', String(cached.soak.cache.hits), String(cached.soak.cache.coalesced), String(cached.soak.cache.misses), percent(cached.soak.cache.hitRate)]]);
  printTable(`Mixed run: every scenario at 64 clients for ${plan.soakSeconds} s`,
    ['requests', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'target', '', 'peak RSS MB'],
    [[String(cached.soak.requests), fixed(cached.soak.requestsPerSecond, 1), fixed(cached.soak.p50Ms), fixed(cached.soak.p99Ms), String(cached.soak.errors), String(TARGETS.soakErrors), cached.soak.errors === 0 ? 'met' : 'NOT met', fixed(cached.soak.peakRssMb)]]);
  if (cached.soak.firstError !== null) console.log(`first error of the mixed run: ${cached.soak.firstError}`);
  console.log(`\nload average (1, 5, 15 min) at start ${loadAverageAtStart.map((v) => v.toFixed(2)).join(' ')}, at end ${loadAverageAtEnd.map((v) => v.toFixed(2)).join(' ')}; ${cpus().length} cpus`);

  const RESULTS_FILE = resultsFile(plan.database);
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({
    date: startedAt.toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, loadAverageAtStart, loadAverageAtEnd },
    plan,
    registry: { ...registry, file: relative(BENCH_FOLDER, registry.file) },
    floors,
    ratios,
    isolation,
    uncachedAnalyses: uncached.uncached,
    uncachedServerPeakRssMb: uncached.peakRssMb,
    load: cached.rows,
    cache: cached.cache,
    soak: cached.soak,
    analysesAtEnd: cached.analyses,
  }, null, 2)}\n`);
  console.log(`\nresults: ${RESULTS_FILE}`);

  const others = await otherBenchmarks(plan);
  console.log(`\nother benchmarks: ${Object.entries(others).map(([file, state]) => `${file} ${state}`).join(', ')}; total ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min`);
}

await main();
