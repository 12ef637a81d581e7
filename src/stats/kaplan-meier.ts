/**
 * Kaplan–Meier estimator of the survival function, as R's
 * `survival::survfit(Surv(time, event) ~ group, conf.type = confType, conf.int = confLevel)`
 * (survival 3.5-3, the version the golden cases come from).
 *
 * Formula, over the distinct observed times t_i of one stratum (Klein & Moeschberger, Survival
 * Analysis 2nd ed., eq. 4.2.1 and 4.2.2):
 *   S(t)         = Π_{t_i <= t} (n_i - d_i) / n_i        n_i at risk (time >= t_i), d_i events at t_i
 *   se(log S(t)) = sqrt( Σ_{t_i <= t} d_i / (n_i (n_i - d_i)) )      Greenwood, on the log scale
 * `stdErr` is that standard error of log S (survfit's `std.err`); the standard error of S itself is
 * stdErr * S (what `summary()` prints, and `atTimes.stdErr` here). When n_i = d_i, S = 0 and
 * stdErr = Infinity, as in R.
 *
 * Conventions, all as survfit:
 *  - Timefix (R/aeqSurv.R): sorted distinct times y closer than sqrt(eps) (absolute, or relative to
 *    mean |y|) are one time, the smallest of the run. Applied to all rows before the split by group.
 *  - Ties: events happen before censorings at the same time (a subject censored at t_i is at risk at
 *    t_i). The grid is every distinct time, events and censorings alike.
 *  - Strata: one curve per group level; levels are the sorted distinct labels (numbers numerically,
 *    strings by code unit, as R's factor() in the C locale).
 *  - Pointwise CI (R/survfit.R survfit_confint, 3.5-3), z = qnorm(1 - (1 - confLevel)/2), se = stdErr:
 *      log      S e^{±z se}, upper clipped at 1; NA where S = 0
 *      log-log  exp(-exp(log(-log S) ∓ z se / log S)); NA where S = 0 or S = 1
 *      plain    S ± z se S, clipped to [0, 1]
 *      logit    1 - 1/(1 + exp(log(S/(1-S)) ∓ z se (1 + S/(1-S)))); NA where S = 0, NaN where S = 1
 *      arcsin   sin²(asin(√S) ∓ z se √(S/(1-S)) / 2), clipped to [0, π/2]; NaN where S = 1
 *    (survival >= 3.8-4 turns the S = 1 rows of log-log/logit into [1, 1]; 3.5-3 does not.)
 *  - Median and quartiles (R/quantile.survfit.R findq): the time where 1 - S crosses p, with the
 *    midpoint rule when S sits at 1 - p (within sqrt(eps)) on a flat; the CI is the same rule on the
 *    lower and upper bands. `medians.print` is print.survfit's rule (R/print.survfit.R minmin), and
 *    `medians.spss` the SPSS KM table: first event time with S <= 0.5, SE = SE(S) / f̂ with
 *    f̂ = (S(u) - S(l)) / (l - u), u the last event time with S >= 0.55, l the first with S <= 0.45
 *    (Klein & Moeschberger §4.5 practical note 3), CI = median ± z SE.
 *  - Restricted mean (R/print.survfit.R survmean): area under S from 0 to `end`, with
 *    var = Σ_i A_i² d_i / (n_i (n_i - d_i)), A_i = ∫_{t_i}^{end} S(u) du (no n/(n-1) factor).
 *  - Survival at chosen times (summary.survfit(fit, times, extend = TRUE)): the step function
 *    carried forward, n at risk at the first grid time >= τ (0 past the end), events and censorings
 *    counted in (τ_{k-1}, τ_k].
 *
 * Representation: the per-time columns of a curve are Float64Arrays, where NaN stands for R's NA
 * (a typed array cannot hold null) and Infinity for R's Inf. Every other value that cannot be
 * estimated is null.
 *
 * The row preparation that log-rank.ts shares (validation, factor coding, the radix sort by time,
 * timefix, grouping by level) is exported from here. Speed: typed arrays, one sort that carries each
 * row's event and level, no per-subject objects; survfit's work is O(n) after the sort.
 */
import { StatsInputError } from './errors.js';
import { normalQuantile } from './distributions.js';

