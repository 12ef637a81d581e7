/**
 * Cox proportional-hazards regression, as R's survival::coxph (survival 3.5-3) with summary.coxph.
 *
 * Model: hazard h(t | x) = h0_s(t) exp(x'beta), one baseline hazard h0_s per stratum s.
 *
 * Partial log-likelihood, score and information, per tie group of d deaths at time t within a stratum
 * (sums over the risk set R(t) = subjects of the stratum with time >= t; over D = the d deaths at t):
 *   eta_i = x_i'beta,  r_i = exp(eta_i)
 *   S0 = sum_R r_i,  S1 = sum_R r_i x_i,  S2 = sum_R r_i x_i x_i';   D0, D1, D2: the same sums over D
 *   Breslow (and any group with d = 1):
 *     l += sum_D eta_i - d log S0
 *     U += sum_D x_i  - d S1/S0
 *     I += d (S2/S0 - S1 S1'/S0^2)
 *   Efron (d >= 2), for k = 0..d-1 with c_k = k/d:
 *     den_k = S0 - c_k D0,  a_k = S1 - c_k D1,  C_k = S2 - c_k D2
 *     l += sum_D eta_i - sum_k log den_k
 *     U += sum_D x_i  - sum_k a_k/den_k
 *     I += sum_k (C_k/den_k - a_k a_k'/den_k^2)
 *   (coxfit6.c adds the deaths in d portions and updates U and I after each, O(d p^2) per group; here the d
 *   scalar weights are summed first and applied to the p x p sums once, O(d + p^2): the same algebra, with
 *   round-off differences of order 1e-15 relative. Breslow and single deaths follow coxfit6.c's operations.)
 * Tests (df = number of estimable coefficients):
 *   likelihood ratio 2 (l(beta^) - l(0)); Wald beta^' V^-1 beta^ (V = I(beta^)^-1); score U(0)' I(0)^-1 U(0).
 *   Coefficient z = beta/se, p = P(chi2_1 > z^2), CI exp(beta -/+ q se), q = qnorm((1 + confLevel)/2).
 *
 * Conventions (all as coxph's defaults; survival 3.5-3 R/coxph.R, R/coxph.fit.R, src/coxfit6.c):
 *   - timefix: times closer than sqrt(machine eps) (absolute, or relative to mean |t|) are merged into the
 *     smallest of them before anything else (R/aeqSurv.R).
 *   - Data sorted by (stratum, time); risk sets are walked from the latest time back; censored subjects at t
 *     are in the risk set at t; ties never cross strata.
 *   - Each covariate not entirely in {-1, 0, 1} is centred at its mean and scaled by n / sum |x - mean|
 *     before fitting (results are returned on the original scale); this matters only through round-off and
 *     through the singularity tolerance, which is applied to the scaled information.
 *   - Newton-Raphson from beta = 0 with step-halving: a step whose log-likelihood is not finite or is
 *     lower than the best so far is pulled back, beta_new = (beta_new + h beta)/(h + 1), h = 1, 2, ...;
 *     converged when |1 - l_best / l_new| <= tolerance (1e-9), at most maxIterations (20) iterations.
 *   - Generalized Cholesky with toler.chol = eps^0.75 (./linear-algebra.ts): a redundant column (constant,
 *     collinear) keeps beta = 0 and gets a null coefficient with a warning; it is left out of the df.
 *   - After convergence, a coefficient whose next Newton step |U'V|_j exceeds both tolerance and
 *     sqrt(tolerance) |beta_j| (or whose score is not finite) may be infinite (monotone likelihood): R's
 *     estimates are returned as they are, with converged: false and R's warning.
 *   - Out of iterations: R's numbers with converged: false and a warning. With maxIterations >= 2, R then
 *     evaluates the information at the last accepted beta and passes it to chinv2 without refactoring it,
 *     so its variance is diag(1 / I_jj); this is reproduced (those standard errors ignore the correlation of
 *     the estimates, one more reason the fit is flagged). With maxIterations = 1 the variance is the inverse
 *     information of the last step tried, as in R (which gives no warning then; we do). R's `iter` is then
 *     maxIterations + 1, as here. maxIterations = 0 returns beta = 0 and I(0)^-1 with a warning.
 *   - No events: no fit (coefficients null, logLik [0, 0]), as coxph.
 *   - Concordance: R's concordance(fit) = concordancefit(y, linear predictor, strata, reverse = TRUE,
 *     timefix = FALSE) (R/concordance.R, src/concordance3.c): a pair is comparable when the subject with the
 *     earlier time has an event (a censored subject at the same time outlives it; two events at one time are
 *     not comparable); concordant when that subject has the higher risk score, tied.x when the scores are equal.
 *     C = (concordant + tied.x/2) / (concordant + discordant + tied.x), pairs only within strata.
 *     Its standard error is the infinitesimal jackknife: with c_i, d_i, t_i the concordant, discordant and
 *     tied.x pairs that contain subject i, npair and Somers' d = (C - D)/npair pooled over strata,
 *     se(C) = sqrt(sum_i (c_i - d_i - d (c_i + d_i + t_i))^2) / (2 npair).
 *     Counted in O(n log n) with a Fenwick tree over the ranks of the risk score within the stratum: walking
 *     time backwards for each event's pairs with those still at risk, forwards for each subject's pairs
 *     with the events before it.
 *   - Wald chi-square unrounded (summary.coxph prints and stores it rounded to 2 decimals; its p-value uses
 *     the unrounded value, as here). A test with 0 df has p = null (R gives 0).
 * Non-finite outputs (e.g. an infinite hazard ratio) are null.
 *
 * Sources: survival 3.5-3 src/coxfit6.c (iteration, Efron accumulation), R/coxph.fit.R (singular and
 * infinite coefficients), R/coxph.R and R/coxph.wtest.R (Wald test), R/summary.coxph.R (tables and tests),
 * R/concordance.R and src/concordance3.c (concordance); Therneau & Grambsch (2000) Modeling Survival Data,
 * §3.3 (partial likelihood, Efron and Breslow ties); Efron (1977) JASA 72:557; "The concordance statistic",
 * vignette of survival 3.5-3 (vignettes/concordance.Rnw), §1.3 (efficient computation) and §3 (variance).
 */
