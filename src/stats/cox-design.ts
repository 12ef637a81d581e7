/**
 * The design of a Cox fit in coxph's order, as coxfit6.c receives it (survival 3.5-3 R/coxph.fit.R,
 * src/coxfit6.c; docs/statistics-spec.md §4.2-4.3).
 *
 * Rows: sorted by (stratum, time after timefix), ties in input order (survival-data.ts). A tie group
 * is a run of one time within one stratum; the likelihood walks the groups from the last back, so
 * the risk set R(t) = rows of the stratum with time >= t grows as it goes, and censored rows at t
 * are in R(t). Counting-process data (start, stop] (agfit4.c) add the rows' start times and the
 * entry order, the sorted positions of each stratum by start time: walking it from the latest start
 * back takes out the rows with start >= t, so that R(t) = rows with start < t <= stop.
 * Case weights w_i (1 without weights) are carried by sorted position.
 * Covariates: each column not entirely in {-1, 0, 1} is centred and scaled,
 *   x'_ij = (x_ij - mean_j) * s_j,   mean_j = sum_i w_i x_ij / sum_i w_i,
 *   s_j = sum_i w_i / sum_i w_i |x_ij - mean_j|   (s_j = 1 when the sum is 0),
 * the sums taken in sorted order as coxfit6.c does (agfit4.c centres differently, which changes
 * round-off only). Coefficients on the scaled columns are b_j,
 * on the original ones beta_j = b_j s_j. This matters only through round-off and through the
 * singularity tolerance, applied to the scaled information.
 * Storage: column-major by sorted position, x[j * n + i].
 */
import { countingSort, sortAscending } from './radix-sort.js';
import type { SurvivalData } from './survival-data.js';

/**
 * The data in coxph's order (stratum, time ascending; ties by input order), covariates centred and
 * scaled, and the tie groups (same stratum, same time after timefix) that the likelihood walks backwards.
 */
export interface SortedDesign {
  n: number;
  variableCount: number;
  /** Input row of each sorted position. */
  order: Uint32Array;
  /** Scaled covariates by sorted position, one column after the other: x[j * n + i]. */
  x: Float64Array;
  /** Event indicator by sorted position. */
  status: Uint8Array;
  /** Tie group g covers sorted positions groupStart[g] .. groupStart[g + 1] - 1. */
  groupStart: Uint32Array;
  groupCount: number;
  /** 1 when tie group g is the last of its stratum (where the backward walk enters a new stratum). */
  groupEndsStratum: Uint8Array;
  means: Float64Array;
  scales: Float64Array;
  eventCount: number;
  /** Stop time (after timefix) by sorted position. */
  time: Float64Array;
  /** Case weight by sorted position (all 1 without weights). */
  weight: Float64Array;
  /** Counting-process data: start time by sorted position; null for right-censored data. */
  start: Float64Array | null;
  /** Sorted positions by (stratum, start ascending): stratum s holds entryOrder[offsets[s] .. offsets[s+1] - 1]. */
  entryOrder: Uint32Array | null;
  /**
   * The rows in entry order, so that the walk that takes rows out of the risk set reads memory in
   * sequence: start time, case weight and scaled covariates (entryX[j * n + k]) of entryOrder[k].
   */
  entryStart: Float64Array | null;
  entryWeight: Float64Array | null;
  entryX: Float64Array | null;
  /** Stratum s holds sorted positions offsets[s] .. offsets[s + 1] - 1. */
  offsets: Uint32Array;
}

/** Start times and case weights by input row, for counting-process or weighted fits. */
export interface DesignExtras {
  start?: Float64Array | null;
  /** The input rows sorted by start (stably), when the caller has sorted them already. */
  startOrder?: Uint32Array | null;
  weights?: Float64Array | null;
}