/** sqrt(.Machine$double.eps): R's tolerance for tied times (aeqSurv) and for S = p (quantiles). */
const R_TOLERANCE = 1.4901161193847656e-8;

/** SPSS's density estimate at the median spans the last event time with S >= 0.55 and the first with S <= 0.45. */
const SPSS_UPPER_SURVIVAL = 0.55;
const SPSS_LOWER_SURVIVAL = 0.45;

const QUANTILE_PROBABILITIES = [0.25, 0.5, 0.75] as const;

/** Labels looked up by a linear scan before the Map (see readLevels). */
const SCANNED_LABELS = 8;

export type ConfidenceType = 'log' | 'log-log' | 'plain' | 'logit' | 'arcsin';
const CONFIDENCE_TYPES: readonly ConfidenceType[] = ['log', 'log-log', 'plain', 'logit', 'arcsin'];

/** A numeric column; a bare number stands for a column of one (R's JSON writes length-1 vectors so). */
export type SurvivalColumn = ArrayLike<number> | number;

/** A column of labels (group, strata); a bare label stands for a column of one. */
export type SurvivalLabelColumn = ArrayLike<string | number> | string | number;

export interface KaplanMeierInput {
  /** Follow-up times, >= 0. */
  time: SurvivalColumn;
  /** 1 = event, 0 = censored. */
  event: SurvivalColumn;
  /** Optional group label per row: one curve per distinct label. */
  group?: SurvivalLabelColumn | null;
}

export interface KaplanMeierOptions {
  /** Default 'log', as survfit. */
  confType?: ConfidenceType;
  /** Default 0.95. */
  confLevel?: number;
  /** Times for `atTimes` (summary(fit, times, extend = TRUE)); none by default. */
  times?: readonly number[] | number | null;
  /** 'SPSS' makes `median` the SPSS KM median with its symmetric interval and SE. */
  medianCi?: 'SPSS';
  /** End of the restricted mean: 'common' (default, the latest time of all curves), 'individual' or a time. */
  rmean?: 'common' | 'individual' | number;
}

export interface SurvivalTimeEstimate {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface SpssMedianEstimate extends SurvivalTimeEstimate {
  stdErr: number | null;
}

export interface SurvivalQuantile extends SurvivalTimeEstimate {
  /** Probability on the CDF scale: 0.5 is the median, 0.25 the time S falls to 0.75. */
  probability: number;
}

export interface RestrictedMean {
  end: number;
  estimate: number;
  stdErr: number;
}

export interface SurvivalAtTimes {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  /** Standard error of S (Greenwood), not of log S; null where R gives NaN (S = 0 after n = d). */
  stdErr: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
}

export interface KaplanMeierCurve {
  /** The group label, "all" without groups. */
  stratum: string;
  n: number;
  events: number;
  time: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  survival: Float64Array;
  /** Greenwood standard error of log S (survfit's std.err); Infinity once n = d. */
  stdErr: Float64Array;
  /** NaN where R gives NA. */
  lower: Float64Array;
  upper: Float64Array;
  /** R's quantile(fit, 0.5), or the SPSS median when options.medianCi is 'SPSS'. */
  median: SurvivalTimeEstimate | SpssMedianEstimate;
  medians: { quantile: SurvivalTimeEstimate; print: SurvivalTimeEstimate; spss: SpssMedianEstimate };
  /** 25th, 50th and 75th percentiles with R's rule and CI. */
  quantiles: SurvivalQuantile[];
  restrictedMean: RestrictedMean;
  atTimes: SurvivalAtTimes | null;
}

export interface KaplanMeierResult {
  confType: ConfidenceType;
  confLevel: number;
  curves: KaplanMeierCurve[];
}

/**
 * Rows sorted by time (after timefix) and grouped by level, keeping the time order inside a level:
 * level g holds sorted positions offsets[g] to offsets[g + 1] - 1. Each row carries its tag,
 * (code << 1) | event, where the code is what the caller packed (a group, a stratum and group...).
 */
export interface SortedSurvivalData {
  time: Float64Array;
  tag: Uint32Array;
  offsets: Uint32Array;
}

export interface LevelCoding {
  /** Code per row, 0-based in the order of `labels`. */
  codes: Uint32Array;
  labels: string[];
}

/** Reads times: finite and >= 0, as a fresh Float64Array (-0 becomes 0). */
export function readSurvivalTimes(field: string, value: unknown): Float64Array {
  const column = asColumn(field, value);
  const length = column.length;
  if (length === 0) throw new StatsInputError(field, 'is empty');
  const time = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const t = column[i];
    // t >= 0 && t <= MAX_VALUE rejects NaN, negatives and Infinity in one test.
    if (typeof t !== 'number' || !(t >= 0 && t <= Number.MAX_VALUE)) {
      const reason = typeof t === 'number' && t < 0 ? `is negative (${t})` : 'is not a finite number';
      throw new StatsInputError(field, `element ${i} ${reason}`);
    }
    time[i] = t + 0;
  }
  return time;
}

