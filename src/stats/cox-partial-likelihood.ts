/**
 * The Cox partial log-likelihood l(b), its score U = dl/db and information I = -d2l/db2 at b, on the
 * scaled design of cox-design.ts, walking the tie groups of each stratum from the latest time back
 * (survival 3.5-3 src/coxfit6.c; Therneau & Grambsch (2000), Modeling Survival Data, §3.3;
 * docs/statistics-spec.md §4.4).
 *
 * Per tie group of d deaths at time t (R = the risk set, rows of the stratum with time >= t, or for
 * counting-process data with start < t <= stop; D = the deaths at t), with eta_i = x_i'b, case
 * weight w_i (1 without weights), r_i = w_i exp(eta_i), W = sum_D w_i:
 *   S0 = sum_R r_i,  S1 = sum_R r_i x_i,  S2 = sum_R r_i x_i x_i';   D0, D1, D2 the same sums over D
 *   every group:           l += sum_D w_i eta_i,  U += sum_D w_i x_i
 *   Breslow (and d = 1):   l -= W log S0,  U -= W S1/S0,  I += W (S2/S0 - S1 S1'/S0^2)
 *   Efron (d >= 2):        cox-efron-ties.ts
 * Counting process (agfit4.c): before each tie group at time t the rows with start >= t leave the sums
 * (subtracted; when no row is left at risk the sums are reset to 0, as agfit4.c does against round-off):
 * one pass over the rows sorted by stop and one over them sorted by start, O(n p^2) per evaluation.
 * The contribution of each tie group, dU(t) and dI(t), can also be summed with a time weight g(t), as
 * cox.zph's score test needs (sum g dU, sum g dI, sum g^2 dI; survival 3.5-3 src/zph1.c, src/zph2.c).
 * The censored rows of a time join S before its deaths are counted, its deaths after (coxfit6.c's
 * order of operations, kept so the sums round as R's do).
 * Storage: U and I on the scaled covariates; I is returned full (p x p row-major, upper triangle
 * written) for the Cholesky of linear-algebra.ts, accumulated packed (lower triangle, j >= k).
 */
import type { SortedDesign } from './cox-design.js';
import { addEfronTerms } from './cox-efron-ties.js';

