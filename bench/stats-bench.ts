/**
 * Statistics benchmark: Kaplan–Meier by group, log-rank, and Cox regression (Efron and Breslow ties)
 * on seeded data with three groups and five covariates, at n = 1e4, 1e5 and 1e6, against R's
 * survival package on the same data when `Rscript` (with survival) is on the PATH. Counting-process
 * Cox: the same cohort's subjects each split at a visit into (start, stop] rows (albumin re-measured),
 * n rows in all: coxph(Surv(start, stop, event) ~ ..., ties = "efron"), and cox.zph of that fit.
 *
 * Ours: the median wall-clock time of several runs after one warm-up run (fewer runs at larger n),
 * and the median CPU time (process.cpuUsage(), which also counts V8's helper threads).
 * R: the data go to a temporary CSV; R reads it (not timed), then times the model call alone with
 * system.time() over the same number of runs, after one warm-up: elapsed, and user + system CPU.
 * ratio = R / ours on wall-clock, cpuRatio on CPU time: on a shared machine the CPU ratio is the
 * steadier of the two.
 * Floor: one sort of the n times (a Float64Array copy and its sort), the least any exact KM must do;
 * `vsFloor` = KM time / floor time.
 * Memory: the peak resident set size of this process so far (process.resourceUsage().maxRSS), read
 * after our runs at each n (before the CSV for R is written); sizes run in increasing order, so the
 * 1e6 rows show the peak of data generation plus all four procedures.
 * Results: a table on stdout and bench/results/stats.json.
 *
 * Run: npx tsx bench/stats-bench.ts [n ...]
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coxRegression, coxZphOfFit, kaplanMeier, logRank } from '../src/stats/index.js';
import { mulberry32, type Random } from '../test/helpers/prng.js';

export interface BenchRow {
  procedure: string;
  n: number;
  runs: number;
  /** Median wall-clock milliseconds of our runs. */
  oursMs: number;
  /** Median CPU milliseconds of our runs. */
  oursCpuMs: number;
  /** Median of R's system.time() elapsed, in milliseconds; null without R. */
  rMs: number | null;
  /** Median of R's system.time() user + system CPU, in milliseconds; null without R. */
  rCpuMs: number | null;
  /** rMs / oursMs. */
  ratio: number | null;
  /** rCpuMs / oursCpuMs. */
  cpuRatio: number | null;
  /** oursMs / (one Float64Array sort of the times); KM only. */
  vsFloor: number | null;
  /** Peak resident set size of this process after our runs at this n, MB. */
  peakRssMb: number;
}

const DEFAULT_SIZES = [1e4, 1e5, 1e6];
const SEED = 20261127;
const GROUPS = ['arm A', 'arm B', 'arm C'];
const COVARIATES = ['age', 'male', 'ecog', 'albumin', 'burden'] as const;
/** Rows per write of the CSV handed to R, to keep the bench's own memory out of the peak RSS. */
const CSV_CHUNK = 50_000;
const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'stats.json');

/** More runs where a run is short, so that the median is stable; 3 at 1e6 keeps R's Cox runs bearable. */
function runsFor(n: number): number {
  return n <= 1e4 ? 15 : n <= 1e5 ? 7 : 3;
}

interface BenchData {
  time: Float64Array;
  event: Uint8Array;
  group: string[];
  covariates: Record<(typeof COVARIATES)[number], Float64Array>;
}

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * A cohort of n: arm uniform over three groups, age ~ N(62, 10), male ~ Bernoulli(0.6), ECOG 0-2,
 * albumin ~ N(3.8, 0.5) g/dL, tumour burden ~ U(0, 1); exponential event times with a log-linear
 * hazard (median about a year), uniform censoring over 4 years, times in days to 0.01.
 */