/** Reads event indicators: each 0 (censored) or 1 (event), one per time. */
export function readEventIndicators(field: string, value: unknown, length: number): Uint8Array {
  const column = asColumn(field, value);
  if (column.length !== length) {
    throw new StatsInputError(field, `has ${column.length} values for ${length} times`);
  }
  const event = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const e = column[i];
    if (e === 1) event[i] = 1;
    else if (e !== 0) throw new StatsInputError(field, `element ${i} is ${String(e)}, not 0 or 1`);
  }
  return event;
}

/**
 * Codes a label column as R's factor(): levels are the sorted distinct labels, numerically when
 * every label is a number, otherwise as strings by code unit (R in the C locale).
 */
export function readLevels(field: string, value: unknown, length: number): LevelCoding {
  const column = asColumn(field, value);
  if (column.length !== length) {
    throw new StatsInputError(field, `has ${column.length} values for ${length} times`);
  }
  const codes = new Uint32Array(length);
  const seen = new Map<unknown, number>();
  // The first labels are also kept in a short array: a linear scan with === beats a Map lookup for
  // the usual handful of groups.
  const firstLabels: unknown[] = [];
  let allNumbers = true;
  for (let i = 0; i < length; i++) {
    const label = column[i];
    let code = firstLabels.indexOf(label);
    if (code < 0) {
      if (typeof label === 'number') {
        if (!Number.isFinite(label)) throw new StatsInputError(field, `element ${i} is not a finite number`);
      } else if (typeof label === 'string') {
        if (label === '') throw new StatsInputError(field, `element ${i} is an empty label`);
        allNumbers = false;
      } else {
        throw new StatsInputError(field, `element ${i} is missing or not a label`);
      }
      code = seen.get(label) ?? -1;
      if (code < 0) {
        code = seen.size;
        seen.set(label, code);
        if (firstLabels.length < SCANNED_LABELS) firstLabels.push(label);
      }
    }
    codes[i] = code;
  }
  const distinct = [...seen.keys()] as (string | number)[];
  let labels: string[];
  let rank: Uint32Array;
  if (allNumbers) {
    const order = distinct.map((_, k) => k).sort((a, b) => (distinct[a] as number) - (distinct[b] as number));
    labels = order.map((k) => String(distinct[k]));
    rank = new Uint32Array(distinct.length);
    order.forEach((k, position) => { rank[k] = position; });
  } else {
    // A number and its string (1 and "1") are one level, as when R turns the column into characters.
    labels = [...new Set(distinct.map(String))].sort(compareCodeUnits);
    const position = new Map(labels.map((label, k) => [label, k]));
    rank = Uint32Array.from(distinct, (label) => position.get(String(label)) ?? 0);
  }
  for (let i = 0; i < length; i++) codes[i] = rank[codes[i]!]!;
  return { codes, labels };
}

/**
 * Sorts times ascending, carrying a tag per row: a stable least-significant-digit radix sort on the
 * IEEE-754 bits, which order like the numbers for times >= 0 (and -0 excluded). Digits of 16 bits;
 * a pass whose digit is the same for every row (e.g. the low mantissa of whole days) is skipped.
 * Moving the values instead of an index avoids a random-access gather afterwards. The arguments
 * are used as scratch space: read the result, not them.
 */
