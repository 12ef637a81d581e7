/**
 * The Cox partial log-likelihood l(b), its score U = dl/db and information I = -d2l/db2 at b, on the
 * scaled design of cox-design.ts, walking the tie groups of each stratum from the latest time back
 * (survival 3.5-3 src/coxfit6.c; Therneau & Grambsch (2000), Modeling Survival Data, §3.3;
 * docs/statistics-spec.md §4.4).
 *
 * Per tie group of d deaths at time t (R = the risk set, rows of the stratum with time >= t; D = the
 * deaths at t), with eta_i = x_i'b, r_i = exp(eta_i):
 *   S0 = sum_R r_i,  S1 = sum_R r_i x_i,  S2 = sum_R r_i x_i x_i';   D0, D1, D2 the same sums over D
 *   every group:           l += sum_D eta_i,  U += sum_D x_i
 *   Breslow (and d = 1):   l -= d log S0,  U -= d S1/S0,  I += d (S2/S0 - S1 S1'/S0^2)
 *   Efron (d >= 2):        cox-efron-ties.ts
 * The censored rows of a time join S before its deaths are counted, its deaths after (coxfit6.c's
 * order of operations, kept so the sums round as R's do).
 * Storage: U and I on the scaled covariates; I is returned full (p x p row-major, upper triangle
 * written) for the Cholesky of linear-algebra.ts, accumulated packed (lower triangle, j >= k).
 */
import type { SortedDesign } from './cox-design.js';
import { addEfronTerms } from './cox-efron-ties.js';

/**
 * Evaluates the partial log-likelihood, its score U and information I at beta (scaled covariates),
 * writing U into `score` and the upper triangle of I into `information` (p x p, row-major).
 * All work arrays are allocated once.
 */
export class PartialLikelihood {
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
          logLik -= addEfronTerms(
            { score, information: informationPacked, riskSetXSum, riskSetXXSum, deathXSum, deathXXSum },
            deaths,
            riskSetWeightSum,
            deathWeightSum,
          );
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
}

/** sum1 += r x_i, sum2 += r x_i x_i' (packed lower triangle), x_ij = x[j * n + i]. */
export function addWeightedMoments(
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
