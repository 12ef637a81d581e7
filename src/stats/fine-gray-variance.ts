/**
 * crr's sandwich variance of the Fine–Gray coefficients, V = I^-1 Sigma I^-1, with Sigma = sum_i
 * (eta_i + psi_i)(eta_i + psi_i)' the score variance of Fine & Gray (1999, JASA 94:496-509, §3 and
 * the appendix) that accounts for estimating the censoring distribution G, as cmprsk 2.2-11
 * src/crr.f (crrvv) computes it (docs/statistics-spec.md §12). crrvv rescans every row at every
 * failure and censoring time (O(n^2) and worse); here every sum below is a prefix or suffix sum over
 * the failure times, so one forward sweep gives Sigma in O(n p^2).
 *
 * With the failure times t_k of the cause of interest (d_k failures, S_0k, mean xbar_k = S_1k/S_0k,
 * G_k = G(t_k-) from fine-gray-likelihood.ts), r_i = exp(x_i'b), G_i = G(t_i-):
 *   eta_i = [i fails at t_i] (x_i - xbar(t_i))
 *         - r_i sum_{t_k <= t_i} (d_k / S_0k) (x_i - xbar_k)
 *         - [i competing] (r_i / G_i) sum_{t_k > t_i} (G_k d_k / S_0k) (x_i - xbar_k)
 *     (the martingale part of subject i's score: dN_i minus its share of every risk set it is in);
 *   q(s) = sum_{t_k >= s} (G_k d_k / S_0k) sum_{competing j, t_j < s} (r_j / G_j) (x_j - xbar_k)
 *        = B_1(s) E_0(s) - B_0(s) E_1(s),
 *     B_m(s) = sum_{competing j, t_j < s} (r_j / G_j) x_j^(m),  E_m(s) = sum_{t_k >= s} G_k d_k xbar_k^(m) / S_0k;
 *   psi_i = [i censored] q(t_i) / Y(t_i) - sum_{censoring times u <= t_i} c_u q(u) / Y(u)^2
 *     (the integral of q / Y against the censoring martingale of subject i; Y(u) = rows with
 *     t >= u, c_u = censorings at u).
 * I is the information at b (the same matrix crrvv recomputes); its inverse is the generalized
 * Cholesky inverse (redundant columns get zero rows, so their variance is 0).
 */
import { CENSORED, COMPETING_FAILURE, FAILURE_OF_INTEREST, type CompetingRisksData } from './fine-gray-data.js';
import type { FineGrayLikelihood } from './fine-gray-likelihood.js';
import { choleskyInvert } from './linear-algebra.js';

/**
 * V = I^-1 Sigma I^-1 (p x p, row-major) at the b of the likelihood's last full evaluation;
 * `informationFactor` is that information decomposed by choleskyDecompose.
 */
export function sandwichVariance(
  data: CompetingRisksData,
  likelihood: FineGrayLikelihood,
  informationFactor: Float64Array,
): Float64Array {
  const p = data.variableCount;
  const scoreVariance = fineGrayScoreVariance(data, likelihood);
  const inverse = new Float64Array(p * p);
  choleskyInvert(informationFactor, p, inverse);
  const product = new Float64Array(p * p); // I^-1 Sigma
  for (let j = 0; j < p; j++) {
    for (let m = 0; m < p; m++) {
      let value = 0;
      for (let k = 0; k < p; k++) value += inverse[j * p + k]! * scoreVariance[k * p + m]!;
      product[j * p + m] = value;
    }
  }
  const variance = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let m = 0; m < p; m++) {
      let value = 0;
      for (let k = 0; k < p; k++) value += product[j * p + k]! * inverse[k * p + m]!;
      variance[j * p + m] = value;
    }
  }
  return variance;
}