export function buildSortedDesign(
  survival: SurvivalData,
  columns: readonly ArrayLike<number>[],
  extras: DesignExtras = {},
): SortedDesign {
  const { n, row: order, event: status, time, offsets } = survival;
  const variableCount = columns.length;
  // Rows are moved to their sorted positions by writing (scattering) rather than reading (gathering):
  // with n in the millions the random writes are several times cheaper than random reads.
  const positionOfRow = new Uint32Array(n);
  for (let i = 0; i < n; i++) positionOfRow[order[i]!] = i;
  const weight = new Float64Array(n);
  if (extras.weights) {
    const inputWeights = extras.weights;
    for (let row = 0; row < n; row++) weight[positionOfRow[row]!] = inputWeights[row]!;
  } else {
    weight.fill(1);
  }
  let weightSum = 0;
  for (let i = 0; i < n; i++) weightSum += weight[i]!;
  let start: Float64Array | null = null;
  let entryOrder: Uint32Array | null = null;
  if (extras.start) {
    const inputStart = extras.start;
    start = new Float64Array(n);
    for (let row = 0; row < n; row++) start[positionOfRow[row]!] = inputStart[row]!;
    const stratumOfPosition = new Uint32Array(n);
    for (let s = 0; s + 1 < offsets.length; s++) stratumOfPosition.fill(s, offsets[s]!, offsets[s + 1]!);
    let positionsByStart: Uint32Array;
    if (extras.startOrder) {
      const startOrder = extras.startOrder;
      positionsByStart = new Uint32Array(n);
      for (let k = 0; k < n; k++) positionsByStart[k] = positionOfRow[startOrder[k]!]!;
    } else {
      positionsByStart = sortAscending(start).order;
    }
    entryOrder = countingSort(positionsByStart, stratumOfPosition, offsets.length - 1);
  }

  // Tie groups: runs of one time (after timefix) within a stratum; strata are never empty.
  let eventCount = 0;
  const groupStart = new Uint32Array(n + 1);
  const groupEndsStratum = new Uint8Array(n);
  let groupCount = 0;
  for (let s = 0; s + 1 < offsets.length; s++) {
    const start = offsets[s]!;
    const end = offsets[s + 1]!;
    for (let i = start; i < end; i++) {
      eventCount += status[i]!;
      if (i === start || time[i] !== time[i - 1]) groupStart[groupCount++] = i;
    }
    groupEndsStratum[groupCount - 1] = 1;
  }
  groupStart[groupCount] = n;

  // Centre and scale, summing in sorted order as coxfit6 does; {-1, 0, 1} columns are left alone (nocenter).
  const x = new Float64Array(n * variableCount);
  const means = new Float64Array(variableCount);
  const scales = new Float64Array(variableCount).fill(1);
  const weightedSums = new Float64Array(variableCount);
  const inNoCenterSet = new Uint8Array(variableCount).fill(1);
  columns.forEach((column, j) => {
    const sorted = x.subarray(j * n, (j + 1) * n);
    for (let row = 0; row < n; row++) sorted[positionOfRow[row]!] = column[row]!;
    let sum = 0;
    let noCenter = 1;
    for (let i = 0; i < n; i++) {
      const value = sorted[i]!;
      sum += weight[i]! * value;
      if (value !== 0 && value !== 1 && value !== -1) noCenter = 0;
    }
    weightedSums[j] = sum;
    inNoCenterSet[j] = noCenter;
  });
  for (let j = 0; j < variableCount; j++) {
    if (inNoCenterSet[j] === 1) continue;
    const sorted = x.subarray(j * n, (j + 1) * n);
    const mean = weightedSums[j]! / weightSum;
    let absoluteDeviationSum = 0;
    for (let i = 0; i < n; i++) {
      const centred = sorted[i]! - mean;
      sorted[i] = centred;
      absoluteDeviationSum += weight[i]! * Math.abs(centred);
    }
    means[j] = mean;
    if (absoluteDeviationSum > 0) {
      const scale = weightSum / absoluteDeviationSum;
      scales[j] = scale;
      for (let i = 0; i < n; i++) sorted[i] = sorted[i]! * scale;
    }
  }

  let entryStart: Float64Array | null = null;
  let entryWeight: Float64Array | null = null;
  let entryX: Float64Array | null = null;
  if (start !== null && entryOrder !== null) {
    const entryOfPosition = new Uint32Array(n);
    for (let k = 0; k < n; k++) entryOfPosition[entryOrder[k]!] = k;
    entryStart = new Float64Array(n);
    entryWeight = new Float64Array(n);
    entryX = new Float64Array(n * variableCount);
    for (let i = 0; i < n; i++) {
      const k = entryOfPosition[i]!;
      entryStart[k] = start[i]!;
      entryWeight[k] = weight[i]!;
    }
    for (let j = 0; j < variableCount; j++) {
      const from = x.subarray(j * n, (j + 1) * n);
      const to = entryX.subarray(j * n, (j + 1) * n);
      for (let i = 0; i < n; i++) to[entryOfPosition[i]!] = from[i]!;
    }
  }

  return {
    n, variableCount, order, x, status, groupStart, groupCount, groupEndsStratum, means, scales, eventCount,
    time, weight, start, entryOrder, entryStart, entryWeight, entryX, offsets,
  };
}
