/**
 * Score residuals of a Cox fit, as residuals(fit, type = "score") (survival 3.5-3 src/coxscore2.c
 * for right-censored, src/agscore2.c for counting-process data; Therneau & Grambsch (2000) §4.6;
 * docs/statistics-spec.md §11). Unweighted residuals; the caller multiplies by the case weights.
 *
 * With r_i = exp(eta_i), per tie group of d deaths at t (S, D the risk-set and death sums of w r and
 * w r x of cox-partial-likelihood.ts, deaths included in S; W = sum_D w_i):
 *   Breslow (and d = 1): h = W/S0, m = S1/S0;  H(t) = h,  M(t) = h m;  for a death: H' = h, M' = h m, m' = m
 *   Efron: for k = 0..d-1, f_k = k/d, den_k = S0 - f_k D0, m_k = (S1 - f_k D1)/den_k, h_k = (W/d)/den_k:
 *     H(t) = sum_k h_k,  M(t) = sum_k h_k m_k;  for a death: H' = sum_k (1 - f_k) h_k,
 *     M' = sum_k (1 - f_k) h_k m_k,  m' = sum_k m_k / d
 *   residual of row i:  delta_i (x_i - m'(t_i) - r_i (x_i H'(t_i) - M'(t_i)) + r_i (x_i H(t_i) - M(t_i)))
 *                       - r_i sum_{t in (start_i, stop_i]} (x_i H(t) - M(t))
 * (the death's own time enters its sum with H, M; the middle terms swap them for H', M').
 * agscore2.c forms each risk set anew, O(n x deaths); here one backward walk (the risk-set sums of
 * cox-partial-likelihood.ts) accumulates sum H and sum M over the event times, and row i's window
 * sum is the accumulator when it leaves the walk (its start time, or the stratum's end) minus the
 * accumulator when it entered (its stop time): O(n p) after the sort.
 * Residuals are on the design's scaled covariates, by sorted position: res[j * n + i].
 */
import type { SortedDesign } from './cox-design.js';

