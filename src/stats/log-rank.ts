/**
 * Log-rank test and the Harrington–Fleming G^rho family, as R's
 * `survival::survdiff(Surv(time, event) ~ group [+ strata(s)], rho = rho)` (survival 3.5-3).
 *
 * Formula, at each distinct time t with d > 0 events in a stratum (Klein & Moeschberger, Survival
 * Analysis 2nd ed., §7.3 eq. 7.3.3–7.3.5; Harrington & Fleming 1982):
 *   n = at risk (time >= t), d = events; n_k, d_k the same in group k; weight w = Ŝ(t-)^rho, with Ŝ the
 *   Kaplan–Meier estimate of the stratum's pooled sample, left-continuous (w = 1 when rho = 0)
 *   O_k += w d_k                                 observed (weighted when rho != 0, as R)
 *   E_k += w d n_k / n                           expected
 *   V_jk += w² d (n - d) / (n - 1) · (n_j / n) (δ_jk - n_k / n)      only when n > 1
 * summed over times and strata. Test: drop the groups with E_k = 0, then the first remaining group;
 *   chisq = (O - E)' V^-1 (O - E), df = (groups with E_k > 0) - 1, p = P(chi²_df > chisq).
 * rho = 0 is the log-rank (Mantel–Haenszel) test, rho = 1 the Peto & Peto modification of the
 * Gehan–Wilcoxon test.
 *
 * Conventions, all as survdiff (R/survdiff.R, R/survdiff.fit.R, src/survdiff2.c): rows prepared by
 * survival-data.ts (validation, timefix on all rows first, the engine's factor order for groups and
 * strata, one sort); a subject censored at t is at risk at t; sums run over each stratum's times from the last to the first, in R's
 * order of operations. V^-1 (O - E) is solved as R's solve() does (linear-algebra.ts luSolve), and a V
 * that solve() would reject (exactly singular, or reciprocal condition number < machine epsilon, e.g.
 * groups aliased with strata) gives chisq = null with a warning. With fewer than two groups having
 * E_k > 0 there is no test: chisq = 0 as R, p = null (R prints NaN, or 1 when df = 0).
 * Speed: decimal times are not sorted but counted per (stratum, time, group) (survival-data.ts
 * countSurvivalTimes), and the sums run over those counts in the same order of operations.
 */
import { StatsInputError } from './errors.js';
import { chiSquareUpperTail } from './distributions.js';
import { luSolve } from './linear-algebra.js';
import {
  countSurvivalTimes,
  prepareSurvivalRiskSets,
  type LevelCoding,
  type SurvivalColumn,
  type SurvivalLabelColumn,
  type SurvivalRiskSets,
  type SurvivalTimeCounts,
} from './survival-data.js';

export interface LogRankInput {
  /** Follow-up times, >= 0. */
  time: SurvivalColumn;
  /** 1 = event, 0 = censored. */
  event: SurvivalColumn;
  /** Group label per row: the groups compared (at least two). */
  group: SurvivalLabelColumn;
  /** Optional stratum label per row: risk sets are formed within strata. */
  strata?: SurvivalLabelColumn | null;
}

export interface LogRankOptions {
  /** Weight exponent: 0 (default) log-rank, 1 Peto & Peto. */
  rho?: number;
}

export interface LogRankStratum {
  stratum: string;
  observed: number[];
  expected: number[];
}

export interface LogRankResult {
  rho: number;
  /** Group labels in R's order; the vectors and the matrix below follow it. */
  groups: string[];
  n: number[];
  observed: number[];
  expected: number[];
  /** Variance–covariance matrix of O - E over all groups. */
  variance: number[][];
  /** null when V cannot be inverted. */
  chisq: number | null;
  df: number;
  /** null when there is no test (df < 1) or chisq is null. */
  p: number | null;
  /** Observed and expected per stratum, null without strata. */
  strata: LogRankStratum[] | null;
  /** Why chisq or p is null. */
  warning: string | null;
}

