/**
 * Newton-Raphson for a Cox partial likelihood that is evaluated elsewhere (a federation's sites),
 * with the core's rules (cox-newton-raphson.ts, as survival 3.5-3 src/coxfit6.c and R/coxph.fit.R):
 *   b_0 = 0;  b_{m+1} = b_m + I(b_m)^- U(b_m)   (generalized Cholesky, toler.chol = eps^0.75);
 *   a step whose log-likelihood is not finite or is lower than the best is pulled back,
 *     b_new = (b_new + h b)/(h + 1), h = 1, 2, ...;
 *   converged when |1 - l_best / l_new| <= tolerance (1e-9), at most maxIterations (20);
 *   score test U(0)' I(0)^- U(0); out of iterations: converged false with the variance diag(1 / I_jj)
 *   of the information at the last accepted b, as coxfit6.c.
 * Each evaluation is one round trip to every site (WebDISCO, Lu et al. 2015, JAMIA 22:1212): the
 * number of round trips is (iterations + 1) x sites. The coefficients are on the original scale
 * (the core fits on centred and scaled columns; the Newton step is invariant under that affine
 * change, so the iterates agree up to round-off and to the singularity tolerance's scale).
 * Then the tests and intervals of coxph's summary: se = sqrt(V_jj), z, P = P(chi2_1 >= z^2),
 * hazard ratio exp(beta) with exp(beta +- z_{(1+c)/2} se), likelihood-ratio 2(l_final - l_initial),
 * Wald beta' V^- beta and the score test, each on the estimable terms' degrees of freedom.
 */
import { CHOLESKY_TOLERANCE } from './cox-newton-raphson.js';
import type { TermEstimates } from './cox-regression.js';
import { choleskyDecompose, choleskyInvert, choleskySolve, solveSymmetric } from './linear-algebra.js';
import { chiSquareUpperTail, normalQuantile } from './distributions.js';

/** l, U and I (p x p, row-major) at beta, summed over the sites. */
export interface LikelihoodEvaluation {
  logLikelihood: number;
  score: readonly number[];
  information: readonly number[];
}

export interface DistributedCoxSettings {
  maxIterations?: number;
  tolerance?: number;
  confLevel?: number;
}

export interface DistributedCoxTest { chisq: number; df: number; p: number | null }

export interface DistributedCoxFit extends TermEstimates {
  logLik: [number, number];
  iterations: number;
  /** Likelihood evaluations, each one round trip to every site. */
  evaluations: number;
  converged: boolean;
  likelihoodRatio: DistributedCoxTest;
  wald: DistributedCoxTest;
  score: DistributedCoxTest;
  warnings: string[];
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

function chiSquareTest(statistic: number, df: number): DistributedCoxTest {
  return { chisq: statistic, df, p: df > 0 && Number.isFinite(statistic) ? chiSquareUpperTail(statistic, df) : null };
}

export async function fitDistributedCox(
  terms: readonly string[],
  evaluate: (beta: Float64Array) => Promise<LikelihoodEvaluation>,
  settings: DistributedCoxSettings = {},
): Promise<DistributedCoxFit> {
  const p = terms.length;
  const maxIterations = settings.maxIterations ?? 20;
  const tolerance = settings.tolerance ?? 1e-9;
  const confLevel = settings.confLevel ?? 0.95;
  const beta = new Float64Array(p);
  const newBeta = new Float64Array(p);
  const step = new Float64Array(p);
  const variance = new Float64Array(p * p);
  const information = new Float64Array(p * p);
  const warnings: string[] = [];
  let evaluations = 0;
  const at = async (point: Float64Array) => {
    evaluations += 1;
    const value = await evaluate(point);
    information.set(value.information);
    return value;
  };

  const initial = await at(beta);
  const logLikInitial = initial.logLikelihood;
  step.set(initial.score);
  choleskyDecompose(information, p, CHOLESKY_TOLERANCE);
  choleskySolve(information, p, step);
  let scoreTest = 0;
  for (let j = 0; j < p; j++) scoreTest += initial.score[j]! * step[j]!;

  let bestLogLik = logLikInitial;
  let iterations = 0;
  let converged = false;
  for (let j = 0; j < p; j++) newBeta[j] = beta[j]! + step[j]!;
  let halving = 0;
  for (iterations = 1; iterations <= maxIterations; iterations++) {
    const value = await at(newBeta);
    const newLogLik = value.logLikelihood;
    choleskyDecompose(information, p, CHOLESKY_TOLERANCE);
    const finite = Number.isFinite(newLogLik) && value.score.every(Number.isFinite) && information.every(Number.isFinite);
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
      step.set(value.score);
      choleskySolve(information, p, step);
      for (let j = 0; j < p; j++) {
        beta[j] = newBeta[j]!;
        newBeta[j] = newBeta[j]! + step[j]!;
      }
    }
  }
  if (!converged) {
    bestLogLik = (await at(beta)).logLikelihood;
    for (let j = 0; j < p; j++) {
      const diagonal = information[j * p + j]!;
      variance[j * p + j] = diagonal > 0 ? 1 / diagonal : 0;
    }
    iterations = maxIterations + 1;
    warnings.push('Ran out of iterations and did not converge.');
  }

  const estimable = terms.map((_, j) => variance[j * p + j] !== 0);
  const redundant = terms.filter((_, j) => !estimable[j]);
  if (redundant.length > 0) warnings.push(`X matrix deemed to be singular; no coefficient for ${redundant.join(', ')}.`);
  const quantile = normalQuantile((1 + confLevel) / 2);
  const column = (value: (j: number, b: number, se: number) => number) => terms.map((_, j) => {
    if (!estimable[j]) return null;
    return finiteOrNull(value(j, beta[j]!, Math.sqrt(variance[j * p + j]!)));
  });
  const df = estimable.filter(Boolean).length;
  const kept = estimable.flatMap((ok, j) => (ok ? [j] : []));
  const keptVariance = new Float64Array(kept.length * kept.length);
  kept.forEach((j, a) => kept.forEach((k, b) => { keptVariance[a * kept.length + b] = variance[j * p + k]!; }));
  const keptBeta = Float64Array.from(kept.map((j) => beta[j]!));
  const { solution } = solveSymmetric(keptVariance, kept.length, keptBeta, CHOLESKY_TOLERANCE);
  const wald = kept.reduce((sum, _, a) => sum + keptBeta[a]! * solution[a]!, 0);
  return {
    coef: column((_, b) => b),
    se: column((_, __, se) => se),
    z: column((_, b, se) => b / se),
    p: column((_, b, se) => chiSquareUpperTail((b / se) ** 2, 1)),
    hazardRatio: column((_, b) => Math.exp(b)),
    hrLower: column((_, b, se) => Math.exp(b - quantile * se)),
    hrUpper: column((_, b, se) => Math.exp(b + quantile * se)),
    logLik: [logLikInitial, bestLogLik],
    iterations,
    evaluations,
    converged,
    likelihoodRatio: chiSquareTest(2 * (bestLogLik - logLikInitial), df),
    wald: chiSquareTest(wald, df),
    score: chiSquareTest(scoreTest, df),
    warnings,
  };
}