import { chiSquareUpperTail, normalQuantile } from './distributions.js';
import { StatsInputError } from './errors.js';
import { choleskyDecompose, choleskyInvert, choleskySolve, solveSymmetric } from './linear-algebra.js';

export type CoxTies = 'efron' | 'breslow';

export interface CoxRegressionInput {
  /** Follow-up time, >= 0. */
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored. */
  event: ArrayLike<number>;
  /** Already coded numeric columns (dummies, interaction products), one value per subject. */
  covariates: Readonly<Record<string, ArrayLike<number>>>;
  /** Stratum of each subject: a separate baseline hazard per stratum. */
  strata?: ArrayLike<string | number> | null;
}

export interface CoxRegressionOptions {
  ties?: CoxTies;
  confLevel?: number;
  maxIterations?: number;
  tolerance?: number;
}

export interface CoxTest {
  chisq: number;
  df: number;
  p: number | null;
}

export interface CoxRegressionResult {
  terms: string[];
  coef: (number | null)[];
  hazardRatio: (number | null)[];
  se: (number | null)[];
  z: (number | null)[];
  p: (number | null)[];
  hrLower: (number | null)[];
  hrUpper: (number | null)[];
  /** Partial log-likelihood at beta = 0 and at the estimate. */
  logLik: [number, number];
  iterations: number;
  n: number;
  nEvent: number;
  likelihoodRatio: CoxTest;
  wald: CoxTest;
  score: CoxTest;
  concordance: number | null;
  concordanceSe: number | null;
  converged: boolean;
  warnings: string[];
}

/** coxph.control(): eps, iter.max. */
const DEFAULT_TOLERANCE = 1e-9;
const DEFAULT_MAX_ITERATIONS = 20;
const DEFAULT_CONF_LEVEL = 0.95;
/** coxph.control()$toler.chol = .Machine$double.eps^0.75, the singularity threshold of the Cholesky pivots. */
const CHOLESKY_TOLERANCE = Number.EPSILON ** 0.75;
/** aeqSurv's tolerance sqrt(.Machine$double.eps): times this close are one time. */
const TIMEFIX_TOLERANCE = Math.sqrt(Number.EPSILON);
/** coxph.fit's "max(lp) > 500" test for possibly infinite coefficients after running out of iterations. */
const LARGE_LINEAR_PREDICTOR = 500;

export function coxRegression(input: CoxRegressionInput, options: CoxRegressionOptions = {}): CoxRegressionResult {
  const settings = validateOptions(options);
  const data = validateInput(input);
  const design = buildSortedDesign(data);
  const terms = data.names;
  const variableCount = terms.length;
  const confidenceQuantile = normalQuantile((1 + settings.confLevel) / 2);

  if (design.eventCount === 0) {
    const nulls = (): null[] => terms.map(() => null);
    const emptyTest = (): CoxTest => ({ chisq: 0, df: 0, p: null });
    return {
      terms, coef: nulls(), hazardRatio: nulls(), se: nulls(), z: nulls(), p: nulls(), hrLower: nulls(), hrUpper: nulls(),
      logLik: [0, 0], iterations: 0, n: data.n, nEvent: 0,
      likelihoodRatio: emptyTest(), wald: emptyTest(), score: emptyTest(),
      concordance: null, concordanceSe: null, converged: false,
      warnings: ['No events: the coefficients cannot be estimated.'],
    };
  }

  const fit = fitNewtonRaphson(design, settings, terms);
  const warnings = [...fit.warnings];

  const coefficients = new Float64Array(variableCount);
  const estimable: boolean[] = [];
  for (let j = 0; j < variableCount; j++) {
    coefficients[j] = fit.beta[j]!;
    estimable.push(!(settings.maxIterations > 0 && fit.variance[j * variableCount + j] === 0));
  }
  const redundant = terms.filter((_, j) => !estimable[j]);
  if (redundant.length > 0) {
    warnings.push(`X matrix deemed to be singular; no coefficient for ${redundant.join(', ')}.`);
  }

  const coef: (number | null)[] = [];
  const se: (number | null)[] = [];
  const z: (number | null)[] = [];
  const p: (number | null)[] = [];
  const hazardRatio: (number | null)[] = [];
  const hrLower: (number | null)[] = [];
  const hrUpper: (number | null)[] = [];
  for (let j = 0; j < variableCount; j++) {
    if (!estimable[j]) {
      coef.push(null); se.push(null); z.push(null); p.push(null);
      hazardRatio.push(null); hrLower.push(null); hrUpper.push(null);
      continue;
    }
    const beta = coefficients[j]!;
    const standardError = Math.sqrt(fit.variance[j * variableCount + j]!);
    const zValue = beta / standardError;
    coef.push(finiteOrNull(beta));
    se.push(finiteOrNull(standardError));
    z.push(finiteOrNull(zValue));
    p.push(Number.isFinite(zValue) ? chiSquareUpperTail(zValue * zValue, 1) : null);
    hazardRatio.push(finiteOrNull(Math.exp(beta)));
    hrLower.push(finiteOrNull(Math.exp(beta - confidenceQuantile * standardError)));
    hrUpper.push(finiteOrNull(Math.exp(beta + confidenceQuantile * standardError)));
  }

  const df = estimable.filter(Boolean).length;
  const likelihoodRatioStatistic = 2 * (fit.logLikFinal - fit.logLikInitial);
  const waldStatistic = waldTest(coefficients, fit.variance, estimable);
  const concordance = concordanceOfLinearPredictor(design, data, coefficients);

  return {
    terms, coef, hazardRatio, se, z, p, hrLower, hrUpper,
    logLik: [fit.logLikInitial, fit.logLikFinal],
    iterations: fit.iterations,
    n: data.n,
    nEvent: design.eventCount,
    likelihoodRatio: chiSquareTest(likelihoodRatioStatistic, df),
    wald: chiSquareTest(waldStatistic, df),
    score: chiSquareTest(fit.scoreTest, df),
    concordance: concordance.concordance,
    concordanceSe: concordance.standardError,
    converged: fit.converged,
    warnings,
  };
}

