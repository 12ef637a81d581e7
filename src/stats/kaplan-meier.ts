/**
 * Kaplan–Meier estimator of the survival function, as R's
 * `survival::survfit(Surv(time, event) ~ group, conf.type = confType, conf.int = confLevel)`
 * (survival 3.5-3, the version the golden cases come from).
 *
 * Formula, over the distinct observed times t_i of one stratum (Klein & Moeschberger, Survival
 * Analysis 2nd ed., eq. 4.2.1 and 4.2.2; kaplan-meier-risk-table.ts):
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
 *  - Pointwise CI: survival-confidence-band.ts (log by default, as survfit).
 *  - Median and quartiles: survival-quantiles.ts (R's quantile() rule; `medians.print` print.survfit's
 *    rule) and spss-median.ts (`medians.spss`, the SPSS KM table).
 *  - Restricted mean: restricted-mean.ts (end: the latest time of all curves by default, as survfit).
 *  - Survival at chosen times (summary.survfit(fit, times, extend = TRUE)): the step function
 *    carried forward, n at risk at the first grid time >= τ (0 past the end), events and censorings
 *    counted in (τ_{k-1}, τ_k].
 *  - reverse: the reverse Kaplan–Meier, survfit(Surv(time, 1 - event) ~ group), the KM of the
 *    censoring distribution (its median is the median follow-up; Schemper & Smith 1996): the event
 *    indicator is flipped after validation, so nEvent counts censorings and nCensor events, and a
 *    death tied with a censoring is at risk at that time (docs/statistics-spec.md §16).
 *  - cumulativeHazard: survfit's cumhaz and std.chaz (nelson-aalen.ts), per row and in atTimes.
 *
 * Representation: the per-time columns of a curve are Float64Arrays, where NaN stands for R's NA
 * (a typed array cannot hold null) and Infinity for R's Inf. Every other value that cannot be
 * estimated is null.
 *
 * Speed: typed arrays, no per-subject objects; survfit's work is O(n) after the one sort, and decimal
 * times are not sorted at all but counted per (group, time) (survival-data.ts countSurvivalTimes).
 */
import { StatsInputError } from './errors.js';
import { normalQuantile } from './distributions.js';
import { riskTable, riskTableOfCounts, type RiskTable } from './kaplan-meier-risk-table.js';
import { cumulativeHazard, type CumulativeHazard } from './nelson-aalen.js';
import { curveRestrictedMean, type RestrictedMean } from './restricted-mean.js';
import { spssMedian, type SpssMedianEstimate, type SurvivalTimeEstimate } from './spss-median.js';
import { confidenceBand, type ConfidenceType } from './survival-confidence-band.js';
import { printMedian, quantiles } from './survival-quantiles.js';
import { countSurvivalTimes, prepareSurvivalRiskSets, readColumn, type SurvivalColumn, type SurvivalLabelColumn } from './survival-data.js';

export type { ConfidenceType } from './survival-confidence-band.js';
export type { RestrictedMean } from './restricted-mean.js';
export type { SpssMedianEstimate, SurvivalTimeEstimate } from './spss-median.js';

const QUANTILE_PROBABILITIES = [0.25, 0.5, 0.75] as const;

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
  /** The reverse Kaplan–Meier (KM of the censoring: survfit(Surv(time, 1 - event))); default false. */
  reverse?: boolean;
  /** Adds the Nelson–Aalen cumulative hazard and its standard error (survfit's cumhaz, std.chaz); default false. */
  cumulativeHazard?: boolean;
}

export interface SurvivalQuantile extends SurvivalTimeEstimate {
  /** Probability on the CDF scale: 0.5 is the median, 0.25 the time S falls to 0.75. */
  probability: number;
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
  /** With options.cumulativeHazard: Λ at each time (0 before the first time, the last value past the end). */
  cumulativeHazard?: number[];
  cumulativeHazardStdErr?: number[];
}

