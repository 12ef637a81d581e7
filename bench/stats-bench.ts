/**
 * Statistics benchmark: Kaplan–Meier by group, log-rank, the restricted mean by group (τ = 365 days)
 * and Cox regression (Efron and Breslow ties) on seeded data with three groups and five covariates, at n = 1e4, 1e5 and 1e6, against R's
 * survival package on the same data when `Rscript` (with survival) is on the PATH; and Fine–Gray
 * (fineGray) on the same cohort with its events split into two causes, against cmprsk::crr where crr
 * finishes in reasonable time (its cost grows faster than n^2: about 10 s at n = 5,000), so R runs
 * at n = 2,000 and 5,000 only and ours also at the sizes above.
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
 *      npx tsx bench/stats-bench.ts --fine-gray [n ...]   (Fine–Gray alone; bench/results/stats-fine-gray.json)
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coxRegression, fineGray, kaplanMeier, logRank, restrictedMean } from '../src/stats/index.js';
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
/** τ of the restricted mean: a year, about the median event time of the generated cohort. */
const RMST_TAU = 365;
const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'stats.json');
const FINE_GRAY_RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'stats-fine-gray.json');
/** crr is O(n^2) and worse (about 1 s at 2,000 rows, 10 s at 5,000): R runs at these sizes only. */
const FINE_GRAY_R_SIZES = [2000, 5000];
/** A second stream for the cause of each event, so the cohort itself is the one the other procedures see. */
const CAUSE_SEED = 20261203;

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

/**
 * The cohort of generate(n) with each event given a cause: 2 (death without progression, say) with
 * probability logistic(-0.6 + 0.04 (age - 62)), else 1; censored rows stay 0.
 */
function generateCompetingRisks(n: number): { time: Float64Array; status: Uint8Array; covariates: BenchData['covariates'] } {
  const { time, event, covariates } = generate(n);
  const random = mulberry32(CAUSE_SEED + n);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (event[i] === 0) continue;
    const competing = 1 / (1 + Math.exp(0.6 - 0.04 * (covariates.age[i]! - 62)));
    status[i] = random() < competing ? 2 : 1;
  }
  return { time, status, covariates };
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
rm <- timed(function() summary(survfit(Surv(time, event) ~ group, data = d), rmean = ${RMST_TAU})$table)
fml <- Surv(time, event) ~ age + male + ecog + albumin + burden
ef <- timed(function() coxph(fml, data = d, ties = "efron"))
br <- timed(function() coxph(fml, data = d, ties = "breslow"))
q <- quantile(survfit(Surv(time, event) ~ group, data = d), 0.5)$quantile
chisq <- survdiff(Surv(time, event) ~ group, data = d)$chisq
rmean <- summary(survfit(Surv(time, event) ~ group, data = d), rmean = ${RMST_TAU})$table[, "rmean"]
efron <- coef(coxph(fml, data = d, ties = "efron"))
breslow <- coef(coxph(fml, data = d, ties = "breslow"))
vec <- function(x) paste(sprintf("%.17g", x), collapse = ",")
cat(sprintf('{"kaplanMeier":[%s],"logRank":[%s],"restrictedMean":[%s],"coxEfron":[%s],"coxBreslow":[%s],"medians":[%s],"chisq":%.17g,"rmean":[%s],"efron":[%s],"breslow":[%s]}\n',
  vec(km), vec(lr), vec(rm), vec(ef), vec(br), vec(q), chisq, vec(rmean), vec(efron), vec(breslow)))
`;

const R_FINE_GRAY_SCRIPT = String.raw`
suppressMessages(library(cmprsk))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
runs <- as.integer(args[2])
x <- as.matrix(d[, c("age", "male", "ecog", "albumin", "burden")])
fit <- function() crr(d$time, d$status, x, failcode = 1, cencode = 0)
elapsed <- cpu <- numeric(runs)
for (k in seq_len(runs)) {
  used <- system.time(f <- fit())
  elapsed[k] <- used[["elapsed"]] * 1000
  cpu[k] <- (used[["user.self"]] + used[["sys.self"]]) * 1000
}
vec <- function(x) paste(sprintf("%.17g", x), collapse = ",")
cat(sprintf('{"timing":[%s],"coef":[%s],"se":[%s]}\n', vec(c(median(elapsed), median(cpu))), vec(f$coef), vec(sqrt(diag(f$var)))))
`;

/** [elapsed, CPU] milliseconds. */
type RTiming = [number, number];

interface RRun {
  kaplanMeier: RTiming;
  logRank: RTiming;
  restrictedMean: RTiming;
  coxEfron: RTiming;
  coxBreslow: RTiming;
  medians: number[];
  chisq: number;
  rmean: number[];
  efron: number[];
  breslow: number[];
}

function rVersion(): string | null {
  const probe = spawnSync('Rscript', ['-e', 'cat(R.version.string, "/ survival", format(packageVersion("survival")))'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

function runR(data: BenchData, runs: number): RRun {
  const directory = mkdtempSync(join(tmpdir(), 'stats-bench-'));
  try {
    const csv = join(directory, 'data.csv');
    const script = join(directory, 'bench.R');
    const { time, event, group, covariates } = data;
    const file = openSync(csv, 'w');
    writeSync(file, `time,event,group,${COVARIATES.join(',')}\n`);
    for (let start = 0; start < time.length; start += CSV_CHUNK) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(start + CSV_CHUNK, time.length); i++) {
        lines.push(`${time[i]},${event[i]},${group[i]},${COVARIATES.map((name) => covariates[name][i]).join(',')}\n`);
      }
      writeSync(file, lines.join(''));
    }
    closeSync(file);
    writeFileSync(script, R_SCRIPT);
    const result = spawnSync('Rscript', [script, csv, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (result.status !== 0) throw new Error(`Rscript failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as RRun;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

