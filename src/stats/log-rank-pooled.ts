/**
 * The log-rank test stratified by site from the sites' own observed, expected and variance
 * (survival 3.5-3 R/survdiff.R with strata: O, E and V are sums over strata, so a coordinator adds
 * the sites' sums, each computed on the site's own risk sets, and tests them):
 *   chisq = (O - E)' V^-1 (O - E) over the groups with E > 0 but the first (survdiff drops one),
 *   df = (number of groups with E > 0) - 1, P = P(chi2_df >= chisq); V solved as R's solve()
 *   (linear-algebra.ts luSolve), a singular V gives no statistic.
 */
import { luSolve } from './linear-algebra.js';
import { chiSquareUpperTail } from './distributions.js';

export interface PooledLogRank {
  chisq: number | null;
  df: number;
  p: number | null;
  warning: string | null;
}

/** observed[k], expected[k] and variance (k x k, row-major) summed over the strata. */
export function pooledLogRankTest(observed: readonly number[], expected: readonly number[], variance: readonly number[]): PooledLogRank {
  const groupCount = observed.length;
  const tested = expected.flatMap((e, k) => (e > 0 ? [k] : []));
  const df = tested.length - 1;
  if (tested.length < 2) return { chisq: 0, df, p: null, warning: 'fewer than two groups have expected events: no test' };
  const kept = tested.slice(1);
  const size = kept.length;
  const matrix = new Float64Array(size * size);
  const difference = new Float64Array(size);
  kept.forEach((k, a) => {
    difference[a] = observed[k]! - expected[k]!;
    kept.forEach((l, b) => { matrix[a * size + b] = variance[k * groupCount + l]!; });
  });
  const solution = luSolve(matrix, size, difference);
  if (solution === null) return { chisq: null, df, p: null, warning: 'the variance matrix is singular (groups aliased with strata?)' };
  let chisq = 0;
  for (let a = 0; a < size; a++) chisq += solution[a]! * difference[a]!;
  return { chisq, df, p: chiSquareUpperTail(chisq, df), warning: null };
}