export interface KaplanMeierCurve extends RiskTable {
  /** The group label, "all" without groups. */
  stratum: string;
  n: number;
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
  /** With options.cumulativeHazard: Nelson–Aalen Λ per row (survfit's cumhaz). */
  cumulativeHazard?: Float64Array;
  /** With options.cumulativeHazard: se of Λ per row (survfit's std.chaz). */
  cumulativeHazardStdErr?: Float64Array;
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
  const reverse = readFlag('reverse', options.reverse);
  const withHazard = readFlag('cumulativeHazard', options.cumulativeHazard);

  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const tables = stratumTables(input, reverse).map(({ stratum, n, table }) => ({
    stratum, n, table, ...confidenceBand(table.survival, table.stdErr, z, confType),
  }));
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
    const hazard = withHazard ? cumulativeHazard(table) : null;
    return {
      stratum,
      n,
      ...table,
      lower,
      upper,
      median: options.medianCi === 'SPSS' ? medians.spss : medians.quantile,
      medians,
      quantiles: quartiles,
      restrictedMean: curveRestrictedMean(table, end),
      atTimes: times === null ? null : survivalAtTimes(table, lower, upper, times, hazard),
      ...hazard,
    };
  });
  return { confType, confLevel, curves };
}

/**
 * The risk table of each curve: survfit's curves are its strata (the group). Counted per time without
 * a sort when survival-data.ts can (countSurvivalTimes), else from the rows sorted by stratum and time.
 * reverse: events and censorings swap places.
 */
function stratumTables(input: KaplanMeierInput, reverse: boolean): { stratum: string; n: number; table: RiskTable }[] {
  const strata = { field: 'group', value: input.group };
  const counts = countSurvivalTimes(input.time, input.event, { strata });
  if (counts !== null) {
    return counts.strataCounts.map(({ time, rows, events }, g) => {
      if (reverse) for (let k = 0; k < events.length; k++) events[k] = rows[k]! - events[k]!;
      const table = riskTableOfCounts(time, rows, events);
      return { stratum: counts.strata?.labels[g] ?? 'all', n: time.length === 0 ? 0 : table.nRisk[0]!, table };
    });
  }
  const data = prepareSurvivalRiskSets(input.time, input.event, { strata });
  if (reverse) for (let i = 0; i < data.n; i++) data.event[i] = 1 - data.event[i]!;
  return (data.strata?.labels ?? ['all']).map((stratum, g) => {
    const start = data.offsets[g]!;
    const end = data.offsets[g + 1]!;
    return { stratum, n: end - start, table: riskTable(data.time.subarray(start, end), data.event.subarray(start, end)) };
  });
}

function readFlag(field: string, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new StatsInputError(field, 'must be true or false');
  return value;
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

/** summary.survfit(fit, times, extend = TRUE) for one curve, on the curve with a time-0 row added. */
function survivalAtTimes(
  table: RiskTable,
  lower: Float64Array,
  upper: Float64Array,
  times: readonly number[],
  hazard: CumulativeHazard | null,
): SurvivalAtTimes {
  const { time, nRisk, nEvent, nCensor, survival, stdErr } = table;
  const rows = time.length;
  const result: SurvivalAtTimes = {
    time: [], nRisk: [], nEvent: [], nCensor: [], survival: [], stdErr: [], lower: [], upper: [],
  };
  const hazardAt: number[] = [];
  const hazardStdErrAt: number[] = [];
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
    if (hazard !== null) {
      hazardAt.push(row < 0 ? 0 : hazard.cumulativeHazard[row]!);
      hazardStdErrAt.push(row < 0 ? 0 : hazard.cumulativeHazardStdErr[row]!);
    }
    eventsReported = eventsSoFar;
    censoredReported = censoredSoFar;
  }
  if (hazard !== null) {
    result.cumulativeHazard = hazardAt;
    result.cumulativeHazardStdErr = hazardStdErrAt;
  }
  return result;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
