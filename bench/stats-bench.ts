/**
 * Statistics benchmark: Kaplan–Meier by group, log-rank, the restricted mean by group (τ = 365 days),
 * Cox regression (Efron and Breslow ties),
 * and the competing-risks pair (cumulative incidence by group, Gray's test) on seeded data with three
 * groups and five covariates, at n = 1e4, 1e5 and 1e6, against R's survival package (and cmprsk) on
 * the same data when `Rscript` is on the PATH.
 * Competing risks: each event is given a cause (1, or 2 with probability 0.35, from its own seeded
 * stream, so the other columns stay as they were). R's survfit(Surv(time, factor(cause)) ~ group)
 * updates every subject's influence row at every event time, O(n · event times): R runs it only up to
 * n = CUMULATIVE_INCIDENCE_R_LIMIT, with one timed run above 1e4, and the R columns stay empty beyond.
 * R's cuminc() for Gray's test also estimates the curves (its time covers both).
 * Fine–Gray (fineGray) runs on the same cohort with its events split into two causes, against
 * cmprsk::crr where crr finishes in reasonable time (its cost grows faster than n^2: about 10 s at
 * n = 5,000), so R runs at n = 2,000 and 5,000 only and ours also at the sizes above.
 * Counting-process Cox: the same cohort's subjects each split at a visit into (start, stop] rows
 * (albumin re-measured), n rows in all: coxph(Surv(start, stop, event) ~ ..., ties = "efron"), and
 * cox.zph of that fit.
 *
 * Ours: the median wall-clock time of several runs after one warm-up run (fewer runs at larger n),
 * and the median CPU time (process.cpuUsage(), which also counts V8's helper threads).
 * R: the data go to a temporary CSV; R reads it (not timed), then times the model call alone with
 * system.time() over the same number of runs, after one warm-up: elapsed, and user + system CPU.
 * ratio = R / ours on wall-clock, cpuRatio on CPU time: on a shared machine the CPU ratio is the
 * steadier of the two.
 * Floor: the bare cost of the same work, the engine's one sort of the n times (radix-sort.ts
 * sortAscending: here, with times to 0.01 day, a counting sort of their integer keys), the least any
 * exact KM or log-rank must do to find the risk sets; `vsFloor` = KM (or log-rank) time / floor time.
 * The floor's answer is checked: its distinct times are those of the KM curves together.
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
import { coxRegression, coxZphOfFit, cumulativeIncidence, fineGray, grayTest, kaplanMeier, logRank, restrictedMean } from '../src/stats/index.js';
import { sortAscending } from '../src/stats/radix-sort.js';
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
  /** oursMs / (the engine's sort of the times); KM and log-rank only. */
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
/** The largest n at which R's survfit runs the cumulative incidence: 26 s CPU at 1e5 here, O(n · event times), so ~100x that at 1e6. */
const CUMULATIVE_INCIDENCE_R_LIMIT = 1e5;
/** Competing risks: the share of events given cause 2. */
const SECOND_CAUSE_SHARE = 0.35;
/** τ of the restricted mean: a year, about the median event time of the generated cohort. */
const RMST_TAU = 365;
const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'stats.json');
const FINE_GRAY_RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'stats-fine-gray.json');
/** crr is O(n^2) and worse (about 1 s at 2,000 rows, 10 s at 5,000): R runs at these sizes only. */
const FINE_GRAY_R_SIZES = [2000, 5000];

/** More runs where a run is short, so that the median is stable; 3 at 1e6 keeps R's Cox runs bearable. */
function runsFor(n: number): number {
  return n <= 1e4 ? 15 : n <= 1e5 ? 7 : 3;
}