export function sortByTime(time: Float64Array, tag: Uint32Array): { time: Float64Array; tag: Uint32Array } {
  const length = time.length;
  let keys: Float64Array = time;
  let tags: Uint32Array = tag;
  let nextKeys: Float64Array = new Float64Array(length);
  let nextTags: Uint32Array = new Uint32Array(length);
  const count = new Uint32Array(65536);
  // Little-endian word 0 holds the low 32 bits, word 1 the sign, exponent and high mantissa.
  const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  for (let pass = 0; pass < 4; pass++) {
    const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * length);
    const word = (pass < 2) === littleEndian ? 0 : 1;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < length; i++) count[(words[2 * i + word]! >>> shift) & 0xffff]!++;
    if (count[(words[word]! >>> shift) & 0xffff] === length) continue;
    let total = 0;
    for (let digit = 0; digit < 65536; digit++) {
      const c = count[digit]!;
      count[digit] = total;
      total += c;
    }
    for (let i = 0; i < length; i++) {
      const position = count[(words[2 * i + word]! >>> shift) & 0xffff]!++;
      nextKeys[position] = keys[i]!;
      nextTags[position] = tags[i]!;
    }
    [keys, nextKeys] = [nextKeys, keys];
    [tags, nextTags] = [nextTags, tags];
  }
  return { time: keys, tag: tags };
}

/**
 * R's timefix (R/aeqSurv.R) on times sorted ascending, in place: consecutive distinct times y_j,
 * y_{j+1} are tied when y_{j+1} - y_j <= sqrt(eps) or (y_{j+1} - y_j) / mean|y| <= sqrt(eps);
 * every run of tied times becomes its first (smallest) value.
 */
export function mergeNearTies(sortedTime: Float64Array): void {
  const length = sortedTime.length;
  if (length === 0) return;
  let sum = 0;
  let distinct = 0;
  let previous = Number.NaN;
  for (let i = 0; i < length; i++) {
    const t = sortedTime[i]!;
    if (t !== previous) {
      sum += Math.abs(t);
      distinct++;
      previous = t;
    }
  }
  const meanAbsolute = sum / distinct;
  previous = sortedTime[0]!;
  let representative = previous;
  for (let i = 1; i < length; i++) {
    const t = sortedTime[i]!;
    if (t !== previous) {
      const gap = t - previous;
      if (!(gap <= R_TOLERANCE || gap / meanAbsolute <= R_TOLERANCE)) representative = t;
      previous = t;
    }
    sortedTime[i] = representative;
  }
}

/**
 * Sorts rows by time (consuming `time` and `tag`), applies timefix, then groups them by level,
 * stably: the level of a row is floor(code / codesPerLevel), code = tag >>> 1.
 */
export function sortSurvivalData(time: Float64Array, tag: Uint32Array, levelCount: number, codesPerLevel = 1): SortedSurvivalData {
  const length = time.length;
  const sorted = sortByTime(time, tag);
  mergeNearTies(sorted.time);
  if (levelCount === 1) return { ...sorted, offsets: Uint32Array.of(0, length) };
  const levelOf = (rowTag: number): number => Math.floor((rowTag >>> 1) / codesPerLevel);
  const offsets = new Uint32Array(levelCount + 1);
  for (let i = 0; i < length; i++) offsets[levelOf(sorted.tag[i]!) + 1]!++;
  for (let g = 0; g < levelCount; g++) offsets[g + 1]! += offsets[g]!;
  const cursor = offsets.slice(0, levelCount);
  const groupedTime = new Float64Array(length);
  const groupedTag = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    const rowTag = sorted.tag[i]!;
    const position = cursor[levelOf(rowTag)]!++;
    groupedTime[position] = sorted.time[i]!;
    groupedTag[position] = rowTag;
  }
  return { time: groupedTime, tag: groupedTag, offsets };
}

/** The tag (code << 1) | event of every row; code 0 without codes. */
export function tagRows(event: Uint8Array, codes: Uint32Array | null): Uint32Array {
  const tag = new Uint32Array(event.length);
  for (let i = 0; i < event.length; i++) tag[i] = ((codes === null ? 0 : codes[i]!) << 1) | event[i]!;
  return tag;
}

