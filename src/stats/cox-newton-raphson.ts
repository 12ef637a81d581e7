/**
 * Newton-Raphson for the Cox partial likelihood with coxph's step-halving and stopping rules, step
 * for step as survival 3.5-3 src/coxfit6.c, and coxph.fit's checks for infinite coefficients
 * (R/coxph.fit.R; docs/statistics-spec.md §4.5-4.7).
 *
 *   b_0 = 0;  b_{m+1} = b_m + I(b_m)^- U(b_m)   (generalized Cholesky inverse, linear-algebra.ts)
 *   a step whose log-likelihood is not finite or is lower than the best so far is pulled back,
 *     b_new = (b_new + h b)/(h + 1), h = 1, 2, ...;
 *   converged when |1 - l_best / l_new| <= tolerance (coxph.control eps, 1e-9), at most
 *   maxIterations (iter.max, 20) iterations; score test U(0)' I(0)^- U(0) from the first step.
 * Conventions:
 *   - toler.chol = eps^0.75: a redundant column (constant, collinear) keeps b = 0 and a zero variance.
 *   - After convergence a coefficient whose next step |U'V|_j exceeds both tolerance and
 *     sqrt(tolerance) |beta_j| (or whose score is not finite) may be infinite (monotone likelihood):
 *     R's estimates are returned as they are, with converged: false and R's warning.
 *   - Out of iterations: converged: false and a warning. With maxIterations >= 2, R then evaluates the
 *     information at the last accepted b and passes it to chinv2 without refactoring it, so its
 *     variance is diag(1 / I_jj); reproduced. With maxIterations = 1 the variance is the inverse
 *     information of the last step tried, as in R. R's `iter` is then maxIterations + 1, as here.
 *     maxIterations = 0 returns b = 0 and I(0)^- with a warning.
 * Results are returned on the original scale: beta_j = b_j s_j, V_jk = v_jk s_j s_k, U_j = u_j / s_j.
 */
import type { SortedDesign } from './cox-design.js';
import { PartialLikelihood } from './cox-partial-likelihood.js';
import { choleskyDecompose, choleskyInvert, choleskySolve } from './linear-algebra.js';

/** coxph.control()$toler.chol = .Machine$double.eps^0.75, the singularity threshold of the Cholesky pivots. */
export const CHOLESKY_TOLERANCE = Number.EPSILON ** 0.75;
/** coxph.fit's "max(lp) > 500" test for possibly infinite coefficients after running out of iterations. */
const LARGE_LINEAR_PREDICTOR = 500;

export type CoxTies = 'efron' | 'breslow';

export interface CoxFitSettings {
  ties: CoxTies;
  maxIterations: number;
  tolerance: number;
}

export interface CoxFit {
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
export function fitNewtonRaphson(design: SortedDesign, settings: CoxFitSettings, terms: readonly string[]): CoxFit {
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