export function logRank(input: LogRankInput, options: LogRankOptions = {}): LogRankResult {
  const rho = options.rho ?? 0;
  if (typeof rho !== 'number' || !Number.isFinite(rho) || rho < 0) {
    throw new StatsInputError('rho', 'must be a finite number >= 0');
  }
  const factors = {
    group: { field: 'group', value: input.group ?? [] },
    strata: { field: 'strata', value: input.strata },
  };
  const counts = countSurvivalTimes(input.time, input.event, factors);
  const sums = counts === null ? sumsOverRows(prepareSurvivalRiskSets(input.time, input.event, factors), rho) : sumsOverCounts(counts, rho);
  const { groups, strata, groupCount, stratumCount, observed, expected, variance, n } = sums;
  const observedTotal = sumOverStrata(observed, stratumCount, groupCount);
  const expectedTotal = sumOverStrata(expected, stratumCount, groupCount);
  const test = chiSquareTest(observedTotal, expectedTotal, variance, groupCount);
  return {
    rho,
    groups: groups.labels,
    n,
    observed: observedTotal,
    expected: expectedTotal,
    variance: Array.from({ length: groupCount }, (_, j) => Array.from(variance.subarray(j * groupCount, (j + 1) * groupCount))),
    ...test,
    strata:
      strata === null
        ? null
        : strata.labels.map((stratum, s) => ({
            stratum,
            observed: Array.from(observed.subarray(s * groupCount, (s + 1) * groupCount)),
            expected: Array.from(expected.subarray(s * groupCount, (s + 1) * groupCount)),
          })),
  };
}

interface LogRankSums {
  groups: LevelCoding;
  strata: LevelCoding | null;
  groupCount: number;
  stratumCount: number;
  /** O_k and E_k per stratum (s * groupCount + k), V summed over strata, n_k. */
  observed: Float64Array;
  expected: Float64Array;
  variance: Float64Array;
  n: number[];
}

function emptySums(groups: LevelCoding | null, strata: LevelCoding | null, stratumCount: number): LogRankSums {
  const groupCount = groups?.labels.length ?? 0;
  if (groups === null || groupCount < 2) throw new StatsInputError('group', 'needs at least two groups to compare');
  return {
    groups, strata, groupCount, stratumCount,
    observed: new Float64Array(stratumCount * groupCount),
    expected: new Float64Array(stratumCount * groupCount),
    variance: new Float64Array(groupCount * groupCount),
    n: new Array<number>(groupCount).fill(0),
  };
}

/**
 * The terms of one distinct time t of a stratum (the header's sums), with n_k (atRisk) already
 * counting the rows at t: d deaths, n at risk, weight w.
 */
function addTimeTerms(sums: LogRankSums, offset: number, atRisk: Float64Array, deaths: number, total: number, weight: number): void {
  const { groupCount, expected, variance } = sums;
  for (let k = 0; k < groupCount; k++) expected[offset + k]! += (weight * deaths * atRisk[k]!) / total;
  if (total === 1) return;
  const weight2 = weight * weight;
  for (let j = 0; j < groupCount; j++) {
    const term = (weight2 * deaths * atRisk[j]! * (total - deaths)) / (total * (total - 1));
    variance[j * groupCount + j]! += term;
    for (let k = 0; k < groupCount; k++) variance[j * groupCount + k]! -= (term * atRisk[k]!) / total;
  }
}

/** The sums from the rows sorted by stratum and time, each stratum's times from the last to the first. */
function sumsOverRows(data: SurvivalRiskSets, rho: number): LogRankSums {
  const stratumCount = data.offsets.length - 1;
  const sums = emptySums(data.group, data.strata, stratumCount);
  const { groupCount, observed, n } = sums;
  const groupCode = data.groupCode!;
  const { time, event, n: length } = data;
  const atRisk = new Float64Array(groupCount); // n_k
  const leftSurvival = rho === 0 ? null : new Float64Array(length);
  for (let s = 0; s < stratumCount; s++) {
    const start = data.offsets[s]!;
    const end = data.offsets[s + 1]!;
    const offset = s * groupCount;
    if (leftSurvival !== null) pooledLeftSurvival(time, event, start, end, leftSurvival);
    atRisk.fill(0);
    for (let i = end - 1; i >= start; ) {
      const weight = leftSurvival === null ? 1 : Math.pow(leftSurvival[i]!, rho);
      const t = time[i]!;
      let deaths = 0; // d
      for (; i >= start && time[i] === t; i--) {
        const k = groupCode[i]!;
        const status = event[i]!;
        deaths += status;
        atRisk[k]! += 1;
        observed[offset + k]! += status * weight;
      }
      if (deaths > 0) addTimeTerms(sums, offset, atRisk, deaths, end - (i + 1), weight);
    }
    for (let k = 0; k < groupCount; k++) n[k]! += atRisk[k]!;
  }
  return sums;
}