export function kaplanMeier(input: KaplanMeierInput, options: KaplanMeierOptions = {}): KaplanMeierResult {
  const confType = options.confType ?? 'log';
  if (!CONFIDENCE_TYPES.includes(confType)) {
    throw new StatsInputError('confType', `must be one of ${CONFIDENCE_TYPES.join(', ')}`);
  }
  const confLevel = options.confLevel ?? 0.95;
  if (typeof confLevel !== 'number' || !(confLevel > 0 && confLevel < 1)) {
    throw new StatsInputError('confLevel', 'must be a number between 0 and 1');
  }
  const times = readRequestedTimes(options.times);
  const rmean = options.rmean ?? 'common';
  if (!(rmean === 'common' || rmean === 'individual' || (typeof rmean === 'number' && rmean >= 0 && rmean <= Number.MAX_VALUE))) {
    throw new StatsInputError('rmean', "must be 'common', 'individual' or a finite time >= 0");
  }
  if (options.medianCi !== undefined && options.medianCi !== 'SPSS') {
    throw new StatsInputError('medianCi', "must be 'SPSS' or absent");
  }

  const time = readSurvivalTimes('time', input.time);
  const event = readEventIndicators('event', input.event, time.length);
  const levels = input.group === undefined || input.group === null ? null : readLevels('group', input.group, time.length);
  const data = sortSurvivalData(time, tagRows(event, levels?.codes ?? null), levels?.labels.length ?? 1);
  const z = normalQuantile(1 - (1 - confLevel) / 2);

  const tables = (levels?.labels ?? ['all']).map((stratum, g) => {
    const start = data.offsets[g]!;
    const end = data.offsets[g + 1]!;
    const table = riskTable(data.time.subarray(start, end), data.tag.subarray(start, end));
    const band = confidenceBand(table.survival, table.stdErr, z, confType);
    return { stratum, n: end - start, table, ...band };
  });
  const commonEnd = Math.max(...tables.map(({ table }) => table.time[table.time.length - 1]!));

  const curves = tables.map(({ stratum, n, table, lower, upper }): KaplanMeierCurve => {
    const estimates = quantiles(table.time, table.survival, QUANTILE_PROBABILITIES);
    const lowerLimits = quantiles(table.time, lower, QUANTILE_PROBABILITIES);
    const upperLimits = quantiles(table.time, upper, QUANTILE_PROBABILITIES);
    const quartiles = QUANTILE_PROBABILITIES.map((probability, q) => ({
      probability,
      estimate: estimates[q]!,
      lower: lowerLimits[q]!,
      upper: upperLimits[q]!,
    }));
    const quantileMedian = quartiles[1]!;
    const medians = {
      quantile: { estimate: quantileMedian.estimate, lower: quantileMedian.lower, upper: quantileMedian.upper },
      print: {
        estimate: printMedian(table.time, table.survival),
        lower: printMedian(table.time, lower),
        upper: printMedian(table.time, upper),
      },
      spss: spssMedian(table, z),
    };
    const ownEnd = table.time[table.time.length - 1]!;
    const end = rmean === 'common' ? commonEnd : rmean === 'individual' ? ownEnd : rmean;
    return {
      stratum,
      n,
      ...table,
      lower,
      upper,
      median: options.medianCi === 'SPSS' ? medians.spss : medians.quantile,
      medians,
      quantiles: quartiles,
      restrictedMean: restrictedMean(table, end),
      atTimes: times === null ? null : survivalAtTimes(table, lower, upper, times),
    };
  });
  return { confType, confLevel, curves };
}

interface RiskTable {
  events: number;
  time: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  survival: Float64Array;
  stdErr: Float64Array;
}

function asColumn(field: string, value: unknown): ArrayLike<unknown> {
  if (typeof value === 'number' || typeof value === 'string') return [value];
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    return value as ArrayLike<unknown>;
  }
  throw new StatsInputError(field, 'must be an array');
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The requested times, sorted as summary.survfit sorts them (possibly none); null when not asked for. */
function readRequestedTimes(value: KaplanMeierOptions['times']): number[] | null {
  if (value === undefined || value === null) return null;
  const column = asColumn('times', value);
  const times: number[] = [];
  for (let i = 0; i < column.length; i++) {
    const t = column[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new StatsInputError('times', `element ${i} is not a finite number`);
    }
    times.push(t);
  }
  return times.sort((a, b) => a - b);
}

