/**
 * The Fine–Gray subdistribution partial log-likelihood l(b), its score U and information I, as
 * cmprsk 2.2-11 src/crr.f (crrf, crrfsv) defines them, computed with running sums in one backward
 * sweep: O(n p^2) per evaluation after the sort, where crrfsv rescans all n rows at every failure
 * time (O(n^2)). Fine & Gray (1999), JASA 94:496-509, eq. (2); docs/statistics-spec.md §12.
 *
 * At a failure time t of the cause of interest (d failures there), with r_j = exp(x_j'b) and
 * G(t-) the censoring weight of fine-gray-data.ts, the risk set weights
 *   w_j(t) = 1                     if t_j >= t,
 *            G(t-) / G(t_j-)       if t_j < t and j failed from a competing cause,
 *            0                     otherwise (censored before t);
 *   S_k(t) = sum_j w_j(t) r_j x_j^(k)   (k = 0, 1, 2: the scalar, the vector, the outer product)
 *          = A_k(t) + G(t-) (B_k - B_k(>= t)),
 *   A_k(t) = sum_{t_j >= t} r_j x_j^(k)                     (grows as the sweep walks back),
 *   B_k    = sum_{competing j} r_j x_j^(k) / G(t_j-)       (the total, summed in the sweep's order,
 *   B_k(>= t) = the same sum over t_j >= t                   so that B_k - B_k(>= t) is exactly 0
 *                                                            before the first competing failure);
 *   l += sum_{i fails at t} x_i'b - d log S_0,   U += sum_i x_i - d S_1/S_0,
 *   I += d (S_2/S_0 - (S_1/S_0)(S_1/S_0)')     (Breslow form, no tie correction, as crr).
 * The centred covariates leave l, U and I unchanged in exact arithmetic (fine-gray-data.ts).
 * A full evaluation also records, per failure time in ascending order, S_0 and the weighted mean
 * S_1/S_0, which the sandwich variance (fine-gray-variance.ts) reuses.
 * Storage: I is p x p row-major, full; the second moments are accumulated packed (upper triangle).
 */
import { COMPETING_FAILURE, FAILURE_OF_INTEREST, type CompetingRisksData } from './fine-gray-data.js';

export class FineGrayLikelihood {
  readonly score: Float64Array;
  readonly information: Float64Array;
  /** exp(x_i'b) by sorted position, from the last full evaluation. */
  readonly risk: Float64Array;
  /** S_0 at each failure time (ascending), from the last full evaluation. */
  readonly riskSetTotal: Float64Array;
  /** S_1/S_0 at each failure time (ascending), failureTime * p + j, from the last full evaluation. */
  readonly riskSetMean: Float64Array;
  private readonly trialRisk: Float64Array;
  private readonly atRiskSums: Float64Array;
  private readonly competingTotals: Float64Array;
  private readonly competingLater: Float64Array;
  private readonly moments: Float64Array;

  constructor(private readonly data: CompetingRisksData) {
    const p = data.variableCount;
    /** Per sum: [S_0, S_1 (p), S_2 (packed upper triangle, p (p + 1) / 2)]. */
    const width = 1 + p + (p * (p + 1)) / 2;
    this.score = new Float64Array(p);
    this.information = new Float64Array(p * p);
    this.risk = new Float64Array(data.n);
    this.trialRisk = new Float64Array(data.n);
    this.riskSetTotal = new Float64Array(data.failureTimeCount);
    this.riskSetMean = new Float64Array(data.failureTimeCount * p);
    this.atRiskSums = new Float64Array(width);
    this.competingTotals = new Float64Array(width);
    this.competingLater = new Float64Array(width);
    this.moments = new Float64Array(width);
  }

  /** l(b), with U, I and the per-failure-time moments written into this object's arrays. */
  evaluate(beta: Float64Array): number {
    return this.sweep(beta, this.risk, true);
  }

  /** l(b) alone (crrf), leaving the arrays of the last full evaluation untouched. */
  logLikelihood(beta: Float64Array): number {
    return this.sweep(beta, this.trialRisk, false);
  }

  private sweep(beta: Float64Array, risk: Float64Array, derivatives: boolean): number {
    const { n, x, cause, inverseCensoringWeight, censoringWeight, groupStart, groupCount, groupFailures } = this.data;
    const p = this.data.variableCount;
    const { atRiskSums, competingTotals, competingLater, moments, score, information } = this;
    const width = derivatives ? atRiskSums.length : 1;
    atRiskSums.fill(0);
    competingTotals.fill(0);
    competingLater.fill(0);

    // r_i, the failures' share of l and U, and B_k, summed in the order of the backward sweep
    // below so that B_k - B_k(>= t) cancels exactly.
    let logLik = 0;
    if (derivatives) score.fill(0);
    for (let i = n - 1; i >= 0; i--) {
      let eta = 0;
      for (let j = 0; j < p; j++) eta += beta[j]! * x[i * p + j]!;
      const r = Math.exp(eta);
      risk[i] = r;
      const rowCause = cause[i]!;
      if (rowCause === FAILURE_OF_INTEREST) {
        logLik += eta;
        if (derivatives) for (let j = 0; j < p; j++) score[j] = score[j]! + x[i * p + j]!;
      } else if (rowCause === COMPETING_FAILURE) {
        addMoments(competingTotals, width, x, i, p, r * inverseCensoringWeight[i]!);
      }
    }

    if (derivatives) information.fill(0);
    let failureTime = this.data.failureTimeCount;
    for (let g = groupCount - 1; g >= 0; g--) {
      const start = groupStart[g]!;
      for (let i = groupStart[g + 1]! - 1; i >= start; i--) {
        addMoments(atRiskSums, width, x, i, p, risk[i]!);
        if (cause[i] === COMPETING_FAILURE) addMoments(competingLater, width, x, i, p, risk[i]! * inverseCensoringWeight[i]!);
      }
      const failures = groupFailures[g]!;
      if (failures === 0) continue;
      failureTime--;
      const weight = censoringWeight[start]!;
      for (let k = 0; k < width; k++) {
        moments[k] = atRiskSums[k]! + weight * (competingTotals[k]! - competingLater[k]!);
      }
      const total = moments[0]!;
      logLik -= failures * Math.log(total);
      if (!derivatives) continue;
      this.riskSetTotal[failureTime] = total;
      const mean = this.riskSetMean;
      const offset = failureTime * p;
      for (let j = 0; j < p; j++) {
        mean[offset + j] = moments[1 + j]! / total;
        score[j] = score[j]! - failures * mean[offset + j]!;
      }
      let q = 1 + p;
      for (let j = 0; j < p; j++) {
        for (let m = j; m < p; m++, q++) {
          const increment = failures * (moments[q]! / total - mean[offset + j]! * mean[offset + m]!);
          information[j * p + m] = information[j * p + m]! + increment;
        }
      }
    }
    if (derivatives) {
      for (let j = 0; j < p; j++) for (let m = 0; m < j; m++) information[j * p + m] = information[m * p + j]!;
    }
    return logLik;
  }
}

/** sums += w [1, x_i, x_i x_i' (packed upper triangle)], the first `width` entries only. */
function addMoments(sums: Float64Array, width: number, x: Float64Array, i: number, p: number, w: number): void {
  sums[0] = sums[0]! + w;
  if (width === 1) return;
  const row = i * p;
  let q = 1 + p;
  for (let j = 0; j < p; j++) {
    const wx = w * x[row + j]!;
    sums[1 + j] = sums[1 + j]! + wx;
    for (let m = j; m < p; m++, q++) sums[q] = sums[q]! + wx * x[row + m]!;
  }
}