/** Sums of a time-weighted evaluation: sum_t g(t) dU(t), sum_t g(t) dI(t), sum_t g(t)^2 dI(t) (packed lower triangles). */
export interface TimeWeightedSums {
  /** g(t) by sorted position (read at the first position of each tie group). */
  timeWeight: Float64Array;
  score: Float64Array;
  cross: Float64Array;
  squared: Float64Array;
}

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
  private readonly groupScore: Float64Array; // dU(t) of one tie group
  private readonly groupInformation: Float64Array; // dI(t) of one tie group, packed
  /** eta_i of the last evaluation, by sorted position. */
  readonly linearPredictor: Float64Array;
  private readonly risk: Float64Array; // w_i exp(eta_i)
  private readonly entryRisk: Float64Array | null; // w_i exp(eta_i) in entry order
  private readonly row: Float64Array; // x_i of the row at hand

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
    this.groupScore = new Float64Array(p);
    this.groupInformation = new Float64Array(packed);
    this.linearPredictor = new Float64Array(design.n);
    this.risk = new Float64Array(design.n);
    this.entryRisk = design.entryX === null ? null : new Float64Array(design.n);
    this.row = new Float64Array(p);
  }

  evaluate(beta: Float64Array, timeWeighted: TimeWeightedSums | null = null): number {
    const { x, status, groupStart, groupEndsStratum, groupCount, n, weight, time, entryStart, entryWeight, entryX, offsets } = this.design;
    const p = this.design.variableCount;
    const { score, riskSetXSum, riskSetXXSum, deathXSum, deathXXSum, informationPacked, linearPredictor, risk, entryRisk } = this;
    const { groupScore, groupInformation } = this;
    const packedSize = riskSetXXSum.length;
    const row = this.row;
    if (entryX !== null && entryWeight !== null && entryRisk !== null) {
      for (let k = 0; k < n; k++) {
        let eta = 0;
        for (let j = 0; j < p; j++) eta += beta[j]! * entryX[j * n + k]!;
        entryRisk[k] = entryWeight[k]! * Math.exp(eta);
      }
    }
    for (let j = 0; j < p; j++) score[j] = 0;
    for (let q = 0; q < packedSize; q++) informationPacked[q] = 0;
    let logLik = 0;
    let riskSetWeightSum = 0; // S0 = sum_{j in R} r_j
    let atRisk = 0;
    let stratum = offsets.length - 1;
    let stratumFirst = 0;
    let entry = 0; // next entry (from the latest start back) that may leave the risk set

    for (let g = groupCount - 1; g >= 0; g--) {
      const first = groupStart[g]!;
      const last = groupStart[g + 1]! - 1;
      if (groupEndsStratum[g] === 1) {
        riskSetWeightSum = 0;
        atRisk = 0;
        riskSetXSum.fill(0);
        riskSetXXSum.fill(0);
        stratum--;
        stratumFirst = offsets[stratum]!;
        entry = last;
      }
      if (entryStart !== null && entryX !== null && entryRisk !== null) {
        // Rows with start >= t are not at risk at t, nor at any earlier time of the stratum.
        const t = time[first]!;
        for (; entry >= stratumFirst; entry--) {
          if (entryStart[entry]! < t) break;
          atRisk--;
          if (atRisk === 0) {
            riskSetWeightSum = 0;
            riskSetXSum.fill(0);
            riskSetXXSum.fill(0);
          } else {
            riskSetWeightSum -= entryRisk[entry]!;
            addWeightedMoments(entryX, entry, n, p, -entryRisk[entry]!, riskSetXSum, riskSetXXSum);
          }
        }
      }
      let deaths = 0; // d
      let deathCaseWeight = 0; // W = sum_{D} w_i
      let deathWeightSum = 0; // D0 = sum_{D} r_i
      let lastDeath = 0;
      for (let i = last; i >= first; i--) {
        atRisk++;
        // eta_i and r_i where the walk first meets row i, from its covariates read once into `row`.
        let eta = 0;
        for (let j = 0; j < p; j++) {
          const value = x[j * n + i]!;
          row[j] = value;
          eta += beta[j]! * value;
        }
        linearPredictor[i] = eta;
        const r = weight[i]! * Math.exp(eta);
        risk[i] = r;
        if (status[i] === 0) {
          riskSetWeightSum += r;
          let packed = 0;
          for (let j = 0; j < p; j++) {
            const riskX = r * row[j]!;
            riskSetXSum[j] = riskSetXSum[j]! + riskX;
            for (let k = 0; k <= j; k++) {
              riskSetXXSum[packed] = riskSetXXSum[packed]! + riskX * row[k]!;
              packed++;
            }
          }
        } else {
          if (deaths === 0) groupScore.fill(0);
          deaths++;
          deathCaseWeight += weight[i]!;
          deathWeightSum += risk[i]!;
          logLik += weight[i]! * linearPredictor[i]!;
          for (let j = 0; j < p; j++) groupScore[j] = groupScore[j]! + weight[i]! * x[j * n + i]!;
          lastDeath = i;
        }
      }
      if (deaths === 0) continue;
      groupInformation.fill(0);

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
            { score: groupScore, information: groupInformation, riskSetXSum, riskSetXXSum, deathXSum, deathXXSum },
            deaths,
            deathCaseWeight / deaths,
            riskSetWeightSum,
            deathWeightSum,
          );
        }
        riskSetWeightSum += deathWeightSum;
        for (let j = 0; j < p; j++) riskSetXSum[j] = riskSetXSum[j]! + deathXSum[j]!;
        for (let q = 0; q < packedSize; q++) riskSetXXSum[q] = riskSetXXSum[q]! + deathXXSum[q]!;
      }
      if (deaths === 1 || !this.efron) {
        // Breslow, or a single death: W log S0, W S1/S0, W (S2/S0 - S1 S1'/S0^2) with the deaths in S.
        logLik -= deathCaseWeight * Math.log(riskSetWeightSum);
        let packed = 0;
        for (let j = 0; j < p; j++) {
          const weightedMean = riskSetXSum[j]! / riskSetWeightSum; // S1_j / S0
          groupScore[j] = groupScore[j]! - deathCaseWeight * weightedMean;
          for (let k = 0; k <= j; k++) {
            groupInformation[packed] = (deathCaseWeight * (riskSetXXSum[packed]! - weightedMean * riskSetXSum[k]!)) / riskSetWeightSum;
            packed++;
          }
        }
      }
      for (let j = 0; j < p; j++) score[j] = score[j]! + groupScore[j]!;
      for (let q = 0; q < packedSize; q++) informationPacked[q] = informationPacked[q]! + groupInformation[q]!;
      if (timeWeighted !== null) {
        const g = timeWeighted.timeWeight[first]!;
        for (let j = 0; j < p; j++) timeWeighted.score[j] = timeWeighted.score[j]! + g * groupScore[j]!;
        for (let q = 0; q < packedSize; q++) {
          timeWeighted.cross[q] = timeWeighted.cross[q]! + g * groupInformation[q]!;
          timeWeighted.squared[q] = timeWeighted.squared[q]! + g * g * groupInformation[q]!;
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
