/**
 * Competing-risks data prepared for the Fine–Gray model in the order cmprsk::crr hands it to its
 * Fortran (cmprsk 2.2-11 R/cmprsk.R, crr; docs/statistics-spec.md §12):
 *
 *  - rows sorted by time ascending, ties in input order (R's order(ftime), stable; radix-sort.ts);
 *    the risk sets compare these times exactly (no timefix, as crr.f);
 *  - cause per row: 1 = the failure of interest (status == failcode), 0 = censored
 *    (status == cencode), 2 = any other failure (a competing risk);
 *  - the censoring weight of each row, G(t_i-): the Kaplan–Meier estimate of the censoring
 *    distribution (every censoring an event, every failure censored), taken as crr does with
 *    approx(c(-10 eps, u$time, max(u$time) (1 + 10 eps)), c(1, u$surv, 0), xout = t (1 - 100 eps),
 *    method = "constant", f = 0, rule = 2): the KM value at the last distinct time <= t (1 - 100 eps),
 *    1 before the first, 0 past max(u$time) (1 + 10 eps). u = survfit(Surv(ftime, cenind) ~ 1),
 *    which applies survival's timefix (mergeNearTies) before it forms its distinct times;
 *  - covariates centred by their means, by sorted position, row after row: x[i * p + j]. The
 *    subdistribution partial likelihood and everything derived from it are unchanged by a shift of
 *    x (exp(-c'b) cancels between numerator and denominator); centring keeps exp(x'b) and the
 *    running sums of fine-gray-likelihood.ts well scaled.
 * Tie groups (runs of one time) are listed once, with their failure counts, for the sweeps.
 */
import { riskTable } from './kaplan-meier-risk-table.js';
import { sortAscending } from './radix-sort.js';
import { mergeNearTies } from './survival-data.js';

/** Cause codes by sorted position. */
export const CENSORED = 0;
export const FAILURE_OF_INTEREST = 1;
export const COMPETING_FAILURE = 2;

/** crr's left limit: the censoring KM is read at t (1 - 100 eps). */
const LEFT_LIMIT_FACTOR = 1 - 100 * Number.EPSILON;
/** crr's last approx knot, max(u$time) (1 + 10 eps), carries the value 0. */
const LAST_KNOT_FACTOR = 1 + 10 * Number.EPSILON;

export interface CompetingRisksData {
  n: number;
  variableCount: number;
  /** Input row of each sorted position. */
  order: Uint32Array;
  /** Times by sorted position, as given. */
  time: Float64Array;
  /** CENSORED, FAILURE_OF_INTEREST or COMPETING_FAILURE by sorted position. */
  cause: Uint8Array;
  /** Centred covariates, x[i * variableCount + j]. */
  x: Float64Array;
  /** G(t_i-) by sorted position. */
  censoringWeight: Float64Array;
  /** 1 / G(t_i-) for a competing failure with G(t_i-) > 0, else 0 (the only rows that carry it). */
  inverseCensoringWeight: Float64Array;
  /** Tie group g covers sorted positions groupStart[g] .. groupStart[g + 1] - 1. */
  groupStart: Uint32Array;
  groupCount: number;
  /** Failures of interest in tie group g. */
  groupFailures: Uint32Array;
  /** Number of tie groups with at least one failure of interest. */
  failureTimeCount: number;
  failureCount: number;
  competingCount: number;
}

/**
 * Sorts, codes and weights validated columns: times >= 0, status codes, covariate columns of the
 * same length (fine-gray.ts validates them).
 */
export function prepareCompetingRisks(
  inputTime: Float64Array,
  status: ArrayLike<number>,
  failcode: number,
  cencode: number,
  columns: readonly ArrayLike<number>[],
): CompetingRisksData {
  const n = inputTime.length;
  const p = columns.length;
  const { order, sorted: time } = sortAscending(inputTime);

  // Rows are moved to their sorted positions by scattering (sequential reads, random writes), which
  // costs a fraction of gathering by `order` once the columns outgrow the cache.
  const position = new Uint32Array(n);
  for (let k = 0; k < n; k++) position[order[k]!] = k;

  const cause = new Uint8Array(n);
  const censored = new Uint8Array(n);
  let failureCount = 0;
  let competingCount = 0;
  for (let row = 0; row < n; row++) {
    const code = status[row]!;
    const k = position[row]!;
    if (code === failcode) {
      cause[k] = FAILURE_OF_INTEREST;
      failureCount++;
    } else if (code === cencode) {
      cause[k] = CENSORED;
      censored[k] = 1;
    } else {
      cause[k] = COMPETING_FAILURE;
      competingCount++;
    }
  }

  const censoringWeight = censoringSurvivalAtLeftLimit(time, censored);
  const inverseCensoringWeight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const weight = censoringWeight[i]!;
    if (cause[i] === COMPETING_FAILURE && weight > 0) inverseCensoringWeight[i] = 1 / weight;
  }

  const means = columns.map((column) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += column[i]!;
    return sum / n;
  });
  const x = new Float64Array(n * p);
  for (let row = 0; row < n; row++) {
    const base = position[row]! * p;
    for (let j = 0; j < p; j++) x[base + j] = columns[j]![row]! - means[j]!;
  }

  const groupStart = new Uint32Array(n + 1);
  const groupFailures = new Uint32Array(n);
  let groupCount = 0;
  let failureTimeCount = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || time[i] !== time[i - 1]) {
      if (groupCount > 0 && groupFailures[groupCount - 1]! > 0) failureTimeCount++;
      groupStart[groupCount++] = i;
    }
    if (cause[i] === FAILURE_OF_INTEREST) groupFailures[groupCount - 1]!++;
  }
  if (groupCount > 0 && groupFailures[groupCount - 1]! > 0) failureTimeCount++;
  groupStart[groupCount] = n;

  return {
    n, variableCount: p, order, time, cause, x, censoringWeight, inverseCensoringWeight,
    groupStart: groupStart.subarray(0, groupCount + 1), groupCount, groupFailures: groupFailures.subarray(0, groupCount),
    failureTimeCount, failureCount, competingCount,
  };
}

/** G(t_i-) for every sorted position, by crr's approx rule (see the header); `time` sorted ascending. */
function censoringSurvivalAtLeftLimit(time: Float64Array, censored: Uint8Array): Float64Array {
  const n = time.length;
  const fixedTime = Float64Array.from(time);
  mergeNearTies(fixedTime);
  const table = riskTable(fixedTime, censored);
  const knots = table.time;
  const rows = knots.length;
  const lastKnot = knots[rows - 1]! * LAST_KNOT_FACTOR;
  const weight = new Float64Array(n);
  let knot = 0; // knots[0 .. knot - 1] are <= the current left limit
  for (let i = 0; i < n; i++) {
    const leftLimit = time[i]! * LEFT_LIMIT_FACTOR;
    while (knot < rows && knots[knot]! <= leftLimit) knot++;
    weight[i] = leftLimit >= lastKnot ? 0 : knot === 0 ? 1 : table.survival[knot - 1]!;
  }
  return weight;
}