interface RFineGrayRun {
  timing: RTiming;
  coef: number[];
  se: number[];
}

/** crr on the same rows, timed over `runs` calls (no warm-up: a call takes seconds, and crr is compiled Fortran). */
function runFineGrayR(data: ReturnType<typeof generateCompetingRisks>, runs: number): RFineGrayRun {
  const directory = mkdtempSync(join(tmpdir(), 'stats-bench-fine-gray-'));
  try {
    const csv = join(directory, 'data.csv');
    const script = join(directory, 'bench.R');
    const { time, status, covariates } = data;
    const lines = [`time,status,${COVARIATES.join(',')}`];
    for (let i = 0; i < time.length; i++) lines.push(`${time[i]},${status[i]},${COVARIATES.map((name) => covariates[name][i]).join(',')}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    writeFileSync(script, R_FINE_GRAY_SCRIPT);
    const result = spawnSync('Rscript', [script, csv, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (result.status !== 0) throw new Error(`Rscript (cmprsk) failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as RFineGrayRun;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function cmprskAvailable(): boolean {
  return spawnSync('Rscript', ['-e', 'suppressMessages(library(cmprsk))'], { encoding: 'utf8' }).status === 0;
}

/**
 * fineGray at each size, and crr beside it at the sizes of FINE_GRAY_R_SIZES (when R has cmprsk).
 * One row per size; vsFloor is left empty.
 */
export function runFineGrayBench(sizes: readonly number[]): BenchRow[] {
  const withR = cmprskAvailable();
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const data = generateCompetingRisks(n);
    const runs = runsFor(n);
    const ours = timeRuns(runs, () => fineGray(data));
    const peak = peakRssMb();
    const theirs = withR && FINE_GRAY_R_SIZES.includes(n) ? runFineGrayR(data, n <= 2000 ? 3 : 1) : null;
    rows.push({
      procedure: 'fineGray', n, runs, oursMs: ours.wallMs, oursCpuMs: ours.cpuMs,
      rMs: theirs?.timing[0] ?? null, rCpuMs: theirs?.timing[1] ?? null,
      ratio: theirs === null ? null : theirs.timing[0] / ours.wallMs, cpuRatio: theirs === null ? null : theirs.timing[1] / ours.cpuMs,
      vsFloor: null, peakRssMb: peak,
    });
    if (theirs !== null) {
      const fit = fineGray(data);
      console.log(
        `n = ${n}: fineGray vs crr (max relative difference): coef ${maxRelativeDifference(fit.coef, theirs.coef).toExponential(1)}, ` +
          `se ${maxRelativeDifference(fit.se, theirs.se).toExponential(1)}`,
      );
    }
  }
  return rows;
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
    const rmst = timeRuns(runs, () => restrictedMean({ time, event, group }, { tau: RMST_TAU }));
    const efron = timeRuns(runs, () => coxRegression({ time, event, covariates }, { ties: 'efron' }));
    const breslow = timeRuns(runs, () => coxRegression({ time, event, covariates }, { ties: 'breslow' }));
    const peak = peakRssMb();
    const theirs = r === null ? null : runR(data, runs);
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
    row('restrictedMean by group', rmst, theirs?.restrictedMean ?? null);
    row('coxRegression efron', efron, theirs?.coxEfron ?? null);
    row('coxRegression breslow', breslow, theirs?.coxBreslow ?? null);
    if (theirs !== null) {
      const medians = kaplanMeier({ time, event, group }).curves.map((curve) => curve.median.estimate);
      const efronCoef = coxRegression({ time, event, covariates }, { ties: 'efron' }).coef;
      const breslowCoef = coxRegression({ time, event, covariates }, { ties: 'breslow' }).coef;
      console.log(
        `n = ${n}: agreement with R (max relative difference): medians ${maxRelativeDifference(medians, theirs.medians).toExponential(1)}, ` +
          `log-rank chisq ${maxRelativeDifference([logRank({ time, event, group }).chisq], [theirs.chisq]).toExponential(1)}, ` +
          `rmean ${maxRelativeDifference(restrictedMean({ time, event, group }, { tau: RMST_TAU }).rmean, theirs.rmean).toExponential(1)}, ` +
          `Cox Efron ${maxRelativeDifference(efronCoef, theirs.efron).toExponential(1)}, Breslow ${maxRelativeDifference(breslowCoef, theirs.breslow).toExponential(1)}`,
      );
    }
  }
  rows.push(...runFineGrayBench([...FINE_GRAY_R_SIZES, ...sizes]));
  printTable(rows);
  writeResults(RESULTS_FILE, r, rows);
  return rows;
}

function writeResults(file: string, r: string | null, rows: readonly BenchRow[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, r, rows }, null, 2)}\n`);
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
  const fineGrayOnly = process.argv[2] === '--fine-gray';
  const sizes = process.argv.slice(fineGrayOnly ? 3 : 2).map(Number);
  if (fineGrayOnly) {
    const rows = runFineGrayBench(sizes.length > 0 ? sizes : [...FINE_GRAY_R_SIZES, ...DEFAULT_SIZES]);
    printTable(rows);
    writeResults(FINE_GRAY_RESULTS_FILE, rVersion(), rows);
  } else {
    await runStatsBench(sizes.length > 0 ? sizes : DEFAULT_SIZES);
  }
}
