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
 *  - Rows prepared by survival-data.ts, as for log-rank and Cox: validation, timefix (R/aeqSurv.R)
 *    on all rows before the split by group, one sort.
 *  - Ties: events happen before censorings at the same time (a subject censored at t_i is at risk at
 *    t_i). The grid is every distinct time, events and censorings alike.
 *  - Strata: one curve per group level, in the engine's factor order (survival-data.ts: numbers
 *    numerically, otherwise strings by code unit as R's factor() in the C locale; 1 and "1" one level).
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
 * Speed: typed arrays, no per-subject objects; survfit's work is O(n) after the one sort.
 */
import { StatsInputError } from './errors.js';
import { normalQuantile } from './distributions.js';
import { prepareSurvivalData, readColumn, type SurvivalColumn, type SurvivalLabelColumn } from './survival-data.js';

/** sqrt(.Machine$double.eps): R's tolerance for S = p in the quantile and median rules. */
const R_TOLERANCE = 1.4901161193847656e-8;

/** SPSS's density estimate at the median spans the last event time with S >= 0.55 and the first with S <= 0.45. */
const SPSS_UPPER_SURVIVAL = 0.55;
const SPSS_LOWER_SURVIVAL = 0.45;

const QUANTILE_PROBABILITIES = [0.25, 0.5, 0.75] as const;

export type ConfidenceType = 'log' | 'log-log' | 'plain' | 'logit' | 'arcsin';
const CONFIDENCE_TYPES: readonly ConfidenceType[] = ['log', 'log-log', 'plain', 'logit', 'arcsin'];

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

  // survfit's curves are its strata: the group splits the rows into blocks.
  const data = prepareSurvivalData(input.time, input.event, { strata: { field: 'group', value: input.group } });
  const z = normalQuantile(1 - (1 - confLevel) / 2);

  const tables = (data.strata?.labels ?? ['all']).map((stratum, g) => {
    const start = data.offsets[g]!;
    const end = data.offsets[g + 1]!;
    const table = riskTable(data.time.subarray(start, end), data.event.subarray(start, end));
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

/** The requested times, sorted as summary.survfit sorts them (possibly none); null when not asked for. */
function readRequestedTimes(value: KaplanMeierOptions['times']): number[] | null {
  if (value === undefined || value === null) return null;
  const column = readColumn('times', value);
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
function riskTable(time: Float64Array, event: Uint8Array): RiskTable {
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
      events += event[i]!;
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