/** Score residuals at b (scaled coefficients) by sorted position, res[j * n + i], on the scaled covariates. */
export function scoreResiduals(design: SortedDesign, beta: Float64Array, efron: boolean): Float64Array {
  const { n, x, status, groupStart, groupEndsStratum, groupCount, weight, time, start, entryOrder, offsets } = design;
  const p = design.variableCount;
  const residuals = new Float64Array(n * p);
  const exponent = new Float64Array(n); // r_i = exp(eta_i)
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += beta[j]! * x[j * n + i]!;
    exponent[i] = Math.exp(eta);
  }
  const riskSetXSum = new Float64Array(p);
  const deathXSum = new Float64Array(p);
  const hazardMeanSum = new Float64Array(p); // accumulated sum of M(t)
  const entryHazardMean = new Float64Array(n * p); // the accumulators when row i entered
  const entryHazard = new Float64Array(n);
  const groupHazardMean = new Float64Array(p); // M(t)
  const deathHazardMean = new Float64Array(p); // M'(t)
  const deathMean = new Float64Array(p); // m'(t)
  const exited = new Uint8Array(n);
  let hazardSum = 0; // accumulated sum of H(t)
  let riskSetWeightSum = 0;
  let atRisk = 0;

  /** Row i leaves the walk: - r_i (x_i sum H - sum M) over the event times it was at risk for. */
  const close = (i: number): void => {
    exited[i] = 1;
    const hazard = hazardSum - entryHazard[i]!;
    for (let j = 0; j < p; j++) {
      const hazardMean = hazardMeanSum[j]! - entryHazardMean[i * p + j]!;
      residuals[j * n + i] = residuals[j * n + i]! - exponent[i]! * (x[j * n + i]! * hazard - hazardMean);
    }
  };
  const enter = (i: number): void => {
    atRisk++;
    entryHazard[i] = hazardSum;
    for (let j = 0; j < p; j++) entryHazardMean[i * p + j] = hazardMeanSum[j]!;
    const risk = weight[i]! * exponent[i]!;
    riskSetWeightSum += risk;
    for (let j = 0; j < p; j++) riskSetXSum[j] = riskSetXSum[j]! + risk * x[j * n + i]!;
  };

  let stratum = offsets.length - 1;
  let entry = 0;
  for (let g = groupCount - 1; g >= 0; g--) {
    const first = groupStart[g]!;
    const end = groupStart[g + 1]!;
    if (groupEndsStratum[g] === 1) {
      if (stratum < offsets.length - 1) for (let i = offsets[stratum]!; i < offsets[stratum + 1]!; i++) if (exited[i] === 0) close(i);
      stratum--;
      riskSetWeightSum = 0;
      atRisk = 0;
      riskSetXSum.fill(0);
      hazardSum = 0;
      hazardMeanSum.fill(0);
      entry = end - 1;
    }
    if (start !== null && entryOrder !== null) {
      const t = time[first]!;
      for (; entry >= offsets[stratum]!; entry--) {
        const i = entryOrder[entry]!;
        if (start[i]! < t) break;
        close(i);
        atRisk--;
        if (atRisk === 0) {
          riskSetWeightSum = 0;
          riskSetXSum.fill(0);
        } else {
          const risk = weight[i]! * exponent[i]!;
          riskSetWeightSum -= risk;
          for (let j = 0; j < p; j++) riskSetXSum[j] = riskSetXSum[j]! - risk * x[j * n + i]!;
        }
      }
    }
    let deaths = 0;
    let deathCaseWeight = 0;
    let deathWeightSum = 0;
    deathXSum.fill(0);
    for (let i = first; i < end; i++) {
      enter(i);
      if (status[i] === 1) {
        deaths++;
        deathCaseWeight += weight[i]!;
        const risk = weight[i]! * exponent[i]!;
        deathWeightSum += risk;
        for (let j = 0; j < p; j++) deathXSum[j] = deathXSum[j]! + risk * x[j * n + i]!;
      }
    }
    if (deaths === 0) continue;

    let groupHazard: number; // H(t)
    let deathHazard: number; // H'(t)
    if (deaths === 1 || !efron) {
      groupHazard = deathCaseWeight / riskSetWeightSum;
      deathHazard = groupHazard;
      for (let j = 0; j < p; j++) {
        const mean = riskSetXSum[j]! / riskSetWeightSum;
        deathMean[j] = mean;
        groupHazardMean[j] = groupHazard * mean;
        deathHazardMean[j] = groupHazard * mean;
      }
    } else {
      const meanDeathWeight = deathCaseWeight / deaths;
      groupHazard = 0;
      deathHazard = 0;
      groupHazardMean.fill(0);
      deathHazardMean.fill(0);
      deathMean.fill(0);
      for (let k = 0; k < deaths; k++) {
        const fraction = k / deaths;
        const denominator = riskSetWeightSum - fraction * deathWeightSum;
        const hazard = meanDeathWeight / denominator;
        groupHazard += hazard;
        deathHazard += (1 - fraction) * hazard;
        for (let j = 0; j < p; j++) {
          const mean = (riskSetXSum[j]! - fraction * deathXSum[j]!) / denominator;
          groupHazardMean[j] = groupHazardMean[j]! + mean * hazard;
          deathHazardMean[j] = deathHazardMean[j]! + mean * (1 - fraction) * hazard;
          deathMean[j] = deathMean[j]! + mean / deaths;
        }
      }
    }
    for (let i = first; i < end; i++) {
      if (status[i] === 0) continue;
      const r = exponent[i]!;
      for (let j = 0; j < p; j++) {
        const xij = x[j * n + i]!;
        residuals[j * n + i] = residuals[j * n + i]! + xij - deathMean[j]!
          - r * (xij * deathHazard - deathHazardMean[j]!) + r * (xij * groupHazard - groupHazardMean[j]!);
      }
    }
    hazardSum += groupHazard;
    for (let j = 0; j < p; j++) hazardMeanSum[j] = hazardMeanSum[j]! + groupHazardMean[j]!;
  }
  for (let i = offsets[stratum]!; i < offsets[stratum + 1]!; i++) if (exited[i] === 0) close(i);
  return residuals;
}
