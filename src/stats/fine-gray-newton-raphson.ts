/**
 * crr's Newton–Raphson for the Fine–Gray likelihood, step for step as cmprsk 2.2-11 R/cmprsk.R (crr;
 * docs/statistics-spec.md §12). crr minimises f = -l, so its score is -U and its Hessian I:
 *
 *   b = 0; for iteration = 0 .. maxIterations:
 *     (l, U, I) at b;
 *     converged when max_j |U_j| max(|b_j|, 1) < max(|l|, 1) gtol           (gtol 1e-6);
 *     out of iterations when iteration = maxIterations                       (maxiter 10);
 *     step s = I^-1 U, b' = b + s; backtracking (Armijo): while l(b') is NaN or
 *       -l(b') > -l(b) - 1e-4 s'U (s the current, halved step), halve s (stepf 0.5) and retry;
 *       when 20 halvings do not do, stop, not converged, keeping b;
 *     b = b'.
 * crr solves with LAPACK's LU and stops on a singular I; here the step uses the generalized Cholesky
 * of linear-algebra.ts (same solution when I is non-singular), so a redundant column (constant,
 * collinear) keeps b_j = 0, and its coefficient is reported as not estimable (fine-gray.ts).
 */
import type { FineGrayLikelihood } from './fine-gray-likelihood.js';
import { choleskyDecompose, choleskySolve } from './linear-algebra.js';

/** crr's defaults: gtol, maxiter. */
export const DEFAULT_GRADIENT_TOLERANCE = 1e-6;
export const DEFAULT_MAX_ITERATIONS = 10;
/** crr's backtracking: the factor stepf, Armijo's constant and the halving limit. */
const STEP_FACTOR = 0.5;
const SUFFICIENT_DECREASE = 1e-4;
const MAX_HALVINGS = 20;

export interface FineGraySettings {
  /** crr's maxiter: at most this many Newton steps (0: the coefficients stay 0). */
  maxIterations: number;
  /** crr's gtol. */
  gradientTolerance: number;
  /** The generalized Cholesky's singularity tolerance. */
  choleskyTolerance: number;
}

export interface FineGrayFit {
  beta: Float64Array;
  /** l(0) and l at the returned beta. */
  logLikInitial: number;
  logLikFinal: number;
  /** Newton steps taken. */
  iterations: number;
  converged: boolean;
  /** The backtracking gave up (20 halvings) before convergence. */
  lineSearchFailed: boolean;
  /** The information at the returned beta, decomposed by choleskyDecompose (F D F'). */
  informationFactor: Float64Array;
}

/**
 * Runs crr's iteration. On return the likelihood's last full evaluation is at the returned beta
 * (its risk, moments and information are those of the fit).
 */
export function fitFineGray(likelihood: FineGrayLikelihood, variableCount: number, settings: FineGraySettings): FineGrayFit {
  const p = variableCount;
  const { maxIterations, gradientTolerance, choleskyTolerance } = settings;
  const beta = new Float64Array(p);
  const trial = new Float64Array(p);
  const step = new Float64Array(p);
  const informationFactor = new Float64Array(p * p);
  const { score, information } = likelihood;

  let logLikInitial = 0;
  let logLik = 0;
  let iterations = 0;
  let converged = false;
  let lineSearchFailed = false;
  for (let iteration = 0; ; iteration++) {
    logLik = likelihood.evaluate(beta);
    if (iteration === 0) logLikInitial = logLik;
    informationFactor.set(information);
    choleskyDecompose(informationFactor, p, choleskyTolerance);
    let largestScore = 0;
    for (let j = 0; j < p; j++) largestScore = Math.max(largestScore, Math.abs(score[j]!) * Math.max(Math.abs(beta[j]!), 1));
    if (largestScore < Math.max(Math.abs(logLik), 1) * gradientTolerance) {
      converged = true;
      break;
    }
    if (iteration === maxIterations) break;

    step.set(score);
    choleskySolve(informationFactor, p, step);
    let halvings = 0;
    for (;;) {
      let expectedGain = 0;
      for (let j = 0; j < p; j++) {
        trial[j] = beta[j]! + step[j]!;
        expectedGain += step[j]! * score[j]!;
      }
      const trialLogLik = likelihood.logLikelihood(trial);
      if (!(Number.isNaN(trialLogLik) || -trialLogLik > -logLik - SUFFICIENT_DECREASE * expectedGain)) break;
      if (++halvings > MAX_HALVINGS) break;
      for (let j = 0; j < p; j++) step[j] = step[j]! * STEP_FACTOR;
    }
    if (halvings > MAX_HALVINGS) {
      lineSearchFailed = true;
      break;
    }
    beta.set(trial);
    iterations++;
  }
  return { beta, logLikInitial, logLikFinal: logLik, iterations, converged, lineSearchFailed, informationFactor };
}