/** Risk set, KM product and Greenwood sum over the distinct times of one stratum (src/survfitkm.c). */
function riskTable(time: Float64Array, tag: Uint32Array): RiskTable {
  const length = time.length;
  let rows = 0;
  for (let i = 0; i < length; rows++) {
    const t = time[i]!;
    do i++; while (i < length && time[i] === t);
  }
  const table: RiskTable = {
    events: 0,
    time: new Float64Array(rows),
    nRisk: new Float64Array(rows),
    nEvent: new Float64Array(rows),
    nCensor: new Float64Array(rows),
    survival: new Float64Array(rows),
    stdErr: new Float64Array(rows),
  };
  let survival = 1;
  let greenwood = 0;
  for (let i = 0, row = 0; i < length; row++) {
    const t = time[i]!;
    const atRisk = length - i; // n_i
    let events = 0; // d_i
    do {
      events += tag[i]! & 1;
      i++;
    } while (i < length && time[i] === t);
    if (events > 0) {
      table.events += events;
      survival *= (atRisk - events) / atRisk;
      greenwood += events / (atRisk * (atRisk - events));
    }
    table.time[row] = t;
    table.nRisk[row] = atRisk;
    table.nEvent[row] = events;
    table.nCensor[row] = atRisk - (length - i) - events;
    table.survival[row] = survival;
    table.stdErr[row] = Math.sqrt(greenwood);
  }
  return table;
}

/** Pointwise band of survfit_confint (R/survfit.R, survival 3.5-3), conf.lower = "usual". */
function confidenceBand(
  survival: Float64Array,
  stdErr: Float64Array,
  z: number,
  confType: ConfidenceType,
): { lower: Float64Array; upper: Float64Array } {
  const rows = survival.length;
  const lower = new Float64Array(rows);
  const upper = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const p = survival[i]!;
    const se = stdErr[i]!;
    switch (confType) {
      case 'log': {
        const logP = p === 0 ? Number.NaN : Math.log(p);
        const halfWidth = z * se;
        lower[i] = Math.exp(logP - halfWidth);
        upper[i] = Math.min(Math.exp(logP + halfWidth), 1);
        break;
      }
      case 'log-log': {
        const x = p === 0 || p === 1 ? Number.NaN : p;
        const halfWidth = (z * se) / Math.log(x);
        const logMinusLog = Math.log(-Math.log(x));
        lower[i] = Math.exp(-Math.exp(logMinusLog - halfWidth));
        upper[i] = Math.exp(-Math.exp(logMinusLog + halfWidth));
        break;
      }
      case 'plain': {
        const halfWidth = se * p * z;
        lower[i] = Math.max(p - halfWidth, 0);
        upper[i] = Math.min(p + halfWidth, 1);
        break;
      }
      case 'logit': {
        const x = p === 0 ? Number.NaN : p;
        const halfWidth = z * se * (1 + x / (1 - x));
        const logit = Math.log(p / (1 - p));
        lower[i] = 1 - 1 / (1 + Math.exp(logit - halfWidth));
        upper[i] = 1 - 1 / (1 + Math.exp(logit + halfWidth));
        break;
      }
      case 'arcsin': {
        const x = p === 0 ? Number.NaN : p;
        const halfWidth = 0.5 * z * se * Math.sqrt(x / (1 - x));
        const angle = Math.asin(Math.sqrt(x));
        const low = Math.sin(Math.max(0, angle - halfWidth));
        const high = Math.sin(Math.min(Math.PI / 2, angle + halfWidth));
        lower[i] = low * low;
        upper[i] = high * high;
        break;
      }
    }
  }
  return { lower, upper };
}

/**
 * findq() of R/quantile.survfit.R for each probability p, on x = (0, time) and y = (0, 1 - curve):
 * duplicated y dropped (first kept), NaN ignored; the quantile is the mean of the x where y + tol
 * and y - tol first reach p, or of that x and the last time when the curve ends flat at p.
 */
