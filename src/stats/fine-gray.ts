/**
 * The Fine–Gray proportional subdistribution-hazards model for competing risks, as
 * cmprsk::crr(ftime = time, fstatus = status, cov1 = as.matrix(covariates), failcode, cencode, gtol,
 * maxiter) with crr's defaults (gtol = 1e-6, maxiter = 10; one censoring group) and summary.crr's table.
 *
 * Model: the subdistribution hazard of the cause of interest, lambda_1(t | x) = lambda_10(t) exp(x'b),
 * fitted by maximising the censoring-weighted partial likelihood of Fine & Gray (1999), JASA
 * 94:496-509. The parts, one file each:
 *   fine-gray-data.ts            sort, cause coding, censoring weights G(t-), centred covariates
 *   fine-gray-likelihood.ts      l, U, I at b with running sums (Breslow form, no tie correction)
 *   fine-gray-newton-raphson.ts  crr's iteration, backtracking and stopping rule
 *   fine-gray-variance.ts        crr's sandwich variance I^-1 Sigma I^-1, Sigma with the G term
 * Reported (test/golden/README.md, "fineGray"): se = sqrt(diag V), z = b/se, p = 2 Phi(-|z|) unrounded,
 * hazard ratio exp(b) with CI exp(b -/+ q se), q = qnorm((1 + confLevel)/2), logLik = [l(0), l(b^)]
 * (crr's loglik.null and loglik), n = rows.
 * Conventions:
 *   - No failure of the cause of interest: nothing to fit (crr stops in solve): coefficients null,
 *     logLik [0, 0], converged false, with a warning.
 *   - A redundant column (constant, collinear; the generalized Cholesky's tolerance eps^0.75, as
 *     coxph's toler.chol) gets null coefficient and statistics and a warning (crr stops in solve).
 *   - Not converged (10 iterations, or the backtracking gave up): the last estimates, converged false,
 *     a warning, as crr's converged = FALSE.
 *   - Non-finite outputs are null.
 * Sources: cmprsk 2.2-11 R/cmprsk.R (crr, summary.crr) and src/crr.f (crrf, crrfsv, crrvv);
 * docs/statistics-spec.md §12.
 */
import { readCovariateColumns } from './covariate-columns.js';
import { CHOLESKY_TOLERANCE } from './cox-newton-raphson.js';
import type { TermEstimates } from './cox-regression.js';
import { normalQuantile, normalTwoSidedP } from './distributions.js';
import { StatsInputError } from './errors.js';
import { checkConfLevel, checkMaxIterations, checkTolerance } from './regression-options.js';
import { prepareCompetingRisks } from './fine-gray-data.js';
import { FineGrayLikelihood } from './fine-gray-likelihood.js';
import { DEFAULT_GRADIENT_TOLERANCE, DEFAULT_MAX_ITERATIONS, fitFineGray } from './fine-gray-newton-raphson.js';
import { sandwichVariance } from './fine-gray-variance.js';
import { readColumn, readSurvivalTimes, type SurvivalColumn } from './survival-data.js';

export interface FineGrayInput {
  /** Follow-up time, >= 0. */
  time: SurvivalColumn;
  /** Status code per subject: `cencode` = censored, `failcode` = the failure of interest, any other number = a competing failure. */
  status: SurvivalColumn;
  /** Already coded numeric columns (dummies, interaction products), one value per subject. */
  covariates: Readonly<Record<string, ArrayLike<number>>>;
}

export interface FineGrayOptions {
  /** The status code of the failure of interest (crr's failcode, default 1). */
  failcode?: number;
  /** The status code of a censored subject (crr's cencode, default 0). */
  cencode?: number;
  confLevel?: number;
  /** crr's maxiter (default 10): at most this many Newton steps; 0 reports the score and variance at b = 0. */
  maxIterations?: number;
  /** crr's gtol (default 1e-6): converged when max_j |U_j| max(|b_j|, 1) < max(|l|, 1) gtol. */
  gradientTolerance?: number;
}

export interface FineGrayResult extends TermEstimates {
  terms: string[];
  /** Log partial likelihood at b = 0 and at the estimate. */
  logLik: [number, number];
  n: number;
  /** Failures of the cause of interest. */
  nEvent: number;
  /** Failures of any other cause. */
  nCompeting: number;
  /** Newton steps taken. */
  iterations: number;
  converged: boolean;
  warnings: string[];
}

const DEFAULT_FAILCODE = 1;
const DEFAULT_CENCODE = 0;
const DEFAULT_CONF_LEVEL = 0.95;

