/**
 * The proportional-hazards score test of a Cox fit, as survival 3.5-3's cox.zph(fit, transform)$table
 * (survival >= 3.0: the exact score test, not the pre-3.0 approximation from scaled Schoenfeld
 * residuals; R/cox.zph.R, src/zph1.c (right-censored), src/zph2.c (counting process); Grambsch &
 * Therneau (1994) Biometrika 81:515; docs/statistics-spec.md §14).
 *
 * For each covariate j the model is extended by gamma_j x_j g(t); the score test of gamma = 0 at
 * (beta^, 0). With the fit's linear predictor and case weights, per tie group at t (cox-partial-likelihood.ts):
 *   U_gamma = sum_t g(t) dU(t),   I = [[sum dI, sum g dI], [sum g dI, sum g^2 dI]]   (2p x 2p)
 * where g(t) is the transformed time centred at its mean over the event rows:
 *   km       1 - KM(t-), the Kaplan-Meier of all rows pooled (strata ignored; (start, stop] risk sets,
 *            no case weights), left-continuous
 *   identity t;   rank   rank(t) over all rows (ties averaged);   log   log t
 *   (t the stop time after timefix).
 * Term j: u = (0_p, U_gamma,j), chisq = u' I[k, k]^-1 u with k = (1..p, p + j), df 1 (covariates arrive
 * coded, one column per term). Global: u = (0_p, U_gamma), df p. p-value = P(chi2_df > chisq).
 * Coefficients that the fit left out (redundant columns) are dropped, as cox.zph drops NA coefficients.
 * The test is invariant to the centring and scaling of the covariates, so it is computed on the
 * design's scaled covariates. Solved by LU as R's solve(); a singular block gives null.
 */
import type { SortedDesign } from './cox-design.js';
import { PartialLikelihood, type TimeWeightedSums } from './cox-partial-likelihood.js';
import { prepareCoxData, type CoxRegressionInput } from './cox-data.js';
import { coxRegression, type CoxRegressionResult, type CoxTies } from './cox-regression.js';
import { chiSquareUpperTail } from './distributions.js';
import { StatsInputError } from './errors.js';
import { luSolve } from './linear-algebra.js';
import { sortAscending } from './radix-sort.js';

export type CoxZphTransform = 'km' | 'identity' | 'rank' | 'log';

export interface CoxZphOptions {
  /** Ties of the Cox fit (default "efron"). */
  ties?: CoxTies;
  transform?: CoxZphTransform;
}

export interface CoxZphTest {
  chisq: number | null;
  df: number;
  p: number | null;
}

export interface CoxZphResult {
  /** The tested terms: the fit's estimable coefficients. */
  terms: string[];
  chisq: (number | null)[];
  df: number[];
  p: (number | null)[];
  global: CoxZphTest;
  transform: CoxZphTransform;
}

const TRANSFORMS: readonly CoxZphTransform[] = ['km', 'identity', 'rank', 'log'];

/** Fits coxph(input, ties) and tests it: cox.zph(coxph(...), transform)$table. */
export function coxZph(input: CoxRegressionInput, options: CoxZphOptions = {}): CoxZphResult {
  const transform = readTransform(options.transform);
  const fit = coxRegression(input, { ties: options.ties ?? 'efron' });
  return coxZphOfFit(input, fit, transform);
}

