/**
 * Efron's (1977) approximation for a tie group of d >= 2 deaths in the Cox partial likelihood
 * (Efron, JASA 72:557; Therneau & Grambsch (2000) §3.3; survival 3.5-3 src/coxfit6.c;
 * docs/statistics-spec.md §4.4). The d deaths leave the risk set in d equal portions:
 *   for k = 0..d-1, c_k = k/d:   den_k = S0 - c_k D0,  a_k = S1 - c_k D1,  C_k = S2 - c_k D2
 *   l -= sum_k log den_k,   U -= sum_k a_k/den_k,   I += sum_k (C_k/den_k - a_k a_k'/den_k^2)
 * (S = sums over the risk set including the deaths, D = over the deaths; notation of
 * cox-partial-likelihood.ts). coxfit6.c adds the deaths in d passes and updates U and I after each,
 * O(d p^2) per group; here the d scalar weights are summed first and applied to the p x p sums once,
 * O(d + p^2): the same algebra, with round-off differences of order 1e-15 relative.
 * Case weights (coxfit6.c, agfit4.c): every term is multiplied by the deaths' mean weight
 * wbar = sum_D w_i / d, and the sums S, D are of w_i r_i.
 */

/** The running sums of one likelihood evaluation that a tie group reads and updates (packed lower triangles). */
export interface EfronSums {
  /** U, updated. */
  score: Float64Array;
  /** I, packed, updated. */
  information: Float64Array;
  /** B1 = sum over the risk set before the deaths join of r_i x_i, and B2 of r_i x_i x_i'. */
  riskSetXSum: Float64Array;
  riskSetXXSum: Float64Array;
  /** D1 = sum over the deaths of r_i x_i, and D2 of r_i x_i x_i'. */
  deathXSum: Float64Array;
  deathXXSum: Float64Array;
}

/**
 * Efron's terms for a tie group of d >= 2 deaths, with B = the risk-set sums before the deaths join and
 * D = the death sums (in riskSetXSum / riskSetXXSum and deathXSum / deathXXSum): for k = 1..d, f_k = k/d,
 *   den_k = B0 + f_k D0,  a_k = B1 + f_k D1,  C_k = B2 + f_k D2
 *   U -= sum_k a_k/den_k = B1 s1 + D1 t1
 *   I += sum_k (C_k/den_k - a_k a_k'/den_k^2) = B2 s1 + D2 t1 - (B1 B1' s2 + (B1 D1' + D1 B1') t2 + D1 D1' u2)
 * with s1 = sum 1/den_k, t1 = sum f_k/den_k, s2 = sum 1/den_k^2, t2 = sum f_k/den_k^2, u2 = sum f_k^2/den_k^2:
 * O(d + p^2) per group where coxfit6.c's d passes cost O(d p^2); the same sums in another order.
 * each multiplied by the deaths' mean case weight `meanDeathWeight` (1 without weights).
 * Returns wbar sum_k log den_k, the group's subtraction from the log-likelihood.
 */
export function addEfronTerms(
  sums: EfronSums,
  deaths: number,
  meanDeathWeight: number,
  riskSetWeightSum: number,
  deathWeightSum: number,
): number {
  const p = sums.score.length;
  const { score, riskSetXSum, riskSetXXSum, deathXSum, deathXXSum, information: informationPacked } = sums;
  let logDenominators = 0;
  let s1 = 0;
  let t1 = 0;
  let s2 = 0;
  let t2 = 0;
  let u2 = 0;
  for (let k = 1; k <= deaths; k++) {
    const fraction = k / deaths;
    const denominator = riskSetWeightSum + fraction * deathWeightSum; // den_k
    const inverse = 1 / denominator;
    const inverseSquared = inverse * inverse;
    logDenominators += Math.log(denominator);
    s1 += inverse;
    t1 += fraction * inverse;
    s2 += inverseSquared;
    t2 += fraction * inverseSquared;
    u2 += fraction * fraction * inverseSquared;
  }
  if (meanDeathWeight !== 1) {
    logDenominators *= meanDeathWeight;
    s1 *= meanDeathWeight;
    t1 *= meanDeathWeight;
    s2 *= meanDeathWeight;
    t2 *= meanDeathWeight;
    u2 *= meanDeathWeight;
  }
  let packed = 0;
  for (let j = 0; j < p; j++) {
    const riskSetX = riskSetXSum[j]!;
    const deathX = deathXSum[j]!;
    score[j] = score[j]! - (riskSetX * s1 + deathX * t1);
    for (let k = 0; k <= j; k++) {
      const crossProducts = riskSetX * riskSetXSum[k]! * s2
        + (riskSetX * deathXSum[k]! + deathX * riskSetXSum[k]!) * t2
        + deathX * deathXSum[k]! * u2;
      informationPacked[packed] = informationPacked[packed]!
        + riskSetXXSum[packed]! * s1 + deathXXSum[packed]! * t1 - crossProducts;
      packed++;
    }
  }
  return logDenominators;
}
