/**
 * The robust (sandwich) variance of a Cox fit and its robust score test, as coxph computes them when
 * the fit is robust (survival 3.5-3 R/coxph.R, R/residuals.coxph.R; Lin & Wei (1989) JASA 84:1074;
 * Therneau & Grambsch (2000) §7.2; docs/statistics-spec.md §11):
 *   dfbeta residuals  D_i = w_i L_i V        (L_i the score residual, cox-score-residuals.ts; V the
 *                                             model-based variance; weighted = TRUE)
 *   summed within cluster c:  D_c = sum_{i in c} D_i   (each row its own cluster without one)
 *   robust variance  V_r = sum_c D_c' D_c = V B V,   B = sum_c u_c u_c',  u_c = sum_{i in c} w_i L_i
 *   robust score test (summary()$robscore): the same u_c at beta = 0, U = sum_c u_c,
 *     U' B0^- U   (coxph.wtest: the generalized Cholesky inverse, toler.chol)
 */
import type { SortedDesign } from './cox-design.js';
import { CHOLESKY_TOLERANCE } from './cox-newton-raphson.js';
import { scoreResiduals } from './cox-score-residuals.js';
import { solveSymmetric } from './linear-algebra.js';
import type { LevelCoding } from './survival-data.js';

export interface RobustVariance {
  /** V B V, p x p row-major, original scale. */
  variance: Float64Array;
  /** The robust score test statistic at beta = 0. */
  scoreTest: number;
}

/**
 * `beta` and `variance` on the original scale (cox-newton-raphson.ts); `cluster` codes by input row,
 * null for one cluster per row.
 */
export function robustVariance(
  design: SortedDesign,
  beta: Float64Array,
  variance: Float64Array,
  cluster: LevelCoding | null,
  efron: boolean,
): RobustVariance {
  const p = design.variableCount;
  const scaledBeta = beta.map((value, j) => value / design.scales[j]!);
  const meat = clusteredCrossProduct(design, scoreResiduals(design, scaledBeta, efron), cluster);
  const robust = new Float64Array(p * p);
  const half = new Float64Array(p * p); // B V
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      let sum = 0;
      for (let k = 0; k < p; k++) sum += meat.crossProduct[a * p + k]! * variance[k * p + b]!;
      half[a * p + b] = sum;
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      let sum = 0;
      for (let k = 0; k < p; k++) sum += variance[a * p + k]! * half[k * p + b]!;
      robust[a * p + b] = sum;
    }
  }
  const atZero = clusteredCrossProduct(design, scoreResiduals(design, new Float64Array(p), efron), cluster);
  const { solution } = solveSymmetric(atZero.crossProduct, p, atZero.total, CHOLESKY_TOLERANCE);
  let scoreTest = 0;
  for (let j = 0; j < p; j++) scoreTest += atZero.total[j]! * solution[j]!;
  return { variance: robust, scoreTest };
}

/**
 * u_c = sum_{i in c} w_i L_i on the original scale (L_ij = residual_ij / s_j: residuals of the scaled
 * covariates x' = (x - mean) s), B = sum_c u_c u_c' and U = sum_c u_c.
 */
function clusteredCrossProduct(
  design: SortedDesign,
  residuals: Float64Array,
  cluster: LevelCoding | null,
): { crossProduct: Float64Array; total: Float64Array } {
  const { n, order, weight, scales } = design;
  const p = design.variableCount;
  const clusterCount = cluster === null ? n : cluster.labels.length;
  const sums = new Float64Array(clusterCount * p);
  for (let i = 0; i < n; i++) {
    const c = cluster === null ? i : cluster.codes[order[i]!]!;
    for (let j = 0; j < p; j++) sums[c * p + j] = sums[c * p + j]! + (weight[i]! * residuals[j * n + i]!) / scales[j]!;
  }
  const crossProduct = new Float64Array(p * p);
  const total = new Float64Array(p);
  for (let c = 0; c < clusterCount; c++) {
    for (let a = 0; a < p; a++) {
      const value = sums[c * p + a]!;
      total[a] = total[a]! + value;
      for (let b = 0; b < p; b++) crossProduct[a * p + b] = crossProduct[a * p + b]! + value * sums[c * p + b]!;
    }
  }
  return { crossProduct, total };
}