/** Sigma = sum_i (eta_i + psi_i)(eta_i + psi_i)' of the header, p x p row-major. */
function fineGrayScoreVariance(data: CompetingRisksData, likelihood: FineGrayLikelihood): Float64Array {
  const { n, x, cause, censoringWeight, inverseCensoringWeight, groupStart, groupCount, groupFailures, failureTimeCount } = data;
  const p = data.variableCount;
  const { risk, riskSetTotal, riskSetMean } = likelihood;
  const failuresAt = new Float64Array(failureTimeCount);
  const weightAt = new Float64Array(failureTimeCount);
  for (let g = 0, k = 0; g < groupCount; g++) {
    if (groupFailures[g]! === 0) continue;
    failuresAt[k] = groupFailures[g]!;
    weightAt[k] = censoringWeight[groupStart[g]!]!;
    k++;
  }

  // E_0, E_1 over t_k >= t_K', for K' = 0 .. K (suffix sums, built from the last failure time back).
  const laterTotal = new Float64Array(failureTimeCount + 1);
  const laterMean = new Float64Array((failureTimeCount + 1) * p);
  for (let k = failureTimeCount - 1; k >= 0; k--) {
    const jump = (weightAt[k]! * failuresAt[k]!) / riskSetTotal[k]!;
    laterTotal[k] = laterTotal[k + 1]! + jump;
    for (let j = 0; j < p; j++) laterMean[k * p + j] = laterMean[(k + 1) * p + j]! + jump * riskSetMean[k * p + j]!;
  }

  const sigma = new Float64Array(p * p);
  let hazardTotal = 0; // C_0 = sum_{t_k <= t} d_k / S_0k
  const hazardMean = new Float64Array(p); // C_1 = sum_{t_k <= t} d_k xbar_k / S_0k
  let competingTotal = 0; // B_0(s)
  const competingSum = new Float64Array(p); // B_1(s)
  const censoringTerm = new Float64Array(p); // -sum_{u <= t} c_u q(u) / Y(u)^2
  const q = new Float64Array(p);
  const influence = new Float64Array(p);
  let failureTime = 0; // failure times before the current group
  for (let g = 0; g < groupCount; g++) {
    const start = groupStart[g]!;
    const end = groupStart[g + 1]!;
    const atRisk = n - start;
    const failureHere = groupFailures[g]! > 0;
    const later = failureTime; // E(s): failure times t_k >= s
    if (failureHere) {
      const jump = failuresAt[failureTime]! / riskSetTotal[failureTime]!;
      hazardTotal += jump;
      for (let j = 0; j < p; j++) hazardMean[j] = hazardMean[j]! + jump * riskSetMean[failureTime * p + j]!;
    }
    const after = failureHere ? failureTime + 1 : failureTime; // D(t): failure times t_k > t

    let censorings = 0;
    for (let i = start; i < end; i++) if (cause[i] === CENSORED) censorings++;
    if (censorings > 0) {
      for (let j = 0; j < p; j++) {
        q[j] = competingSum[j]! * laterTotal[later]! - competingTotal * laterMean[later * p + j]!;
        censoringTerm[j] = censoringTerm[j]! - (censorings * q[j]!) / (atRisk * atRisk);
      }
    }

    for (let i = start; i < end; i++) {
      const r = risk[i]!;
      const rowCause = cause[i]!;
      const competingWeight = rowCause === COMPETING_FAILURE ? r * inverseCensoringWeight[i]! : 0;
      for (let j = 0; j < p; j++) {
        const xij = x[i * p + j]!;
        let value = censoringTerm[j]! - r * (xij * hazardTotal - hazardMean[j]!);
        if (rowCause === FAILURE_OF_INTEREST) value += xij - riskSetMean[failureTime * p + j]!;
        else if (rowCause === CENSORED) value += q[j]! / atRisk;
        else value -= competingWeight * (xij * laterTotal[after]! - laterMean[after * p + j]!);
        influence[j] = value;
      }
      for (let j = 0; j < p; j++) {
        for (let m = j; m < p; m++) sigma[j * p + m] = sigma[j * p + m]! + influence[j]! * influence[m]!;
      }
    }

    for (let i = start; i < end; i++) {
      if (cause[i] !== COMPETING_FAILURE) continue;
      const w = risk[i]! * inverseCensoringWeight[i]!;
      competingTotal += w;
      for (let j = 0; j < p; j++) competingSum[j] = competingSum[j]! + w * x[i * p + j]!;
    }
    if (failureHere) failureTime++;
  }
  for (let j = 0; j < p; j++) for (let m = 0; m < j; m++) sigma[j * p + m] = sigma[m * p + j]!;
  return sigma;
}