interface BenchData {
  time: Float64Array;
  event: Uint8Array;
  /** 0 censored, 1 or 2 the cause of the event. */
  cause: Uint8Array;
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
    cause: new Uint8Array(n),
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
  const causeRandom = mulberry32(SEED + 2 * n + 1);
  for (let i = 0; i < n; i++) data.cause[i] = data.event[i] === 0 ? 0 : causeRandom() < SECOND_CAUSE_SHARE ? 2 : 1;
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
d <- read.csv(args[1], colClasses = c("numeric", "integer", "integer", "character", rep("numeric", 5)))
runs <- as.integer(args[2])
cifRuns <- as.integer(args[4])
# k timed runs after one warm-up; a single run (R's slow cumulative incidence) skips the warm-up.
timed <- function(fit, k = runs) {
  if (k > 1) fit()
  elapsed <- cpu <- numeric(k)
  for (i in seq_len(k)) {
    used <- system.time(fit())
    elapsed[i] <- used[["elapsed"]] * 1000
    cpu[i] <- (used[["user.self"]] + used[["sys.self"]]) * 1000
  }
  c(median(elapsed), median(cpu))
}
km <- timed(function() survfit(Surv(time, event) ~ group, data = d))
lr <- timed(function() survdiff(Surv(time, event) ~ group, data = d))
rm <- timed(function() summary(survfit(Surv(time, event) ~ group, data = d), rmean = ${RMST_TAU})$table)
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
rmean <- summary(survfit(Surv(time, event) ~ group, data = d), rmean = ${RMST_TAU})$table[, "rmean"]
efron <- coef(coxph(fml, data = d, ties = "efron"))
breslow <- coef(coxph(fml, data = d, ties = "breslow"))
vec <- function(x) paste(sprintf("%.17g", x), collapse = ",")
cif <- cifAt365 <- numeric(0)
if (cifRuns > 0) {
  cifFit <- function() cifLast <<- survfit(Surv(time, factor(cause, levels = 0:2)) ~ group, data = d)
  cif <- timed(cifFit, cifRuns)
  cifAt365 <- c(t(summary(cifLast, times = 365, extend = TRUE)$pstate[, 2:3]))
}
gray <- grayStat <- numeric(0)
if (requireNamespace("cmprsk", quietly = TRUE)) {
  gray <- timed(function() cmprsk::cuminc(d$time, d$cause, d$group))
  grayStat <- cmprsk::cuminc(d$time, d$cause, d$group)$Tests[, "stat"]
}
cat(sprintf('{"kaplanMeier":[%s],"logRank":[%s],"restrictedMean":[%s],"coxEfron":[%s],"coxBreslow":[%s],"coxCountingProcess":[%s],"coxZph":[%s],"cumulativeIncidence":[%s],"grayTest":[%s],"medians":[%s],"chisq":%.17g,"rmean":[%s],"efron":[%s],"breslow":[%s],"countingProcess":[%s],"zph":[%s],"cifAt365":[%s],"grayStat":[%s]}\n',
  vec(km), vec(lr), vec(rm), vec(ef), vec(br), vec(tv), vec(zp), vec(cif), vec(gray), vec(q), chisq, vec(rmean), vec(efron), vec(breslow), vec(coef(tvfit)), vec(zph), vec(cifAt365), vec(grayStat)))
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

/** [elapsed, CPU] milliseconds; empty where R did not run it. */
type RTiming = [number, number] | [];

interface RRun {
  kaplanMeier: RTiming;
  logRank: RTiming;
  restrictedMean: RTiming;
  coxEfron: RTiming;
  coxBreslow: RTiming;
  cumulativeIncidence: RTiming;
  grayTest: RTiming;
  /** Per group, causes 1 and 2 at day 365 (summary(fit, times = 365, extend = TRUE)); empty when not run. */
  cifAt365: number[];
  /** cuminc()$Tests stat per cause; empty without cmprsk. */
  grayStat: number[];
  coxCountingProcess: RTiming;
  coxZph: RTiming;
  medians: number[];
  chisq: number;
  rmean: number[];
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

function runR(data: BenchData, countingProcess: CountingProcessData, runs: number, cumulativeIncidenceRuns: number): RRun {
  const directory = mkdtempSync(join(tmpdir(), 'stats-bench-'));
  try {
    const csv = join(directory, 'data.csv');
    const countingCsv = join(directory, 'counting.csv');
    const script = join(directory, 'bench.R');
    const { time, event, cause, group, covariates } = data;
    writeCsv(csv, `time,event,cause,group,${COVARIATES.join(',')}\n`, time.length, (i) =>
      `${time[i]},${event[i]},${cause[i]},${group[i]},${COVARIATES.map((name) => covariates[name][i]).join(',')}\n`);
    const cp = countingProcess;
    writeCsv(countingCsv, `start,stop,event,${COVARIATES.join(',')}\n`, cp.stop.length, (i) =>
      `${cp.start[i]},${cp.stop[i]},${cp.event[i]},${COVARIATES.map((name) => cp.covariates[name][i]).join(',')}\n`);
    writeFileSync(script, R_SCRIPT);
    const result = spawnSync('Rscript', [script, csv, String(runs), countingCsv, String(cumulativeIncidenceRuns)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (result.status !== 0) throw new Error(`Rscript failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as RRun;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

interface RFineGrayRun {
  timing: [number, number];
  coef: number[];
  se: number[];
}

/** crr on the same rows, timed over `runs` calls (no warm-up: a call takes seconds, and crr is compiled Fortran). */
function runFineGrayR(data: { time: Float64Array; status: Uint8Array; covariates: BenchData['covariates'] }, runs: number): RFineGrayRun {
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
    const { time, cause: status, covariates } = generate(n);
    const data = { time, status, covariates };
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

/** The floor's sort finds the same distinct times as the KM curves together, or the bench stops. */
function checkFloorAnswer(time: Float64Array, fit: ReturnType<typeof kaplanMeier>): void {
  const distinct = (sorted: Float64Array): number[] => Array.from(sorted).filter((t, k) => k === 0 || t !== sorted[k - 1]);
  const floorTimes = distinct(sortAscending(time).sorted);
  const curveTimes = distinct(sortAscending(Float64Array.from(fit.curves.flatMap((curve) => Array.from(curve.time)))).sorted);
  if (floorTimes.length !== curveTimes.length || floorTimes.some((t, k) => t !== curveTimes[k])) {
    throw new Error('the floor sort and kaplanMeier disagree on the distinct times');
  }
}

function maxRelativeDifference(ours: readonly (number | null)[], theirs: readonly number[]): number {
  return Math.max(...theirs.map((value, i) => Math.abs((ours[i] ?? Number.NaN) - value) / Math.abs(value)));
}

/** Cumulative incidence at day 365 per group and cause, and Gray's statistics, against R's where R ran them. */
function competingRisksAgreement({ time, cause, group }: BenchData, theirs: RRun): string {
  const parts: string[] = [];
  if (theirs.cifAt365.length > 0) {
    const ours = cumulativeIncidence({ time, status: cause, group }, { times: [365] }).curves.flatMap((curve) =>
      curve.atTimes!.causes.map((incidence) => incidence.cumulativeIncidence[0]!),
    );
    parts.push(`cumulative incidence at 365 ${maxRelativeDifference(ours, theirs.cifAt365).toExponential(1)}`);
  } else parts.push('cumulative incidence not run in R at this n');
  if (theirs.grayStat.length > 0) {
    parts.push(`Gray stat ${maxRelativeDifference(grayTest({ time, status: cause, group }).stat, theirs.grayStat).toExponential(1)}`);
  }
  return parts.join(', ');
}

export async function runStatsBench(sizes: readonly number[] = DEFAULT_SIZES): Promise<BenchRow[]> {
  const r = rVersion();
  console.log(`node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? 'unknown'}); R: ${r ?? 'not found, R columns empty'}`);
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const data = generate(n);
    const runs = runsFor(n);
    const { time, event, cause, group, covariates } = data;
    const floor = timeRuns(runs, () => sortAscending(time));
    checkFloorAnswer(time, kaplanMeier({ time, event, group }));
    const km = timeRuns(runs, () => kaplanMeier({ time, event, group }));
    const logRankTiming = timeRuns(runs, () => logRank({ time, event, group }));
    const rmst = timeRuns(runs, () => restrictedMean({ time, event, group }, { tau: RMST_TAU }));
    const efron = timeRuns(runs, () => coxRegression({ time, event, covariates }, { ties: 'efron' }));
    const breslow = timeRuns(runs, () => coxRegression({ time, event, covariates }, { ties: 'breslow' }));
    const incidence = timeRuns(runs, () => cumulativeIncidence({ time, status: cause, group }));
    const gray = timeRuns(runs, () => grayTest({ time, status: cause, group }));
    const countingProcess = splitAtVisits(n);
    const countingInput = { start: countingProcess.start, time: countingProcess.stop, event: countingProcess.event, covariates: countingProcess.covariates };
    const countingTiming = timeRuns(runs, () => coxRegression(countingInput, { ties: 'efron' }));
    const countingFit = coxRegression(countingInput, { ties: 'efron' });
    const zphTiming = timeRuns(runs, () => coxZphOfFit(countingInput, countingFit, 'km'));
    const peak = peakRssMb();
    const cumulativeIncidenceRuns = n > CUMULATIVE_INCIDENCE_R_LIMIT ? 0 : n > 1e4 ? 1 : runs;
    const theirs = r === null ? null : runR(data, countingProcess, runs, cumulativeIncidenceRuns);
    const row = (procedure: string, ours: Timing, measured: RTiming | null, vsFloor: number | null = null): void => {
      const theirTiming = measured === null || measured.length === 0 ? null : measured;
      rows.push({
        procedure, n, runs, oursMs: ours.wallMs, oursCpuMs: ours.cpuMs, rMs: theirTiming?.[0] ?? null, rCpuMs: theirTiming?.[1] ?? null,
        ratio: theirTiming === null ? null : theirTiming[0] / ours.wallMs, cpuRatio: theirTiming === null ? null : theirTiming[1] / ours.cpuMs,
        vsFloor, peakRssMb: peak,
      });
    };
    row('sort floor (engine sortAscending)', floor, null);
    row('kaplanMeier by group', km, theirs?.kaplanMeier ?? null, km.wallMs / floor.wallMs);
    row('logRank', logRankTiming, theirs?.logRank ?? null, logRankTiming.wallMs / floor.wallMs);
    row('restrictedMean by group', rmst, theirs?.restrictedMean ?? null);
    row('coxRegression efron', efron, theirs?.coxEfron ?? null);
    row('coxRegression breslow', breslow, theirs?.coxBreslow ?? null);
    row('coxRegression (start, stop] efron', countingTiming, theirs?.coxCountingProcess ?? null);
    row('coxZph km of that fit', zphTiming, theirs?.coxZph ?? null);
    row('cumulativeIncidence by group', incidence, theirs?.cumulativeIncidence ?? null);
    row('grayTest (R: cuminc)', gray, theirs?.grayTest ?? null);
    if (theirs !== null) {
      const medians = kaplanMeier({ time, event, group }).curves.map((curve) => curve.median.estimate);
      const efronCoef = coxRegression({ time, event, covariates }, { ties: 'efron' }).coef;
      const breslowCoef = coxRegression({ time, event, covariates }, { ties: 'breslow' }).coef;
      const zph = coxZphOfFit(countingInput, countingFit, 'km');
      console.log(
        `n = ${n}: agreement with R (max relative difference): medians ${maxRelativeDifference(medians, theirs.medians).toExponential(1)}, ` +
          `log-rank chisq ${maxRelativeDifference([logRank({ time, event, group }).chisq], [theirs.chisq]).toExponential(1)}, ` +
          `rmean ${maxRelativeDifference(restrictedMean({ time, event, group }, { tau: RMST_TAU }).rmean, theirs.rmean).toExponential(1)}, ` +
          `Cox Efron ${maxRelativeDifference(efronCoef, theirs.efron).toExponential(1)}, Breslow ${maxRelativeDifference(breslowCoef, theirs.breslow).toExponential(1)}, ` +
          `(start, stop] ${maxRelativeDifference(countingFit.coef, theirs.countingProcess).toExponential(1)}, ` +
          `cox.zph chisq ${maxRelativeDifference([...zph.chisq, zph.global.chisq], theirs.zph).toExponential(1)}`,
      );
      console.log(`n = ${n}: agreement with R (max relative difference): ${competingRisksAgreement(data, theirs)}`);
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
