/**
 * Distribution functions used by the statistics engine, taken from @stdlib (not hand-rolled).
 *
 * Upper tails are computed directly from the regularized incomplete gamma / beta functions,
 * never as 1 - cdf, so p-values keep their relative accuracy far into the tail (down to ~1e-300),
 * as R's pchisq(x, df, lower.tail = FALSE) and pf(..., lower.tail = FALSE) do.
 *
 *   P(chi2_k > x)     = Q(k/2, x/2)                      (regularized upper incomplete gamma)
 *   P(chi2_k <= x)    = P(k/2, x/2)                      (regularized lower incomplete gamma)
 *   P(F_{d1,d2} > f)  = I_{d2/(d2 + d1 f)}(d2/2, d1/2)    (regularized incomplete beta)
 *   P(Z > z)          = erfc(z / sqrt 2) / 2
 * Reference: Abramowitz & Stegun 26.4.19 (chi-square), 26.6.2 (F), 26.2.29 (normal).
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import betainc from '@stdlib/math-base-special-betainc';
import erfc from '@stdlib/math-base-special-erfc';
import normalQuantileStdlib from '@stdlib/stats-base-dists-normal-quantile';
import tQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';
import chiSquareQuantileStdlib from '@stdlib/stats-base-dists-chisquare-quantile';
import gammaln from '@stdlib/math-base-special-gammaln';
import binomcoefln from '@stdlib/math-base-special-binomcoefln';

/** P(Z > z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Two-sided normal p-value 2 P(Z > |z|), as R's 2 * pnorm(-abs(z)). */
export function normalTwoSidedP(z: number): number {
  return 2 * normalUpperTail(Math.abs(z));
}

/** qnorm(p): the standard normal quantile. qnorm(0.975) = 1.959963984540054. */
export function normalQuantile(p: number): number {
  return normalQuantileStdlib(p, 0, 1);
}

/** P(chi2_df > x), as R's pchisq(x, df, lower.tail = FALSE). */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** P(chi2_df <= x), as R's pchisq(x, df) (cmprsk reports 1 - pchisq(stat, df)). */
export function chiSquareLowerTail(x: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  if (x <= 0) return 0;
  return gammainc(x / 2, df / 2, true, false);
}

/** qchisq(p, df). */
export function chiSquareQuantile(p: number, df: number): number {
  return chiSquareQuantileStdlib(p, df);
}

/** P(F_{d1,d2} > f), as R's pf(f, d1, d2, lower.tail = FALSE). */
export function fUpperTail(f: number, d1: number, d2: number): number {
  if (!(d1 > 0) || !(d2 > 0)) return Number.NaN;
  if (f <= 0) return 1;
  return betainc(d2 / (d2 + d1 * f), d2 / 2, d1 / 2, true, false);
}

/** qt(p, df). */
export function tQuantile(p: number, df: number): number {
  return tQuantileStdlib(p, df);
}

/** log Gamma(x), as R's lgamma. */
export function logGamma(x: number): number {
  return gammaln(x);
}

/** log choose(n, k), as R's lchoose. */
export function logChoose(n: number, k: number): number {
  return binomcoefln(n, k);
}