function quantiles(time: Float64Array, curve: Float64Array, probabilities: readonly number[]): (number | null)[] {
  const rows = curve.length;
  const y = new Float64Array(rows + 1);
  let maximum = 0;
  for (let k = 0; k < rows; k++) {
    const value = 1 - curve[k]!;
    y[k + 1] = value;
    if (value > maximum) maximum = value;
  }
  const { kept, increasing } = firstOccurrences(y);
  const lastKept = y[kept[kept.length - 1]!]!;
  const points = new Int32Array(kept.length);
  let pointCount = 0;
  for (let j = 0; j < kept.length; j++) if (!Number.isNaN(y[kept[j]!]!)) points[pointCount++] = kept[j]!;
  const x = (k: number): number => (k === 0 ? 0 : time[k - 1]!);
  // approx(y + shift, index, p, method = "constant", f = 1): the point with the smallest y + shift >= p,
  // NA when p lies outside [min(y + shift), max(y + shift)].
  const crossing = (p: number, shift: number): number | null => {
    if (increasing) {
      if (p < y[points[0]!]! + shift || p > y[points[pointCount - 1]!]! + shift) return null;
      let low = 0;
      let high = pointCount - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (y[points[middle]!]! + shift >= p) high = middle;
        else low = middle + 1;
      }
      return x(points[low]!);
    }
    let best = -1;
    let bestValue = Infinity;
    let smallest = Infinity;
    let largest = -Infinity;
    for (let j = 0; j < pointCount; j++) {
      const value = y[points[j]!]! + shift;
      if (value < smallest) smallest = value;
      if (value > largest) largest = value;
      if (value >= p && value < bestValue) {
        bestValue = value;
        best = points[j]!;
      }
    }
    return p < smallest || p > largest ? null : x(best);
  };
  return probabilities.map((p) => {
    if (maximum < p) return null;
    const atOrAbove = crossing(p, R_TOLERANCE);
    if (!Number.isNaN(lastKept) && Math.abs(p - lastKept) < R_TOLERANCE) {
      return atOrAbove === null ? null : (atOrAbove + time[rows - 1]!) / 2;
    }
    const above = crossing(p, -R_TOLERANCE);
    return atOrAbove === null || above === null ? null : (atOrAbove + above) / 2;
  });
}

/**
 * Indices of the first occurrence of each distinct value of y, NaN counted as one value
 * (R's duplicated()), and whether the values other than NaN increase along them. Curves and bands
 * are monotone, where a duplicate can only repeat the latest value; a Set handles any other sequence.
 */
function firstOccurrences(y: Float64Array): { kept: Int32Array; increasing: boolean } {
  const count = y.length;
  const kept = new Int32Array(count);
  let keptCount = 0;
  let latest = -Infinity;
  let increasing = true;
  let nanSeen = false;
  for (let k = 0; k < count && increasing; k++) {
    const value = y[k]!;
    if (Number.isNaN(value)) {
      if (!nanSeen) kept[keptCount++] = k;
      nanSeen = true;
    } else if (value > latest) {
      kept[keptCount++] = k;
      latest = value;
    } else if (value < latest) {
      increasing = false;
    }
  }
  if (increasing) return { kept: kept.subarray(0, keptCount), increasing };
  const seen = new Set<number>();
  keptCount = 0;
  for (let k = 0; k < count; k++) {
    const value = y[k]!;
    if (!seen.has(value)) {
      seen.add(value);
      kept[keptCount++] = k;
    }
  }
  return { kept: kept.subarray(0, keptCount), increasing };
}

/**
 * minmin() of R/print.survfit.R: the first time the curve is below 0.5 + tol (NaN skipped); when it
 * sits at 0.5 there and drops later, the midpoint between that time and the time of the drop.
 */
function printMedian(time: Float64Array, curve: Float64Array): number | null {
  const rows = curve.length;
  let first = -1;
  for (let i = 0; i < rows; i++) {
    const value = curve[i]!;
    if (!Number.isNaN(value) && value < 0.5 + R_TOLERANCE) {
      first = i;
      break;
    }
  }
  if (first < 0) return null;
  const level = curve[first]!;
  if (Math.abs(level - 0.5) < R_TOLERANCE) {
    for (let i = first + 1; i < rows; i++) {
      const value = curve[i]!;
      if (!Number.isNaN(value) && value < level) return (time[first]! + time[i]!) / 2;
    }
  }
  return time[first]!;
}

