/**
 * The design of a Cox fit in coxph's order, as coxfit6.c receives it (survival 3.5-3 R/coxph.fit.R,
 * src/coxfit6.c; docs/statistics-spec.md §4.2-4.3).
 *
 * Rows: sorted by (stratum, time after timefix), ties in input order (survival-data.ts). A tie group
 * is a run of one time within one stratum; the likelihood walks the groups from the last back, so
 * the risk set R(t) = rows of the stratum with time >= t grows as it goes, and censored rows at t
 * are in R(t).
 * Covariates: each column not entirely in {-1, 0, 1} is centred and scaled,
 *   x'_ij = (x_ij - mean_j) * s_j,   s_j = n / sum_i |x_ij - mean_j|   (s_j = 1 when the sum is 0),
 * the sums taken in sorted order as coxfit6.c does. Coefficients on the scaled columns are b_j,
 * on the original ones beta_j = b_j s_j. This matters only through round-off and through the
 * singularity tolerance, applied to the scaled information.
 * Storage: column-major by sorted position, x[j * n + i].
 */
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
}

export function buildSortedDesign(survival: SurvivalData, columns: readonly ArrayLike<number>[]): SortedDesign {
  const { n, row: order, event: status, time, offsets } = survival;
  const variableCount = columns.length;

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
  columns.forEach((column, j) => {
    const sorted = x.subarray(j * n, (j + 1) * n);
    let inNoCenterSet = true;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const value = column[order[i]!]!;
      sorted[i] = value;
      sum += value;
      if (value !== 0 && value !== 1 && value !== -1) inNoCenterSet = false;
    }
    if (inNoCenterSet) return;
    const mean = sum / n;
    let absoluteDeviationSum = 0;
    for (let i = 0; i < n; i++) {
      const centred = sorted[i]! - mean;
      sorted[i] = centred;
      absoluteDeviationSum += Math.abs(centred);
    }
    means[j] = mean;
    if (absoluteDeviationSum > 0) {
      const scale = n / absoluteDeviationSum;
      scales[j] = scale;
      for (let i = 0; i < n; i++) sorted[i] = sorted[i]! * scale;
    }
  });

  return {
    n, variableCount, order, x, status, groupStart, groupCount, groupEndsStratum, means, scales, eventCount,
  };
}