/** cox.zph of a fit that coxRegression made from this same `input` (its coefficients and ties). */
export function coxZphOfFit(input: CoxRegressionInput, fit: CoxRegressionResult, transform: CoxZphTransform = 'km'): CoxZphResult {
  readTransform(transform);
  const terms = Object.keys(input.covariates);
  if (fit.terms.length !== terms.length || fit.terms.some((term, j) => term !== terms[j])) {
    throw new StatsInputError('fit', `was fitted on the covariates ${fit.terms.join(', ')}, not ${terms.join(', ')}`);
  }
  const kept = terms.filter((_, j) => fit.coef[j] !== null);
  if (kept.length === 0) throw new StatsInputError('fit', 'has no estimated coefficient to test');
  const keptCoefficients = fit.coef.filter((value): value is number => value !== null);
  const { design } = prepareCoxData({ ...input, covariates: Object.fromEntries(kept.map((term) => [term, input.covariates[term]!])) });
  const p = kept.length;
  const scaledBeta = Float64Array.from(keptCoefficients, (beta, a) => beta / design.scales[a]!);

  const packed = (p * (p + 1)) / 2;
  const sums: TimeWeightedSums = {
    timeWeight: centredTimeWeight(design, transform),
    score: new Float64Array(p),
    cross: new Float64Array(packed),
    squared: new Float64Array(packed),
  };
  const likelihood = new PartialLikelihood(design, fit.ties === 'efron');
  likelihood.evaluate(scaledBeta, sums);

  // The 2p x 2p information, full.
  const size = 2 * p;
  const information = new Float64Array(size * size);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      const q = (a * (a + 1)) / 2 + b;
      const entries: [number, number, number][] = [
        [a, b, likelihood.information[b * p + a]!],
        [a, p + b, sums.cross[q]!],
        [p + a, b, sums.cross[q]!],
        [p + a, p + b, sums.squared[q]!],
      ];
      for (const [row, column, value] of entries) {
        information[row * size + column] = value;
        information[column * size + row] = value;
      }
    }
  }
  const scoreTest = (indices: number[]): number | null => {
    const m = indices.length;
    const block = new Float64Array(m * m);
    const u = new Float64Array(m);
    indices.forEach((row, a) => {
      u[a] = row >= p ? sums.score[row - p]! : 0;
      indices.forEach((column, b) => (block[a * m + b] = information[row * size + column]!));
    });
    const solution = luSolve(block, m, u);
    if (solution === null) return null;
    let statistic = 0;
    for (let a = 0; a < m; a++) statistic += u[a]! * solution[a]!;
    return Number.isFinite(statistic) ? statistic : null;
  };
  const base = Array.from({ length: p }, (_, a) => a);
  const chisq = base.map((a) => scoreTest([...base, p + a]));
  const globalChisq = scoreTest([...base, ...base.map((a) => p + a)]);
  const upperTail = (statistic: number | null, df: number): number | null => (statistic === null ? null : chiSquareUpperTail(statistic, df));
  return {
    terms: kept,
    chisq,
    df: base.map(() => 1),
    p: chisq.map((statistic) => upperTail(statistic, 1)),
    global: { chisq: globalChisq, df: p, p: upperTail(globalChisq, p) },
    transform,
  };
}

function readTransform(transform: unknown): CoxZphTransform {
  const value = transform ?? 'km';
  if (!TRANSFORMS.includes(value as CoxZphTransform)) {
    throw new StatsInputError('options.transform', `must be one of ${TRANSFORMS.join(', ')}, got ${JSON.stringify(transform)}`);
  }
  return value as CoxZphTransform;
}

/** g(t) by sorted position, centred at its mean over the event rows (cox.zph's gtime). */
function centredTimeWeight(design: SortedDesign, transform: CoxZphTransform): Float64Array {
  const { n, time, status } = design;
  const g = new Float64Array(n);
  if (transform === 'identity') g.set(time);
  else if (transform === 'log') for (let i = 0; i < n; i++) g[i] = Math.log(time[i]!);
  else {
    const { order, sorted } = sortAscending(time);
    if (transform === 'rank') {
      for (let k = 0; k < n; ) {
        let end = k + 1;
        while (end < n && sorted[end] === sorted[k]) end++;
        const averageRank = (k + 1 + end) / 2;
        for (let q = k; q < end; q++) g[order[q]!] = averageRank;
        k = end;
      }
    } else {
      leftContinuousDistribution(design, order, sorted, g);
    }
  }
  let sum = 0;
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (status[i] === 1) {
      sum += g[i]!;
      events++;
    }
  }
  const mean = sum / events;
  for (let i = 0; i < n; i++) g[i] = g[i]! - mean;
  return g;
}

/**
 * 1 - KM(t-) at each row's stop time t, KM of all rows pooled with risk sets start < t <= stop
 * (survfitKM without weights; cox.zph's findInterval(..., left.open = TRUE)). `order`/`sorted`: the stop times sorted.
 */
function leftContinuousDistribution(design: SortedDesign, order: Uint32Array, sorted: Float64Array, out: Float64Array): void {
  const { n, status, start } = design;
  const sortedStart = start === null ? null : sortAscending(start).sorted;
  let survival = 1;
  let startsBefore = 0; // rows with start < t
  for (let k = 0; k < n; ) {
    const t = sorted[k]!;
    let end = k;
    let deaths = 0;
    while (end < n && sorted[end] === t) {
      deaths += status[order[end]!]!;
      out[order[end]!] = 1 - survival;
      end++;
    }
    if (deaths > 0) {
      let atRisk = n - k;
      if (sortedStart !== null) {
        while (startsBefore < n && sortedStart[startsBefore]! < t) startsBefore++;
        atRisk -= n - startsBefore;
      }
      survival *= 1 - deaths / atRisk;
    }
    k = end;
  }
}