/**
 * The same sums from the counts per (stratum, time, group) of survival-data.ts countSurvivalTimes,
 * in the same order of operations (an event's weight is added to O_k once per event, as per row).
 */
function sumsOverCounts(counts: SurvivalTimeCounts, rho: number): LogRankSums {
  const sums = emptySums(counts.group, counts.strata, counts.strataCounts.length);
  const { groupCount, observed, n } = sums;
  const atRisk = new Float64Array(groupCount); // n_k
  counts.strataCounts.forEach(({ time, rows, events }, s) => {
    const distinct = time.length;
    const offset = s * groupCount;
    let stratumRows = 0;
    for (let q = 0; q < rows.length; q++) stratumRows += rows[q]!;
    // Pooled Kaplan–Meier just before each time (left-continuous), as pooledLeftSurvival.
    const leftSurvival = rho === 0 ? null : new Float64Array(distinct);
    if (leftSurvival !== null) {
      let survival = 1;
      let remaining = stratumRows;
      for (let j = 0; j < distinct; j++) {
        leftSurvival[j] = survival;
        let rowsAt = 0;
        let deaths = 0;
        for (let k = 0; k < groupCount; k++) {
          rowsAt += rows[j * groupCount + k]!;
          deaths += events[j * groupCount + k]!;
        }
        survival = (survival * (remaining - deaths)) / remaining;
        remaining -= rowsAt;
      }
    }
    atRisk.fill(0);
    let total = 0; // n
    for (let j = distinct - 1; j >= 0; j--) {
      const weight = leftSurvival === null ? 1 : Math.pow(leftSurvival[j]!, rho);
      let deaths = 0; // d
      for (let k = 0; k < groupCount; k++) {
        const d = events[j * groupCount + k]!;
        deaths += d;
        atRisk[k]! += rows[j * groupCount + k]!;
        total += rows[j * groupCount + k]!;
        if (leftSurvival === null) observed[offset + k]! += d;
        else for (let e = 0; e < d; e++) observed[offset + k]! += weight;
      }
      if (deaths > 0) addTimeTerms(sums, offset, atRisk, deaths, total, weight);
    }
    for (let k = 0; k < groupCount; k++) n[k]! += atRisk[k]!;
  });
  return sums;
}

/** Pooled Kaplan–Meier just before each row's time (left-continuous), for the rows start..end-1. */
function pooledLeftSurvival(time: Float64Array, event: Uint8Array, start: number, end: number, out: Float64Array): void {
  let survival = 1;
  for (let i = start; i < end; ) {
    const t = time[i]!;
    const total = end - i;
    let deaths = 0;
    for (; i < end && time[i] === t; i++) {
      out[i] = survival;
      deaths += event[i]!;
    }
    survival = (survival * (total - deaths)) / total;
  }
}

function sumOverStrata(values: Float64Array, stratumCount: number, groupCount: number): number[] {
  const total = new Array<number>(groupCount).fill(0);
  for (let s = 0; s < stratumCount; s++) {
    for (let k = 0; k < groupCount; k++) total[k]! += values[s * groupCount + k]!;
  }
  return total;
}

function chiSquareTest(
  observed: number[],
  expected: number[],
  variance: Float64Array,
  groupCount: number,
): Pick<LogRankResult, 'chisq' | 'df' | 'p' | 'warning'> {
  const tested: number[] = [];
  for (let k = 0; k < groupCount; k++) if (expected[k]! > 0) tested.push(k);
  const df = tested.length - 1;
  if (tested.length < 2) {
    return { chisq: 0, df, p: null, warning: 'fewer than two groups have expected events: no test' };
  }
  const kept = tested.slice(1);
  const size = kept.length;
  const matrix = new Float64Array(size * size);
  const difference = new Float64Array(size);
  kept.forEach((k, a) => {
    difference[a] = observed[k]! - expected[k]!;
    kept.forEach((l, b) => {
      matrix[a * size + b] = variance[k * groupCount + l]!;
    });
  });
  const solution = luSolve(matrix, size, difference);
  if (solution === null) {
    return { chisq: null, df, p: null, warning: 'the variance matrix is singular (groups aliased with strata?)' };
  }
  let chisq = 0;
  for (let a = 0; a < size; a++) chisq += solution[a]! * difference[a]!;
  return { chisq, df, p: chiSquareUpperTail(chisq, df), warning: null };
}