/** The SPSS KM median, its SE from the density estimated between S >= 0.55 and S <= 0.45, and CI. */
function spssMedian(table: RiskTable, z: number): SpssMedianEstimate {
  const { time, nEvent, survival, stdErr } = table;
  let median = -1;
  let upperPoint = -1; // û: last event time with S >= 0.55
  let lowerPoint = -1; // l̂: first event time with S <= 0.45
  for (let i = 0; i < time.length; i++) {
    if (nEvent[i] === 0) continue;
    const s = survival[i]!;
    if (median < 0 && s <= 0.5) median = i;
    if (s >= SPSS_UPPER_SURVIVAL) upperPoint = i;
    if (lowerPoint < 0 && s <= SPSS_LOWER_SURVIVAL) lowerPoint = i;
  }
  if (median < 0) return { estimate: null, lower: null, upper: null, stdErr: null };
  const estimate = time[median]!;
  const seSurvival = stdErr[median]! * survival[median]!;
  const density =
    upperPoint < 0 || lowerPoint < 0
      ? Number.NaN
      : (survival[upperPoint]! - survival[lowerPoint]!) / (time[lowerPoint]! - time[upperPoint]!);
  const se = seSurvival / density;
  if (!Number.isFinite(se)) return { estimate, lower: null, upper: null, stdErr: null };
  return { estimate, lower: estimate - z * se, upper: estimate + z * se, stdErr: se };
}

/** survmean() of R/print.survfit.R with start time 0. */
function restrictedMean(table: RiskTable, end: number): RestrictedMean {
  const { time, nRisk, nEvent, survival } = table;
  let kept = 0;
  while (kept < time.length && time[kept]! <= end) kept++;
  let estimate = kept === 0 ? end : time[0]!;
  for (let i = 0; i < kept; i++) {
    const next = i + 1 < kept ? time[i + 1]! : end;
    estimate += (next - time[i]!) * survival[i]!;
  }
  // A_i = ∫_{t_i}^{end} S, accumulated from the end; the n_i = d_i term is 0, as in R.
  let areaAfter = 0;
  let variance = 0;
  for (let i = kept - 1; i >= 0; i--) {
    const next = i + 1 < kept ? time[i + 1]! : end;
    areaAfter += (next - time[i]!) * survival[i]!;
    const atRisk = nRisk[i]!;
    const events = nEvent[i]!;
    if (atRisk > events) variance += areaAfter * areaAfter * (events / (atRisk * (atRisk - events)));
  }
  return { end, estimate, stdErr: Math.sqrt(variance) };
}

/** summary.survfit(fit, times, extend = TRUE) for one curve, on the curve with a time-0 row added. */
function survivalAtTimes(
  table: RiskTable,
  lower: Float64Array,
  upper: Float64Array,
  times: readonly number[],
): SurvivalAtTimes {
  const { time, nRisk, nEvent, nCensor, survival, stdErr } = table;
  const rows = time.length;
  const result: SurvivalAtTimes = {
    time: [], nRisk: [], nEvent: [], nCensor: [], survival: [], stdErr: [], lower: [], upper: [],
  };
  // R adds a row at time 0 (S = 1, se 0, band [1, 1]) unless the curve starts at 0; it is row -1 here.
  const hasZeroRow = time[0] !== 0;
  let upTo = 0; // rows with time <= τ
  let firstAtOrAfter = 0; // first row with time >= τ
  let eventsSoFar = 0;
  let censoredSoFar = 0;
  let eventsReported = 0;
  let censoredReported = 0;
  for (const tau of times) {
    while (upTo < rows && time[upTo]! <= tau) {
      eventsSoFar += nEvent[upTo]!;
      censoredSoFar += nCensor[upTo]!;
      upTo++;
    }
    while (firstAtOrAfter < rows && time[firstAtOrAfter]! < tau) firstAtOrAfter++;
    const row = upTo > 0 ? upTo - 1 : hasZeroRow ? -1 : 0;
    const s = row < 0 ? 1 : survival[row]!;
    result.time.push(tau);
    result.nRisk.push(firstAtOrAfter < rows ? nRisk[firstAtOrAfter]! : 0);
    result.nEvent.push(eventsSoFar - eventsReported);
    result.nCensor.push(censoredSoFar - censoredReported);
    result.survival.push(s);
    result.stdErr.push(row < 0 ? 0 : finiteOrNull(stdErr[row]! * s));
    result.lower.push(row < 0 ? 1 : finiteOrNull(lower[row]!));
    result.upper.push(row < 0 ? 1 : finiteOrNull(upper[row]!));
    eventsReported = eventsSoFar;
    censoredReported = censoredSoFar;
  }
  return result;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