interface Settings {
  ties: CoxTies;
  confLevel: number;
  maxIterations: number;
  tolerance: number;
}

function validateOptions(options: CoxRegressionOptions): Settings {
  const ties = options.ties ?? 'efron';
  if (ties !== 'efron' && ties !== 'breslow') {
    throw new StatsInputError('options.ties', `must be "efron" or "breslow", got ${JSON.stringify(ties)}`);
  }
  const confLevel = options.confLevel ?? DEFAULT_CONF_LEVEL;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new StatsInputError('options.confLevel', `must be between 0 and 1, got ${confLevel}`);
  }
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new StatsInputError('options.maxIterations', `must be a non-negative integer, got ${maxIterations}`);
  }
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!(tolerance > 0 && Number.isFinite(tolerance))) {
    throw new StatsInputError('options.tolerance', `must be a positive number, got ${tolerance}`);
  }
  return { ties, confLevel, maxIterations, tolerance };
}

interface ValidatedInput {
  n: number;
  names: string[];
  time: ArrayLike<number>;
  event: ArrayLike<number>;
  columns: ArrayLike<number>[];
  /** Stratum code of each subject (0-based, in sorted order of the stratum values), or null. */
  stratumCodes: Int32Array | null;
  stratumCount: number;
}

function validateInput(input: CoxRegressionInput): ValidatedInput {
  const { time, event, covariates } = input;
  const n = time.length;
  if (n === 0) throw new StatsInputError('time', 'no observations');
  if (event.length !== n) {
    throw new StatsInputError('event', `has ${event.length} values, time has ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (!Number.isFinite(t)) throw new StatsInputError('time', `value ${i + 1} is not a finite number (${t})`);
    if (t < 0) throw new StatsInputError('time', `value ${i + 1} is negative (${t})`);
    const e = event[i];
    if (e !== 0 && e !== 1) throw new StatsInputError('event', `value ${i + 1} is not 0 or 1 (${String(e)})`);
  }
  const names = Object.keys(covariates);
  if (names.length === 0) throw new StatsInputError('covariates', 'at least one covariate is needed');
  const columns = names.map((name) => {
    const column = covariates[name]!;
    const field = `covariates.${name}`;
    if (column.length !== n) throw new StatsInputError(field, `has ${column.length} values, time has ${n}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(column[i])) {
        throw new StatsInputError(field, `value ${i + 1} is not a finite number (${String(column[i])})`);
      }
    }
    return column;
  });

  const strata = input.strata;
  if (strata === null || strata === undefined) {
    return { n, names, time, event, columns, stratumCodes: null, stratumCount: 1 };
  }
  if (strata.length !== n) throw new StatsInputError('strata', `has ${strata.length} values, time has ${n}`);
  const codeOfValue = new Map<string | number, number>();
  for (let i = 0; i < n; i++) {
    const value = strata[i];
    const valid = typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    if (!valid) throw new StatsInputError('strata', `value ${i + 1} is not a string or a finite number`);
    if (!codeOfValue.has(value)) codeOfValue.set(value, 0);
  }
  const levels = [...codeOfValue.keys()].sort(compareStratumValues);
  levels.forEach((level, code) => codeOfValue.set(level, code));
  const stratumCodes = new Int32Array(n);
  for (let i = 0; i < n; i++) stratumCodes[i] = codeOfValue.get(strata[i]!)!;
  return { n, names, time, event, columns, stratumCodes, stratumCount: levels.length };
}

function compareStratumValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * The data in coxph's order (stratum, time ascending; ties by input order), covariates centred and
 * scaled, and the tie groups (same stratum, same time after timefix) that the likelihood walks backwards.
 */
