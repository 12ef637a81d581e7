/**
 * Cox proportional-hazards regression, as R's survival::coxph (survival 3.5-3) with summary.coxph.
 *
 * Model: hazard h(t | x) = h0_s(t) exp(x'beta), one baseline hazard h0_s per stratum s, fitted by
 * maximising the partial likelihood. The parts, one file each:
 *   survival-data.ts          validation, timefix, the sort by (stratum, time), factor coding of strata
 *   cox-design.ts             centring and scaling of the covariates, tie groups
 *   cox-partial-likelihood.ts l, U, I at beta; Breslow ties (and single deaths)
 *   cox-efron-ties.ts         Efron's approximation for tied deaths
 *   cox-newton-raphson.ts     the iteration, step-halving, convergence, singular and infinite coefficients
 *   concordance.ts            Harrell's C and its standard error
 * Tests (df = number of estimable coefficients; docs/statistics-spec.md §4.8):
 *   likelihood ratio 2 (l(beta^) - l(0)); Wald beta^' V^-1 beta^ (V = I(beta^)^-1, coxph.wtest through the
 *   generalized Cholesky); score U(0)' I(0)^-1 U(0).
 *   Coefficient z = beta/se, p = P(chi2_1 > z^2), CI exp(beta -/+ q se), q = qnorm((1 + confLevel)/2).
 * Conventions (coxph's defaults): ties = "efron", eps = 1e-9, iter.max = 20, toler.chol = eps^0.75.
 *   - A redundant column gets a null coefficient with a warning and is left out of the df.
 *   - No events: no fit (coefficients null, logLik [0, 0]), as coxph.
 *   - Wald chi-square unrounded (summary.coxph prints and stores it rounded to 2 decimals; its p-value
 *     uses the unrounded value, as here). A test with 0 df has p = null (R gives 0).
 *   - Non-finite outputs (e.g. an infinite hazard ratio) are null.
 *
 * Sources: survival 3.5-3 src/coxfit6.c, R/coxph.fit.R, R/coxph.R and R/coxph.wtest.R (Wald test),
 * R/summary.coxph.R (tables and tests), R/concordance.R; Therneau & Grambsch (2000) Modeling
 * Survival Data, §3.3; docs/statistics-spec.md §4.
 */
import { concordanceOfLinearPredictor } from './concordance.js';
import { readCovariateColumns } from './covariate-columns.js';
import { buildSortedDesign } from './cox-design.js';
import { CHOLESKY_TOLERANCE, fitNewtonRaphson, type CoxFitSettings, type CoxTies } from './cox-newton-raphson.js';
import { chiSquareUpperTail, normalQuantile } from './distributions.js';
import { StatsInputError } from './errors.js';
import { solveSymmetric } from './linear-algebra.js';
import { prepareSurvivalData } from './survival-data.js';

export type { CoxTies } from './cox-newton-raphson.js';

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

export function coxRegression(input: CoxRegressionInput, options: CoxRegressionOptions = {}): CoxRegressionResult {
  const settings = validateOptions(options);
  const survival = prepareSurvivalData(input.time, input.event, { strata: { field: 'strata', value: input.strata } });
  const { names: terms, columns } = readCovariateColumns(input.covariates, survival.n);
  const design = buildSortedDesign(survival, columns);
  const variableCount = terms.length;
  const confidenceQuantile = normalQuantile((1 + settings.confLevel) / 2);

  if (design.eventCount === 0) {
    const nulls = (): null[] => terms.map(() => null);
    const emptyTest = (): CoxTest => ({ chisq: 0, df: 0, p: null });
    return {
      terms, coef: nulls(), hazardRatio: nulls(), se: nulls(), z: nulls(), p: nulls(), hrLower: nulls(), hrUpper: nulls(),
      logLik: [0, 0], iterations: 0, n: survival.n, nEvent: 0,
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
  const concordance = concordanceOfLinearPredictor(design, columns, survival.strata, coefficients);

  return {
    terms, coef, hazardRatio, se, z, p, hrLower, hrUpper,
    logLik: [fit.logLikInitial, fit.logLikFinal],
    iterations: fit.iterations,
    n: survival.n,
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

interface Settings extends CoxFitSettings {
  confLevel: number;
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
