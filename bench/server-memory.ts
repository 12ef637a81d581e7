/**
 * Whole-registry analyses served uncached, and the server's peak memory while it serves them:
 * `src/main.ts` in a child process (bench/server-process.ts) over a registry file, with the result
 * cache off (ANALYSIS_CACHE_ENTRIES=0, so every request runs its analysis on a worker) and one
 * analysis worker, as bench/run.ts starts it. For each analysis (Kaplan–Meier + log-rank and the
 * 6-covariate Cox model of bench/bench-queries.ts ANALYSIS_QUERIES, and an albumin trajectory over
 * three timepoints with the tumour-burden adjusted ANOVA) one warm-up request, then `--runs`
 * requests one after the other over the whole registry: the median time. Peak memory is the
 * server's VmHWM (worker threads included: they share the process).
 *
 * The floors, measured in this process first (bench/floors.ts): the statistics core on the same
 * arrays, read once by hand-written statements; for the trajectory, the two repeated-measures
 * ANOVAs on the values the service picks (the variables' SQL of src/store/patient-variables.ts).
 *
 *   npx tsx bench/server-memory.ts [--registry bench/.data/registry-100k.sqlite] [--runs 11] [--cache-entries 0]
 */
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { repeatedMeasuresAnova } from '../src/stats/index.js';
import { findSqlVariable } from '../src/store/patient-variables.js';
import { ANALYSIS_QUERIES, requestBody } from './bench-queries.js';
import { coxDesign, fitCox, kmAndLogRank, RegistryFloors, survivalArrays, timeMedian } from './floors.js';
import { startBenchServer } from './server-process.js';

const TRAJECTORY_ANALYTE = 'ALBUMIN';
const TRAJECTORY_TIMEPOINTS = ['BASELINE', 'MONTH_6', 'YEAR_1'] as const;
const TRAJECTORY_QUERY = `query Trajectory($where: PatientFilter) { cohort(where: $where) { labTrajectory(analyte: ${TRAJECTORY_ANALYTE}, adjustFor: { variable: "tumorBurden" }) {
  summary { timepoint n mean sd median q1 q3 } anova { nComplete F p } adjustedAnova { nComplete F p } warnings } } }`;

const SCENARIOS = { km: ANALYSIS_QUERIES.km, cox: ANALYSIS_QUERIES.cox, labTrajectory: TRAJECTORY_QUERY } as const;

const { values: options } = parseArgs({
  options: {
    registry: { type: 'string', default: 'bench/.data/registry-100k.sqlite' },
    runs: { type: 'string', default: '11' },
    'cache-entries': { type: 'string', default: '0' },
  },
});
const runs = Number(options.runs);

/** The trajectory's values per patient (one row per patient, one column per timepoint) and the tumour burden, by the variables' own SQL. */
function trajectoryArrays(file: string): { values: (number | null)[][]; between: (string | null)[] } {
  const dialect = new SQLiteSyncDialect();
  const expressions = TRAJECTORY_TIMEPOINTS.map((timepoint) => dialect.sqlToQuery(findSqlVariable(`lab.${TRAJECTORY_ANALYTE}.${timepoint}`)!.expression));
  const db = new Database(file, { readonly: true });
  try {
    const text = `SELECT ${expressions.map((e) => e.sql).join(', ')}, tumor_burden FROM patients ORDER BY id`;
    const rows = db.prepare(text).raw().all(...expressions.flatMap((e) => e.params as unknown[])) as (number | string | null)[][];
    return { values: rows.map((row) => row.slice(0, TRAJECTORY_TIMEPOINTS.length) as (number | null)[]), between: rows.map((row) => row[TRAJECTORY_TIMEPOINTS.length] as string | null) };
  } finally {
    db.close();
  }
}

function measureFloors(file: string) {
  const floors = new RegistryFloors(file);
  try {
    const rows = floors.readArrays();
    const survival = survivalArrays(rows);
    const design = coxDesign(rows);
    const trajectory = trajectoryArrays(file);
    return {
      km: timeMedian(runs, () => kmAndLogRank(survival)).medianMs,
      cox: timeMedian(runs, () => fitCox(design)).medianMs,
      labTrajectory: timeMedian(runs, () => {
        repeatedMeasuresAnova({ values: trajectory.values, between: null });
        repeatedMeasuresAnova({ values: trajectory.values, between: trajectory.between });
      }).medianMs,
    };
  } finally {
    floors.close();
  }
}

async function timeRequests(url: string, body: string): Promise<{ medianMs: number; times: number[] }> {
  const post = async () => {
    const started = performance.now();
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = (await response.json()) as { errors?: unknown[] };
    if (answer.errors !== undefined) throw new Error(`the analysis failed: ${JSON.stringify(answer.errors)}`);
    return performance.now() - started;
  };
  await post();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(await post());
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, times };
}

async function main() {
  const floors = measureFloors(options.registry);
  const server = await startBenchServer(options.registry, { ANALYSIS_CACHE_ENTRIES: options['cache-entries'], ANALYSIS_WORKERS: '1' });
  try {
    const startedRssMb = server.peakRssMb();
    const served: Record<string, { medianMs: number; times: number[]; floorMs: number; ratio: number; peakRssMb: number | null }> = {};
    for (const [name, query] of Object.entries(SCENARIOS) as [keyof typeof SCENARIOS, string][]) {
      const timing = await timeRequests(server.url, requestBody(query, { where: null }));
      served[name] = { ...timing, floorMs: floors[name], ratio: timing.medianMs / floors[name], peakRssMb: server.peakRssMb() };
      console.error(`${name}: served ${timing.medianMs.toFixed(1)} ms, floor ${floors[name].toFixed(1)} ms, peak RSS ${server.peakRssMb()?.toFixed(0)} MB`);
    }
    console.log(JSON.stringify({ registry: options.registry, runs, cacheEntries: Number(options['cache-entries']), loadAverage: (await import('node:os')).loadavg(), startedRssMb, peakRssMb: server.peakRssMb(), served }, null, 2));
  } finally {
    await server.stop();
  }
}

await main();
