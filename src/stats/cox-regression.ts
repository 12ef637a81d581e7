/**
 * Cox proportional-hazards regression, as R's survival::coxph (survival 3.5-3) with summary.coxph.
 *
 * Model: hazard h(t | x) = h0_s(t) exp(x'beta), one baseline hazard h0_s per stratum s, fitted by
 * maximising the partial likelihood. The parts, one file each:
 *   survival-data.ts          validation, timefix, the sort by (stratum, time), factor coding of strata
 *   counting-process-times.ts (start, stop] times of counting-process data, timefixed together
 *   cox-design.ts             centring and scaling of the covariates, tie groups, case weights, entry order
 *   cox-partial-likelihood.ts l, U, I at beta; Breslow ties (and single deaths); (start, stop] risk sets
 *   cox-efron-ties.ts         Efron's approximation for tied deaths
 *   cox-newton-raphson.ts     the iteration, step-halving, convergence, singular and infinite coefficients
 *   cox-score-residuals.ts    score residuals; cox-robust-variance.ts the sandwich variance and robust score test
 *   concordance.ts            Harrell's C and its standard error
 * Counting-process data (start given): risk set at t = rows with start < t <= stop (agreg.fit, agfit4.c).
 * Case weights multiply each row's contribution; nEvent is the unweighted count of events. The fit is
 * robust (coxph's default) when a cluster is given or any weight is not an integer (then each row is its
 * own cluster): `se` stays model-based, `robustSe` is the sandwich se, and z, p, the confidence limits and
 * the Wald test use the robust variance; `score` stays the model-based score test, `robustScore` is
 * summary.coxph's robscore; the concordance's se sums its influence within cluster (concordancefit(cluster)).
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
 * Known difference: out of iterations, agfit4.c (counting process) inverts the refactored information at the
 * last good beta where coxfit6.c leaves diag(1 / I_jj); this engine follows coxfit6.c in both cases.
 * Sources: survival 3.5-3 src/coxfit6.c, src/agfit4.c, R/coxph.fit.R, R/agreg.fit.R, R/coxph.R and R/coxph.wtest.R (Wald test),
 * R/summary.coxph.R (tables and tests), R/concordance.R; Therneau & Grambsch (2000) Modeling
 * Survival Data, §3.3; docs/statistics-spec.md §4 and §13.
 */
import { concordanceOfLinearPredictor } from './concordance.js';
import { prepareCoxData, type CoxRegressionInput } from './cox-data.js';
import { CHOLESKY_TOLERANCE, fitNewtonRaphson, type CoxFitSettings, type CoxTies } from './cox-newton-raphson.js';
import { chiSquareUpperTail, normalQuantile } from './distributions.js';
import { StatsInputError } from './errors.js';
import { checkConfLevel, checkMaxIterations, checkTolerance } from './regression-options.js';
import { robustVariance } from './cox-robust-variance.js';
import { solveSymmetric } from './linear-algebra.js';

export type { CoxTies } from './cox-newton-raphson.js';
export type { CoxRegressionInput } from './cox-data.js';


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

/** Per-term estimates of a proportional-hazards regression (Cox, Fine–Gray, the distributed Cox fit); null where a term is not estimable. */
export interface TermEstimates {
  coef: (number | null)[];
  hazardRatio: (number | null)[];
  se: (number | null)[];
  z: (number | null)[];
  p: (number | null)[];
  hrLower: (number | null)[];
  hrUpper: (number | null)[];
}

export interface CoxRegressionResult extends TermEstimates {
  terms: string[];
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
  /** The tie method of the fit. */
  ties: CoxTies;
  /** Robust fits only (cluster, or non-integer weights): the sandwich standard errors (se stays model-based). */
  robustSe?: (number | null)[];
  /** Robust fits only: summary.coxph's robscore, the robust score test at beta = 0. */
  robustScore?: CoxTest;
}

/** coxph.control(): eps, iter.max. */
const DEFAULT_TOLERANCE = 1e-9;
const DEFAULT_MAX_ITERATIONS = 20;
const DEFAULT_CONF_LEVEL = 0.95;

export function coxRegression(input: CoxRegressionInput, options: CoxRegressionOptions = {}): CoxRegressionResult {
  const settings = validateOptions(options);
  const { survival, design, terms, columns, weights, cluster } = prepareCoxData(input);
  const robust = cluster !== null || (weights !== null && weights.some((w) => w !== Math.floor(w)));
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
      ties: settings.ties,
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

  const robustFit = robust && estimable.some(Boolean)
    ? robustVariance(design, coefficients, fit.variance, cluster, settings.ties === 'efron')
    : null;
  // A robust fit's z, p, confidence limits and Wald test use the robust variance (summary.coxph).
  const testVariance = robustFit?.variance ?? fit.variance;
  const coef: (number | null)[] = [];
  const se: (number | null)[] = [];
  const robustSe: (number | null)[] = [];
  const z: (number | null)[] = [];
  const p: (number | null)[] = [];
  const hazardRatio: (number | null)[] = [];
  const hrLower: (number | null)[] = [];
  const hrUpper: (number | null)[] = [];
  for (let j = 0; j < variableCount; j++) {
    if (!estimable[j]) {
      coef.push(null); se.push(null); z.push(null); p.push(null); robustSe.push(null);
      hazardRatio.push(null); hrLower.push(null); hrUpper.push(null);
      continue;
    }
    const beta = coefficients[j]!;
    const standardError = Math.sqrt(testVariance[j * variableCount + j]!);
    const zValue = beta / standardError;
    coef.push(finiteOrNull(beta));
    se.push(finiteOrNull(Math.sqrt(fit.variance[j * variableCount + j]!)));
    robustSe.push(finiteOrNull(standardError));
    z.push(finiteOrNull(zValue));
    p.push(Number.isFinite(zValue) ? chiSquareUpperTail(zValue * zValue, 1) : null);
    hazardRatio.push(finiteOrNull(Math.exp(beta)));
    hrLower.push(finiteOrNull(Math.exp(beta - confidenceQuantile * standardError)));
    hrUpper.push(finiteOrNull(Math.exp(beta + confidenceQuantile * standardError)));
  }

  const df = estimable.filter(Boolean).length;
  const likelihoodRatioStatistic = 2 * (fit.logLikFinal - fit.logLikInitial);
  const waldStatistic = waldTest(coefficients, testVariance, estimable);
  const concordance = concordanceOfLinearPredictor(design, columns, survival.strata, coefficients, cluster);

  return {
    ...(robustFit === null ? {} : { robustSe, robustScore: chiSquareTest(robustFit.scoreTest, df) }),
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
    ties: settings.ties,
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
  const confLevel = checkConfLevel(options.confLevel ?? DEFAULT_CONF_LEVEL);
  const maxIterations = checkMaxIterations(options.maxIterations ?? DEFAULT_MAX_ITERATIONS);
  const tolerance = checkTolerance('tolerance', options.tolerance ?? DEFAULT_TOLERANCE);
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