function generate(n: number): BenchData {
  const random = mulberry32(SEED + n);
  const data: BenchData = {
    time: new Float64Array(n),
    event: new Uint8Array(n),
    group: new Array<string>(n),
    covariates: {
      age: new Float64Array(n), male: new Float64Array(n), ecog: new Float64Array(n),
      albumin: new Float64Array(n), burden: new Float64Array(n),
    },
  };
  const { age, male, ecog, albumin, burden } = data.covariates;
  for (let i = 0; i < n; i++) {
    const arm = Math.floor(random() * 3);
    age[i] = Math.round(62 + 10 * normal(random));
    male[i] = random() < 0.6 ? 1 : 0;
    ecog[i] = Math.floor(random() * 3);
    albumin[i] = Math.round((3.8 + 0.5 * normal(random)) * 10) / 10;
    burden[i] = Math.round(random() * 100) / 100;
    const logHazard = 0.02 * (age[i]! - 62) + 0.3 * male[i]! + 0.4 * ecog[i]! - 0.5 * (albumin[i]! - 3.8) + 0.8 * burden[i]! - 0.25 * arm;
    const eventTime = (-Math.log(1 - random()) / Math.exp(logHazard)) * 365;
    const censorTime = random() * 1461;
    data.time[i] = Math.round(Math.min(eventTime, censorTime) * 100) / 100;
    data.event[i] = eventTime <= censorTime ? 1 : 0;
    data.group[i] = GROUPS[arm]!;
  }
  return data;
}

interface CountingProcessData {
  start: Float64Array;
  stop: Float64Array;
  event: Uint8Array;
  covariates: BenchData['covariates'];
}

/**
 * n (start, stop] rows from the cohort of n/2 subjects: each subject followed for more than a day is
 * split at a visit at 20-80% of its follow-up, where albumin is measured again (its first value plus
 * N(0, 0.3), to 0.1); the event, if any, ends the second row. Subjects not split give one row, so
 * the bench takes further subjects until n rows (fewer only if the n subjects run out).
 */