interface SortedDesign {
  n: number;
  variableCount: number;
  /** Input row of each sorted position. */
  order: Uint32Array;
  /** Scaled covariates by sorted position, one column after the other: x[j * n + i]. */
  x: Float64Array;
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

function buildSortedDesign(data: ValidatedInput): SortedDesign {
  const { n, stratumCodes } = data;
  const variableCount = data.columns.length;
  const { ranks: timeRank, order: timeOrder } = rankTimesWithTimefix(data.time);
  const order = stratumCodes === null ? timeOrder : countingSort(timeOrder, stratumCodes, data.stratumCount);

  const status = new Uint8Array(n);
  let eventCount = 0;
  const groupStart = new Uint32Array(n + 1);
  const groupEndsStratum = new Uint8Array(n);
  let groupCount = 0;
  for (let i = 0; i < n; i++) {
    const row = order[i]!;
    const e = data.event[row]!;
    status[i] = e;
    eventCount += e;
    const previous = i > 0 ? order[i - 1]! : 0;
    const sameStratum = i > 0 && (stratumCodes === null || stratumCodes[row] === stratumCodes[previous]);
    if (!sameStratum || timeRank[row] !== timeRank[previous]) {
      if (i > 0) groupEndsStratum[groupCount - 1] = sameStratum ? 0 : 1;
      groupStart[groupCount++] = i;
    }
  }
  groupEndsStratum[groupCount - 1] = 1;
  groupStart[groupCount] = n;

  // Centre and scale, summing in sorted order as coxfit6 does; {-1, 0, 1} columns are left alone (nocenter).
  const x = new Float64Array(n * variableCount);
  const means = new Float64Array(variableCount);
  const scales = new Float64Array(variableCount).fill(1);
  data.columns.forEach((column, j) => {
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

/**
 * Rank of each time among the distinct times after aeqSurv's merge (consecutive distinct times t_k < t_k+1
 * are one time when t_k+1 - t_k <= tol or (t_k+1 - t_k) / mean|t| <= tol, mean over the distinct times),
 * and the rows in order of that rank, ties in input order (R's order() on the merged times).
 */
function rankTimesWithTimefix(time: ArrayLike<number>): { ranks: Int32Array; order: Uint32Array } {
  const n = time.length;
  const { order: byTime, sorted } = sortAscending(time);
  let absoluteSum = 0;
  let distinctCount = 0;
  for (let k = 0; k < n; k++) {
    if (k === 0 || sorted[k] !== sorted[k - 1]) {
      absoluteSum += Math.abs(sorted[k]!);
      distinctCount++;
    }
  }
  const meanAbsolute = absoluteSum / distinctCount;
  const ranks = new Int32Array(n);
  let rank = 0;
  let merged = false;
  for (let k = 1; k < n; k++) {
    const gap = sorted[k]! - sorted[k - 1]!;
    if (gap !== 0) {
      const tied = gap <= TIMEFIX_TOLERANCE || gap / meanAbsolute <= TIMEFIX_TOLERANCE;
      if (tied) merged = true;
      else rank++;
    }
    ranks[byTime[k]!] = rank;
  }
  // Merged times are equal: restore input order among them, as R orders the merged values.
  const order = merged ? countingSort(identityOrder(n), ranks, rank + 1) : byTime;
  return { ranks, order };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Stable ascending sort of finite or infinite doubles (no NaN), giving the permutation and the sorted values:
 * least-significant-digit radix sort on the IEEE-754 bit patterns made unsigned-comparable (sign bit flipped
 * for positives, all bits for negatives), four passes of 16 bits, a pass skipped when all keys share its
 * digit. O(n), unlike a comparison sort (Knuth, TAOCP vol. 3, §5.2.5). -0 is sorted as +0.
 */
function sortAscending(values: ArrayLike<number>): { order: Uint32Array; sorted: Float64Array } {
  const n = values.length;
  const doubles = new Float64Array(n);
  for (let i = 0; i < n; i++) doubles[i] = values[i]! + 0; // -0 becomes +0
  const words = new Uint32Array(doubles.buffer);
  const lowWord = LITTLE_ENDIAN ? 0 : 1;
  let high = new Uint32Array(n);
  let low = new Uint32Array(n);
  let index = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1 - lowWord]!;
    const l = words[2 * i + lowWord]!;
    const negative = h >= 0x80000000;
    high[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    low[i] = negative ? ~l >>> 0 : l;
    index[i] = i;
  }
  let nextHigh = new Uint32Array(n);
  let nextLow = new Uint32Array(n);
  let nextIndex = new Uint32Array(n);
  const bucketStart = new Uint32Array(0x10000);
  for (let pass = 0; pass < 4; pass++) {
    const digits = pass < 2 ? low : high;
    const shift = pass % 2 === 0 ? 0 : 16;
    bucketStart.fill(0);
    for (let i = 0; i < n; i++) bucketStart[(digits[i]! >>> shift) & 0xffff]!++;
    if (bucketStart[(digits[0]! >>> shift) & 0xffff] === n) continue;
    let position = 0;
    for (let d = 0; d < 0x10000; d++) {
      const count = bucketStart[d]!;
      bucketStart[d] = position;
      position += count;
    }
    for (let i = 0; i < n; i++) {
      const target = bucketStart[(digits[i]! >>> shift) & 0xffff]!++;
      nextHigh[target] = high[i]!;
      nextLow[target] = low[i]!;
      nextIndex[target] = index[i]!;
    }
    [high, nextHigh] = [nextHigh, high];
    [low, nextLow] = [nextLow, low];
    [index, nextIndex] = [nextIndex, index];
  }
  for (let i = 0; i < n; i++) {
    const h = high[i]!;
    const negative = h < 0x80000000;
    words[2 * i + 1 - lowWord] = negative ? ~h >>> 0 : h & 0x7fffffff;
    words[2 * i + lowWord] = negative ? ~low[i]! >>> 0 : low[i]!;
  }
  return { order: index, sorted: doubles };
}

function identityOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/** Stable reordering of `order` by the integer key of each row (0 <= key < keyCount). */
function countingSort(order: Uint32Array, key: Int32Array, keyCount: number): Uint32Array {
  const start = new Uint32Array(keyCount + 1);
  for (let i = 0; i < order.length; i++) start[key[order[i]!]! + 1]!++;
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const sorted = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    sorted[start[key[row]!]!++] = row;
  }
  return sorted;
}

/**
 * Evaluates the partial log-likelihood, its score U and information I at beta (scaled covariates),
 * writing U into `score` and the upper triangle of I into `information` (p x p, row-major).
 * All work arrays are allocated once.
 */
class PartialLikelihood {
  readonly score: Float64Array;
  readonly information: Float64Array;
  private readonly riskSetXSum: Float64Array; // S1 = sum_{R} r_i x_i
  private readonly riskSetXXSum: Float64Array; // S2 = sum_{R} r_i x_i x_i', packed lower triangle
  private readonly deathXSum: Float64Array; // D1 = sum_{D} r_i x_i
  private readonly deathXXSum: Float64Array; // D2 = sum_{D} r_i x_i x_i', packed lower triangle
  private readonly informationPacked: Float64Array;
  /** eta_i of the last evaluation, by sorted position. */
  readonly linearPredictor: Float64Array;
  private readonly risk: Float64Array; // exp(eta_i)

  constructor(private readonly design: SortedDesign, private readonly efron: boolean) {
    const p = design.variableCount;
    const packed = (p * (p + 1)) / 2;
    this.score = new Float64Array(p);
    this.information = new Float64Array(p * p);
    this.riskSetXSum = new Float64Array(p);
    this.riskSetXXSum = new Float64Array(packed);
    this.deathXSum = new Float64Array(p);
    this.deathXXSum = new Float64Array(packed);
    this.informationPacked = new Float64Array(packed);
    this.linearPredictor = new Float64Array(design.n);
    this.risk = new Float64Array(design.n);
  }

  evaluate(beta: Float64Array): number {
    const { x, status, groupStart, groupEndsStratum, groupCount, n } = this.design;
    const p = this.design.variableCount;
    const { score, riskSetXSum, riskSetXXSum, deathXSum, deathXXSum, informationPacked, linearPredictor, risk } = this;
    const packedSize = riskSetXXSum.length;
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let j = 0; j < p; j++) eta += beta[j]! * x[j * n + i]!;
      linearPredictor[i] = eta;
      risk[i] = Math.exp(eta);
    }
    for (let j = 0; j < p; j++) score[j] = 0;
    for (let q = 0; q < packedSize; q++) informationPacked[q] = 0;
    let logLik = 0;
    let riskSetWeightSum = 0; // S0 = sum_{j in R} exp(eta_j)

    for (let g = groupCount - 1; g >= 0; g--) {
      if (groupEndsStratum[g] === 1) {
        riskSetWeightSum = 0;
        for (let j = 0; j < p; j++) riskSetXSum[j] = 0;
        for (let q = 0; q < packedSize; q++) riskSetXXSum[q] = 0;
      }
      let deaths = 0; // d
      let deathWeightSum = 0; // D0 = sum_{D} exp(eta_i)
      let lastDeath = 0;
      const first = groupStart[g]!;
      const last = groupStart[g + 1]! - 1;
      for (let i = last; i >= first; i--) {
        if (status[i] === 0) {
          riskSetWeightSum += risk[i]!;
          addWeightedMoments(x, i, n, p, risk[i]!, riskSetXSum, riskSetXXSum);
        } else {
          deaths++;
          deathWeightSum += risk[i]!;
          logLik += linearPredictor[i]!;
          for (let j = 0; j < p; j++) score[j] = score[j]! + x[j * n + i]!;
          lastDeath = i;
        }
      }
      if (deaths === 0) continue;

      // The deaths join the risk-set sums after the censored subjects of their time.
      if (deaths === 1) {
        riskSetWeightSum += deathWeightSum;
        addWeightedMoments(x, lastDeath, n, p, risk[lastDeath]!, riskSetXSum, riskSetXXSum);
      } else {
        deathXSum.fill(0);
        deathXXSum.fill(0);
        for (let i = last; i >= first; i--) {
          if (status[i] === 1) addWeightedMoments(x, i, n, p, risk[i]!, deathXSum, deathXXSum);
        }
        if (this.efron) {
          logLik -= this.addEfronTerms(deaths, riskSetWeightSum, deathWeightSum);
        }
        riskSetWeightSum += deathWeightSum;
        for (let j = 0; j < p; j++) riskSetXSum[j] = riskSetXSum[j]! + deathXSum[j]!;
        for (let q = 0; q < packedSize; q++) riskSetXXSum[q] = riskSetXXSum[q]! + deathXXSum[q]!;
        if (this.efron) continue;
      }
      // Breslow, or a single death: d log S0, d S1/S0, d (S2/S0 - S1 S1'/S0^2) with the deaths in S.
      logLik -= deaths * Math.log(riskSetWeightSum);
      let packed = 0;
      for (let j = 0; j < p; j++) {
        const weightedMean = riskSetXSum[j]! / riskSetWeightSum; // S1_j / S0
        score[j] = score[j]! - deaths * weightedMean;
        for (let k = 0; k <= j; k++) {
          informationPacked[packed] = informationPacked[packed]!
            + (deaths * (riskSetXXSum[packed]! - weightedMean * riskSetXSum[k]!)) / riskSetWeightSum;
          packed++;
        }
      }
    }

    const information = this.information;
    let packed = 0;
    for (let j = 0; j < p; j++) {
      for (let k = 0; k <= j; k++) information[k * p + j] = informationPacked[packed++]!;
    }
    return logLik;
  }

  /**
   * Efron's terms for a tie group of d >= 2 deaths, with B = the risk-set sums before the deaths join and
   * D = the death sums (in riskSetXSum / riskSetXXSum and deathXSum / deathXXSum): for k = 1..d, f_k = k/d,
   *   den_k = B0 + f_k D0,  a_k = B1 + f_k D1,  C_k = B2 + f_k D2
   *   U -= sum_k a_k/den_k = B1 s1 + D1 t1
   *   I += sum_k (C_k/den_k - a_k a_k'/den_k^2) = B2 s1 + D2 t1 - (B1 B1' s2 + (B1 D1' + D1 B1') t2 + D1 D1' u2)
   * with s1 = sum 1/den_k, t1 = sum f_k/den_k, s2 = sum 1/den_k^2, t2 = sum f_k/den_k^2, u2 = sum f_k^2/den_k^2:
   * O(d + p^2) per group where coxfit6.c's d passes cost O(d p^2); the same sums in another order.
   * Returns sum_k log den_k, the group's subtraction from the log-likelihood.
   */
  private addEfronTerms(deaths: number, riskSetWeightSum: number, deathWeightSum: number): number {
    const p = this.design.variableCount;
    const { score, riskSetXSum, riskSetXXSum, deathXSum, deathXXSum, informationPacked } = this;
    let logDenominators = 0;
    let s1 = 0;
    let t1 = 0;
    let s2 = 0;
    let t2 = 0;
    let u2 = 0;
    for (let k = 1; k <= deaths; k++) {
      const fraction = k / deaths;
      const denominator = riskSetWeightSum + fraction * deathWeightSum; // den_k
      const inverse = 1 / denominator;
      const inverseSquared = inverse * inverse;
      logDenominators += Math.log(denominator);
      s1 += inverse;
      t1 += fraction * inverse;
      s2 += inverseSquared;
      t2 += fraction * inverseSquared;
      u2 += fraction * fraction * inverseSquared;
    }
    let packed = 0;
    for (let j = 0; j < p; j++) {
      const riskSetX = riskSetXSum[j]!;
      const deathX = deathXSum[j]!;
      score[j] = score[j]! - (riskSetX * s1 + deathX * t1);
      for (let k = 0; k <= j; k++) {
        const crossProducts = riskSetX * riskSetXSum[k]! * s2
          + (riskSetX * deathXSum[k]! + deathX * riskSetXSum[k]!) * t2
          + deathX * deathXSum[k]! * u2;
        informationPacked[packed] = informationPacked[packed]!
          + riskSetXXSum[packed]! * s1 + deathXXSum[packed]! * t1 - crossProducts;
        packed++;
      }
    }
    return logDenominators;
  }
}

/** sum1 += r x_i, sum2 += r x_i x_i' (packed lower triangle), x_ij = x[j * n + i]. */
function addWeightedMoments(
  x: Float64Array,
  i: number,
  n: number,
  p: number,
  r: number,
  sum1: Float64Array,
  sum2: Float64Array,
): void {
  let packed = 0;
  for (let j = 0; j < p; j++) {
    const riskX = r * x[j * n + i]!;
    sum1[j] = sum1[j]! + riskX;
    for (let k = 0; k <= j; k++) {
      sum2[packed] = sum2[packed]! + riskX * x[k * n + i]!;
      packed++;
    }
  }
}

interface FitResult {
  /** Coefficients on the original scale. */
  beta: Float64Array;
  /** Variance matrix on the original scale, p x p. */
  variance: Float64Array;
  logLikInitial: number;
  logLikFinal: number;
  scoreTest: number;
  iterations: number;
  converged: boolean;
  warnings: string[];
}

/** Newton-Raphson with step-halving, step for step as coxfit6.c. */
function fitNewtonRaphson(design: SortedDesign, settings: Settings, terms: string[]): FitResult {
  const p = design.variableCount;
  const { maxIterations, tolerance } = settings;
  const likelihood = new PartialLikelihood(design, settings.ties === 'efron');
  const { score, information } = likelihood;
  const beta = new Float64Array(p);
  const newBeta = new Float64Array(p);
  const step = new Float64Array(p);
  const variance = new Float64Array(p * p);
  const warnings: string[] = [];

  const logLikInitial = likelihood.evaluate(beta);
  step.set(score);
  choleskyDecompose(information, p, CHOLESKY_TOLERANCE);
  choleskySolve(information, p, step);
  let scoreTest = 0;
  for (let j = 0; j < p; j++) scoreTest += score[j]! * step[j]!;

  let bestLogLik = logLikInitial;
  let iterations = 0;
  let converged = false;
  if (maxIterations === 0) {
    choleskyInvert(information, p, variance);
    warnings.push('No iterations were requested (maxIterations = 0): the coefficients are the initial values.');
  } else {
    for (let j = 0; j < p; j++) newBeta[j] = beta[j]! + step[j]!;
    let halving = 0;
    for (iterations = 1; iterations <= maxIterations; iterations++) {
      const newLogLik = likelihood.evaluate(newBeta);
      choleskyDecompose(information, p, CHOLESKY_TOLERANCE);
      let finite = Number.isFinite(newLogLik);
      for (let j = 0; j < p && finite; j++) finite = Number.isFinite(score[j]);
      for (let q = 0; q < p * p && finite; q++) finite = Number.isFinite(information[q]);

      if (finite && Math.abs(1 - bestLogLik / newLogLik) <= tolerance) {
        bestLogLik = newLogLik;
        beta.set(newBeta);
        choleskyInvert(information, p, variance);
        converged = true;
        break;
      }
      if (!finite || newLogLik < bestLogLik) {
        halving++;
        for (let j = 0; j < p; j++) newBeta[j] = (newBeta[j]! + halving * beta[j]!) / (halving + 1);
      } else {
        halving = 0;
        bestLogLik = newLogLik;
        step.set(score);
        choleskySolve(information, p, step);
        for (let j = 0; j < p; j++) {
          beta[j] = newBeta[j]!;
          newBeta[j] = newBeta[j]! + step[j]!;
        }
      }
    }
    if (!converged) {
      if (maxIterations > 1) {
        bestLogLik = likelihood.evaluate(beta);
        // coxfit6.c hands this fresh, unfactored information to chinv2, which then yields diag(1 / I_jj).
        for (let j = 0; j < p; j++) {
          const diagonal = information[j * p + j]!;
          variance[j * p + j] = diagonal > 0 ? 1 / diagonal : 0;
        }
      } else {
        choleskyInvert(information, p, variance);
      }
      warnings.push('Ran out of iterations and did not converge.');
    }
  }

  // Back to the original scale: beta_j = b_j s_j, V_jk = v_jk s_j s_k, U_j = u_j / s_j.
  const { scales } = design;
  for (let j = 0; j < p; j++) {
    beta[j] = beta[j]! * scales[j]!;
    score[j] = score[j]! / scales[j]!;
    for (let k = 0; k < p; k++) variance[j * p + k] = variance[j * p + k]! * scales[j]! * scales[k]!;
  }

  if (maxIterations > 1) {
    // coxph.fit: the size of one more Newton step, |U'V|, flags coefficients that may be infinite.
    const nextStep = new Float64Array(p);
    for (let k = 0; k < p; k++) {
      let value = 0;
      for (let j = 0; j < p; j++) value += score[j]! * variance[j * p + k]!;
      nextStep[k] = Math.abs(value);
    }
    if (!converged) {
      // The last evaluation was at the returned beta, so its eta is coxph.fit's linear predictor lp.
      const largestLinearPredictor = likelihood.linearPredictor.reduce((a, b) => Math.max(a, b), -Infinity);
      if (largestLinearPredictor > LARGE_LINEAR_PREDICTOR || nextStep.some((v) => !Number.isFinite(v))) {
        warnings.push('One or more coefficients may be infinite.');
      }
    } else {
      const infinite: number[] = [];
      const toleranceInfinite = Math.sqrt(tolerance);
      for (let j = 0; j < p; j++) {
        const v = nextStep[j]!;
        if (!Number.isFinite(score[j]) || (v > tolerance && v > toleranceInfinite * Math.abs(beta[j]!))) infinite.push(j);
      }
      if (infinite.length > 0) {
        converged = false;
        warnings.push(
          `Loglik converged before variable ${infinite.map((j) => terms[j]).join(', ')}; coefficient may be infinite.`,
        );
      }
    }
  }

  return { beta, variance, logLikInitial, logLikFinal: bestLogLik, scoreTest, iterations, converged, warnings };
}

/** coxph.wtest: beta' V^-1 beta over the estimable coefficients, V^-1 through the generalized Cholesky. */
function waldTest(beta: Float64Array, variance: Float64Array, estimable: boolean[]): number {
  const p = beta.length;
  const kept = estimable.flatMap((ok, j) => (ok ? [j] : []));
  const m = kept.length;
  if (m === 0) return 0;
  const subVariance = new Float64Array(m * m);
  const subBeta = new Float64Array(m);
  kept.forEach((j, a) => {
    subBeta[a] = beta[j]!;
    kept.forEach((k, b) => (subVariance[a * m + b] = variance[j * p + k]!));
  });
  const { solution } = solveSymmetric(subVariance, m, subBeta, CHOLESKY_TOLERANCE);
  let statistic = 0;
  for (let a = 0; a < m; a++) statistic += subBeta[a]! * solution[a]!;
  return statistic;
}

function chiSquareTest(statistic: number, df: number): CoxTest {
  return { chisq: statistic, df, p: df > 0 && Number.isFinite(statistic) ? chiSquareUpperTail(statistic, df) : null };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * Harrell's C of the linear predictor with its infinitesimal-jackknife standard error, as
 * concordancefit(y, lp, strata, reverse = TRUE, timefix = FALSE): see the header. Two walks over the tie
 * groups of each stratum: backwards, each event against the subjects still at risk (later times, and those
 * censored at its time); forwards, each subject against the events before it (and, if censored, at its time).
 */
function concordanceOfLinearPredictor(
  design: SortedDesign,
  data: ValidatedInput,
  coefficients: Float64Array,
): { concordance: number | null; standardError: number | null } {
  const { n, order, status, groupStart, groupCount, groupEndsStratum } = design;
  const { stratumCodes } = data;

  // lp = X beta - sum_j beta_j mean_j, accumulated column by column as R's X %*% beta.
  let centreOffset = 0;
  coefficients.forEach((beta, j) => (centreOffset += beta * design.means[j]!));
  const linearPredictor = new Float64Array(n);
  data.columns.forEach((column, j) => {
    const beta = coefficients[j]!;
    for (let i = 0; i < n; i++) linearPredictor[i] = linearPredictor[i]! + column[i]! * beta;
  });
  for (let i = 0; i < n; i++) {
    linearPredictor[i] = linearPredictor[i]! - centreOffset;
    if (Number.isNaN(linearPredictor[i])) return { concordance: null, standardError: null };
  }

  // Rank (1-based) of each score among the distinct scores of its stratum.
  const { order: byScore, sorted } = sortAscending(linearPredictor);
  const rankOfRow = new Int32Array(n);
  const distinctInStratum = new Int32Array(data.stratumCount);
  if (stratumCodes === null) {
    let rank = 0;
    for (let k = 0; k < n; k++) {
      if (k === 0 || sorted[k] !== sorted[k - 1]) rank++;
      rankOfRow[byScore[k]!] = rank;
    }
    distinctInStratum[0] = rank;
  } else {
    const byStratumAndScore = countingSort(byScore, stratumCodes, data.stratumCount);
    let rank = 0;
    for (let k = 0; k < n; k++) {
      const row = byStratumAndScore[k]!;
      const previous = k > 0 ? byStratumAndScore[k - 1]! : 0;
      if (k === 0 || stratumCodes[row] !== stratumCodes[previous]) rank = 1;
      else if (linearPredictor[row] !== linearPredictor[previous]) rank++;
      rankOfRow[row] = rank;
      distinctInStratum[stratumCodes[row]!] = rank;
    }
  }
  const scoreRank = new Int32Array(n);
  for (let i = 0; i < n; i++) scoreRank[i] = rankOfRow[order[i]!]!;
  const stratumSize = (g: number): number =>
    distinctInStratum[stratumCodes === null ? 0 : stratumCodes[order[groupStart[g]!]!]!]!;

  // Per subject (sorted position): c_i - d_i and c_i + d_i + t_i over the comparable pairs that contain it.
  const balance = new Float64Array(n);
  const pairCount = new Float64Array(n);
  let concordant = 0;
  let discordant = 0;
  let tiedScore = 0;

  const atRisk = new FenwickTree(distinctInStratum.reduce((a, b) => Math.max(a, b), 0));
  for (let g = groupCount - 1; g >= 0; g--) {
    if (groupEndsStratum[g] === 1) atRisk.reset(stratumSize(g));
    const first = groupStart[g]!;
    const end = groupStart[g + 1]!;
    for (let i = first; i < end; i++) if (status[i] === 0) atRisk.add(scoreRank[i]!);
    for (let i = first; i < end; i++) {
      if (status[i] === 0) continue;
      const position = scoreRank[i]!;
      const lowerOrEqual = atRisk.countUpTo(position);
      const equal = atRisk.countAt(position);
      const lower = lowerOrEqual - equal; // the event has the higher risk score: concordant
      const higher = atRisk.total - lowerOrEqual;
      concordant += lower;
      discordant += higher;
      tiedScore += equal;
      balance[i] = balance[i]! + lower - higher;
      pairCount[i] = pairCount[i]! + atRisk.total;
    }
    for (let i = first; i < end; i++) if (status[i] === 1) atRisk.add(scoreRank[i]!);
  }

  const earlierEvents = atRisk;
  for (let g = 0; g < groupCount; g++) {
    if (g === 0 || groupEndsStratum[g - 1] === 1) earlierEvents.reset(stratumSize(g));
    const first = groupStart[g]!;
    const end = groupStart[g + 1]!;
    for (let pass = 1; pass >= 0; pass--) {
      // Events at this time meet only earlier events; censored subjects also meet the events at their time.
      for (let i = first; i < end; i++) {
        if (status[i] !== pass) continue;
        const position = scoreRank[i]!;
        const lowerOrEqual = earlierEvents.countUpTo(position);
        const higher = earlierEvents.total - lowerOrEqual; // the event has the higher risk score: concordant
        const lower = lowerOrEqual - earlierEvents.countAt(position);
        balance[i] = balance[i]! + higher - lower;
        pairCount[i] = pairCount[i]! + earlierEvents.total;
      }
      if (pass === 1) for (let i = first; i < end; i++) if (status[i] === 1) earlierEvents.add(scoreRank[i]!);
    }
  }

  const pairs = concordant + discordant + tiedScore;
  if (pairs === 0) return { concordance: null, standardError: null };
  const somersD = (concordant - discordant) / pairs;
  let sumOfSquares = 0;
  for (let i = 0; i < n; i++) {
    const influence = balance[i]! - somersD * pairCount[i]!;
    sumOfSquares += influence * influence;
  }
  return {
    concordance: (concordant + tiedScore / 2) / pairs,
    standardError: Math.sqrt(sumOfSquares) / (2 * pairs),
  };
}

/**
 * Counts of values 1..size with "how many <= k" in O(log size) (Fenwick 1994, Software: Practice and
 * Experience 24:327). reset() costs O(previous size + 1), so resetting once per stratum is O(n) in all.
 */
class FenwickTree {
  private readonly tree: Int32Array;
  private readonly counts: Int32Array;
  private size = 0;
  total = 0;

  constructor(capacity: number) {
    this.tree = new Int32Array(capacity + 1);
    this.counts = new Int32Array(capacity + 1);
  }

  /** Empties the tree and lets it hold the values 1..size (size <= capacity). */
  reset(size: number): void {
    this.tree.fill(0, 0, this.size + 1);
    this.counts.fill(0, 0, this.size + 1);
    this.size = size;
    this.total = 0;
  }

  add(position: number): void {
    this.total++;
    this.counts[position]!++;
    for (let k = position; k <= this.size; k += k & -k) this.tree[k]!++;
  }

  countUpTo(position: number): number {
    let sum = 0;
    for (let k = position; k > 0; k -= k & -k) sum += this.tree[k]!;
    return sum;
  }

  countAt(position: number): number {
    return this.counts[position]!;
  }
}