export function fineGray(input: FineGrayInput, options: FineGrayOptions = {}): FineGrayResult {
  const { failcode, cencode, confLevel, maxIterations, gradientTolerance } = validateOptions(options);
  const time = readSurvivalTimes('time', input.time);
  const n = time.length;
  const status = readStatus(input.status, n);
  const { names: terms, columns } = readCovariateColumns(input.covariates, n);
  const data = prepareCompetingRisks(time, status, failcode, cencode, columns);
  const p = terms.length;
  const nulls = (): null[] => terms.map(() => null);
  const counts = { n, nEvent: data.failureCount, nCompeting: data.competingCount };

  if (data.failureCount === 0) {
    return {
      terms, coef: nulls(), se: nulls(), z: nulls(), p: nulls(), hazardRatio: nulls(), hrLower: nulls(), hrUpper: nulls(),
      logLik: [0, 0], ...counts, iterations: 0, converged: false,
      warnings: [`No failures of the cause of interest (status ${failcode}): the coefficients cannot be estimated.`],
    };
  }

  const likelihood = new FineGrayLikelihood(data);
  const fit = fitFineGray(likelihood, p, { maxIterations, gradientTolerance, choleskyTolerance: CHOLESKY_TOLERANCE });
  const variance = sandwichVariance(data, likelihood, fit.informationFactor);
  const warnings: string[] = [];
  if (!fit.converged) {
    warnings.push(
      fit.lineSearchFailed
        ? 'The step-halving search found no better coefficients; the iteration stopped before convergence.'
        : `Ran out of iterations (${maxIterations}) and did not converge.`,
    );
  }
  const estimable = terms.map((_, j) => fit.informationFactor[j * p + j] !== 0);
  const redundant = terms.filter((_, j) => !estimable[j]);
  if (redundant.length > 0) {
    warnings.push(`The information matrix is singular (a constant or collinear covariate); no coefficient for ${redundant.join(', ')}.`);
  }

  const quantile = normalQuantile((1 + confLevel) / 2);
  const result: FineGrayResult = {
    terms, coef: [], se: [], z: [], p: [], hazardRatio: [], hrLower: [], hrUpper: [],
    logLik: [fit.logLikInitial, fit.logLikFinal], ...counts, iterations: fit.iterations, converged: fit.converged, warnings,
  };
  for (let j = 0; j < p; j++) {
    const beta = fit.beta[j]!;
    const standardError = Math.sqrt(variance[j * p + j]!);
    const zValue = beta / standardError;
    const ok = estimable[j]!;
    result.coef.push(ok ? finiteOrNull(beta) : null);
    result.se.push(ok ? finiteOrNull(standardError) : null);
    result.z.push(ok ? finiteOrNull(zValue) : null);
    result.p.push(ok && Number.isFinite(zValue) ? normalTwoSidedP(zValue) : null);
    result.hazardRatio.push(ok ? finiteOrNull(Math.exp(beta)) : null);
    result.hrLower.push(ok ? finiteOrNull(Math.exp(beta - quantile * standardError)) : null);
    result.hrUpper.push(ok ? finiteOrNull(Math.exp(beta + quantile * standardError)) : null);
  }
  return result;
}

function validateOptions(options: FineGrayOptions): Required<FineGrayOptions> {
  const failcode = options.failcode ?? DEFAULT_FAILCODE;
  const cencode = options.cencode ?? DEFAULT_CENCODE;
  if (typeof failcode !== 'number' || !Number.isFinite(failcode)) {
    throw new StatsInputError('options.failcode', `must be a finite number, got ${JSON.stringify(failcode)}`);
  }
  if (typeof cencode !== 'number' || !Number.isFinite(cencode)) {
    throw new StatsInputError('options.cencode', `must be a finite number, got ${JSON.stringify(cencode)}`);
  }
  if (failcode === cencode) {
    throw new StatsInputError('options.failcode', `must differ from cencode (both are ${failcode})`);
  }
  const confLevel = checkConfLevel(options.confLevel ?? DEFAULT_CONF_LEVEL);
  const maxIterations = checkMaxIterations(options.maxIterations ?? DEFAULT_MAX_ITERATIONS);
  const gradientTolerance = checkTolerance('gradientTolerance', options.gradientTolerance ?? DEFAULT_GRADIENT_TOLERANCE);
  return { failcode, cencode, confLevel, maxIterations, gradientTolerance };
}

/** Status codes: one finite number per time. */
function readStatus(value: unknown, n: number): Float64Array {
  const column = readColumn('status', value);
  if (column.length !== n) throw new StatsInputError('status', `has ${column.length} values for ${n} times`);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const code = column[i];
    if (typeof code !== 'number' || !Number.isFinite(code)) {
      throw new StatsInputError('status', `element ${i} is not a finite number (${String(code)})`);
    }
    status[i] = code;
  }
  return status;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