function splitAtVisits(n: number): CountingProcessData {
  const cohort = generate(n);
  const random = mulberry32(SEED - n);
  const rows: CountingProcessData = {
    start: new Float64Array(n), stop: new Float64Array(n), event: new Uint8Array(n),
    covariates: {
      age: new Float64Array(n), male: new Float64Array(n), ecog: new Float64Array(n),
      albumin: new Float64Array(n), burden: new Float64Array(n),
    },
  };
  let row = 0;
  const copy = (subject: number, start: number, stop: number, event: number, albumin: number): void => {
    rows.start[row] = start;
    rows.stop[row] = stop;
    rows.event[row] = event;
    for (const name of COVARIATES) rows.covariates[name][row] = cohort.covariates[name][subject]!;
    rows.covariates.albumin[row] = albumin;
    row++;
  };
  for (let subject = 0; row < n && subject < n; subject++) {
    const time = cohort.time[subject]!;
    const albumin = cohort.covariates.albumin[subject]!;
    const visit = Math.round(time * (0.2 + 0.6 * random()) * 100) / 100;
    if (time > 1 && visit > 0 && visit < time && row + 1 < n) {
      copy(subject, 0, visit, 0, albumin);
      copy(subject, visit, time, cohort.event[subject]!, Math.round((albumin + 0.3 * normal(random)) * 10) / 10);
    } else if (time > 0) {
      copy(subject, 0, time, cohort.event[subject]!, albumin);
    }
  }
  if (row === n) return rows;
  const cut = <T extends Float64Array | Uint8Array>(column: T): T => column.slice(0, row) as T;
  return {
    start: cut(rows.start), stop: cut(rows.stop), event: cut(rows.event),
    covariates: {
      age: cut(rows.covariates.age), male: cut(rows.covariates.male), ecog: cut(rows.covariates.ecog),
      albumin: cut(rows.covariates.albumin), burden: cut(rows.covariates.burden),
    },
  };
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function timeRuns(runs: number, work: () => unknown): Timing {
  work();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < runs; k++) {
    const startCpu = process.cpuUsage();
    const start = performance.now();
    work();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

const R_SCRIPT = String.raw`
suppressMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("numeric", "integer", "character", rep("numeric", 5)))
runs <- as.integer(args[2])
timed <- function(fit) {
  fit()
  elapsed <- cpu <- numeric(runs)
  for (k in seq_len(runs)) {
    used <- system.time(fit())
    elapsed[k] <- used[["elapsed"]] * 1000
    cpu[k] <- (used[["user.self"]] + used[["sys.self"]]) * 1000
  }
  c(median(elapsed), median(cpu))
}
km <- timed(function() survfit(Surv(time, event) ~ group, data = d))
lr <- timed(function() survdiff(Surv(time, event) ~ group, data = d))
fml <- Surv(time, event) ~ age + male + ecog + albumin + burden
ef <- timed(function() coxph(fml, data = d, ties = "efron"))
br <- timed(function() coxph(fml, data = d, ties = "breslow"))
cp <- read.csv(args[3])
cfml <- Surv(start, stop, event) ~ age + male + ecog + albumin + burden
tv <- timed(function() coxph(cfml, data = cp, ties = "efron"))
tvfit <- coxph(cfml, data = cp, ties = "efron")
zp <- timed(function() cox.zph(tvfit))
zph <- cox.zph(tvfit)$table[, "chisq"]
q <- quantile(survfit(Surv(time, event) ~ group, data = d), 0.5)$quantile
chisq <- survdiff(Surv(time, event) ~ group, data = d)$chisq
efron <- coef(coxph(fml, data = d, ties = "efron"))
breslow <- coef(coxph(fml, data = d, ties = "breslow"))
vec <- function(x) paste(sprintf("%.17g", x), collapse = ",")
cat(sprintf('{"kaplanMeier":[%s],"logRank":[%s],"coxEfron":[%s],"coxBreslow":[%s],"coxCountingProcess":[%s],"coxZph":[%s],"medians":[%s],"chisq":%.17g,"efron":[%s],"breslow":[%s],"countingProcess":[%s],"zph":[%s]}\n',
  vec(km), vec(lr), vec(ef), vec(br), vec(tv), vec(zp), vec(q), chisq, vec(efron), vec(breslow), vec(coef(tvfit)), vec(zph)))
`;

/** [elapsed, CPU] milliseconds. */
type RTiming = [number, number];

interface RRun {
  kaplanMeier: RTiming;
  logRank: RTiming;
  coxEfron: RTiming;
  coxBreslow: RTiming;
  coxCountingProcess: RTiming;
  coxZph: RTiming;
  medians: number[];
  chisq: number;
  efron: number[];
  breslow: number[];
  countingProcess: number[];
  /** cox.zph's chisq column: one per covariate, then GLOBAL. */
  zph: number[];
}

function rVersion(): string | null {
  const probe = spawnSync('Rscript', ['-e', 'cat(R.version.string, "/ survival", format(packageVersion("survival")))'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** Writes a CSV in chunks of CSV_CHUNK rows: `line(i)` is row i, newline included. */
function writeCsv(path: string, header: string, rowCount: number, line: (i: number) => string): void {
  const file = openSync(path, 'w');
  writeSync(file, header);
  for (let start = 0; start < rowCount; start += CSV_CHUNK) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(start + CSV_CHUNK, rowCount); i++) lines.push(line(i));
    writeSync(file, lines.join(''));
  }
  closeSync(file);
}

function runR(data: BenchData, countingProcess: CountingProcessData, runs: number): RRun {
  const directory = mkdtempSync(join(tmpdir(), 'stats-bench-'));
  try {
    const csv = join(directory, 'data.csv');
    const countingCsv = join(directory, 'counting.csv');
    const script = join(directory, 'bench.R');
    const { time, event, group, covariates } = data;
    writeCsv(csv, `time,event,group,${COVARIATES.join(',')}\n`, time.length, (i) =>
      `${time[i]},${event[i]},${group[i]},${COVARIATES.map((name) => covariates[name][i]).join(',')}\n`);
    const cp = countingProcess;
    writeCsv(countingCsv, `start,stop,event,${COVARIATES.join(',')}\n`, cp.stop.length, (i) =>
      `${cp.start[i]},${cp.stop[i]},${cp.event[i]},${COVARIATES.map((name) => cp.covariates[name][i]).join(',')}\n`);
    writeFileSync(script, R_SCRIPT);
    const result = spawnSync('Rscript', [script, csv, String(runs), countingCsv], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (result.status !== 0) throw new Error(`Rscript failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as RRun;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function maxRelativeDifference(ours: readonly (number | null)[], theirs: readonly number[]): number {
  return Math.max(...theirs.map((value, i) => Math.abs((ours[i] ?? Number.NaN) - value) / Math.abs(value)));
}

export async function runStatsBench(sizes: readonly number[] = DEFAULT_SIZES): Promise<BenchRow[]> {
  const r = rVersion();
  console.log(`node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? 'unknown'}); R: ${r ?? 'not found, R columns empty'}`);
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const data = generate(n);
    const runs = runsFor(n);
    const { time, event, group, covariates } = data;
    const floor = timeRuns(runs, () => time.slice().sort());
    const km = timeRuns(runs, () => kaplanMeier({ time, event, group }));
    const logRankTiming = timeRuns(runs, () => logRank({ time, event, group }));
    const efron = timeRuns(runs, () => coxRegression({ time, event, covariates }, { ties: 'efron' }));
    const breslow = timeRuns(runs, () => coxRegression({ time, event, covariates }, { ties: 'breslow' }));
    const countingProcess = splitAtVisits(n);
    const countingInput = { start: countingProcess.start, time: countingProcess.stop, event: countingProcess.event, covariates: countingProcess.covariates };
    const countingTiming = timeRuns(runs, () => coxRegression(countingInput, { ties: 'efron' }));
    const countingFit = coxRegression(countingInput, { ties: 'efron' });
    const zphTiming = timeRuns(runs, () => coxZphOfFit(countingInput, countingFit, 'km'));
    const peak = peakRssMb();
    const theirs = r === null ? null : runR(data, countingProcess, runs);
    const row = (procedure: string, ours: Timing, theirTiming: RTiming | null, vsFloor: number | null = null): void => {
      rows.push({
        procedure, n, runs, oursMs: ours.wallMs, oursCpuMs: ours.cpuMs, rMs: theirTiming?.[0] ?? null, rCpuMs: theirTiming?.[1] ?? null,
        ratio: theirTiming === null ? null : theirTiming[0] / ours.wallMs, cpuRatio: theirTiming === null ? null : theirTiming[1] / ours.cpuMs,
        vsFloor, peakRssMb: peak,
      });
    };
    row('sort floor (Float64Array)', floor, null);
    row('kaplanMeier by group', km, theirs?.kaplanMeier ?? null, km.wallMs / floor.wallMs);
    row('logRank', logRankTiming, theirs?.logRank ?? null);
    row('coxRegression efron', efron, theirs?.coxEfron ?? null);
    row('coxRegression breslow', breslow, theirs?.coxBreslow ?? null);
    row('coxRegression (start, stop] efron', countingTiming, theirs?.coxCountingProcess ?? null);
    row('coxZph km of that fit', zphTiming, theirs?.coxZph ?? null);
    if (theirs !== null) {
      const medians = kaplanMeier({ time, event, group }).curves.map((curve) => curve.median.estimate);
      const efronCoef = coxRegression({ time, event, covariates }, { ties: 'efron' }).coef;
      const breslowCoef = coxRegression({ time, event, covariates }, { ties: 'breslow' }).coef;
      const zph = coxZphOfFit(countingInput, countingFit, 'km');
      console.log(
        `n = ${n}: agreement with R (max relative difference): medians ${maxRelativeDifference(medians, theirs.medians).toExponential(1)}, ` +
          `log-rank chisq ${maxRelativeDifference([logRank({ time, event, group }).chisq], [theirs.chisq]).toExponential(1)}, ` +
          `Cox Efron ${maxRelativeDifference(efronCoef, theirs.efron).toExponential(1)}, Breslow ${maxRelativeDifference(breslowCoef, theirs.breslow).toExponential(1)}, ` +
          `(start, stop] ${maxRelativeDifference(countingFit.coef, theirs.countingProcess).toExponential(1)}, ` +
          `cox.zph chisq ${maxRelativeDifference([...zph.chisq, zph.global.chisq], theirs.zph).toExponential(1)}`,
      );
    }
  }
  printTable(rows);
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, r, rows }, null, 2)}\n`,
  );
  return rows;
}

function printTable(rows: readonly BenchRow[]): void {
  const format = (value: number | null, digits: number) => (value === null ? '-' : value.toFixed(digits));
  const header = ['procedure', 'n', 'runs', 'ours ms', 'R ms', 'R/ours', 'ours CPU', 'R CPU', 'CPU R/ours', 'vs floor', 'peak RSS MB'];
  const body = rows.map((row) => [
    row.procedure, String(row.n), String(row.runs), format(row.oursMs, 1), format(row.rMs, 1), format(row.ratio, 1),
    format(row.oursCpuMs, 1), format(row.rCpuMs, 1), format(row.cpuRatio, 1), format(row.vsFloor, 2), format(row.peakRssMb, 0),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  for (const cells of [header, ...body]) console.log(cells.map((cell, column) => cell.padStart(widths[column]!)).join('  '));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.slice(2).map(Number);
  await runStatsBench(sizes.length > 0 ? sizes : DEFAULT_SIZES);
}
