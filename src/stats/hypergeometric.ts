/**
 * The central hypergeometric density and distribution as R 4.2.2 computes them (src/nmath/dhyper.c,
 * phyper.c, dbinom.c, stirlerr.c, bd0.c): X = red balls among `draws` from `red` red and `black` black,
 *   P(X = x) = C(red, x) C(black, draws - x) / C(red + black, draws),
 * evaluated through Loader's (2000) saddle-point binomial densities ("Fast and accurate computation
 * of binomial probabilities"), accurate to a few ulps where differences of log-factorials lose
 * digits. Fisher's 2 x 2 estimates hinge on the last bits of these numbers (fisher-two-by-two.ts).
 */

/**
 * log P(X = x), X ~ hypergeometric(x red of `draws` from `red` red and `black` black balls), as R's
 * dhyper: a ratio of three binomial densities at p = draws / (red + black),
 *   dhyper = dbinom(x; red, p) dbinom(draws - x; black, p) / dbinom(draws; red + black, p),
 * each by Loader's saddle-point formula (binomialLogDensity). Accurate to a few ulps in log space
 * where differences of logChoose lose digits to cancellation, and what fisher.test's estimates
 * are computed from (R: src/nmath/dhyper.c).
 */
export function hypergeometricLogDensity(x: number, red: number, black: number, draws: number): number {
  if (draws === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  const p = draws / (red + black);
  const q = (red + black - draws) / (red + black);
  return (
    binomialLogDensity(x, red, p, q) + binomialLogDensity(draws - x, black, p, q) - binomialLogDensity(draws, red + black, p, q)
  );
}

/**
 * P(X <= x) (lowerTail) or P(X > x), as R's phyper: the shorter tail is summed as
 * dhyper(x) (1 + sum of the products of successive density ratios), stopping when a term falls
 * below DBL_EPSILON times the sum (R: src/nmath/phyper.c, pdhyper).
 */
export function hypergeometricCdf(x: number, red: number, black: number, draws: number, lowerTail: boolean): number {
  let q = Math.floor(x + 1e-7);
  let r = red;
  let b = black;
  let lower = lowerTail;
  if (q * (r + b) > draws * r) {
    [r, b] = [b, r];
    q = draws - q - 1;
    lower = !lower;
  }
  if (q < 0 || q < draws - b) return lower ? 0 : 1;
  if (q >= r || q >= draws) return lower ? 1 : 0;
  const p = draws / (r + b);
  const complement = (r + b - draws) / (r + b);
  const density =
    (Math.exp(binomialLogDensity(q, r, p, complement)) * Math.exp(binomialLogDensity(draws - q, b, p, complement))) /
    Math.exp(binomialLogDensity(draws, r + b, p, complement));
  if (density === 0) return lower ? 0 : 1;
  let ratioSum = 0;
  let term = 1;
  for (let u = q; u > 0 && term >= Number.EPSILON * ratioSum; u--) {
    term *= (u * (b - draws + u)) / (draws + 1 - u) / (r + 1 - u);
    ratioSum += term;
  }
  const probability = density * (1 + ratioSum);
  return lower ? probability : 0.5 - probability + 0.5;
}

/**
 * log dbinom(x; n, p) by Loader (2000), "Fast and accurate computation of binomial probabilities",
 * eq. 5-6: log f = -[stirlingError terms + deviance terms] - (1/2) log(2 pi x (n - x) / n), with the
 * boundary cases x = 0 and x = n in closed form (R 4.2.2 src/nmath/dbinom.c, dbinom_raw).
 */
function binomialLogDensity(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return x === n ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -deviance(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -deviance(n, n * p) - n * q : n * Math.log(p);
  const lc = stirlingError(n) - stirlingError(x) - stirlingError(n - x) - deviance(x, n * p) - deviance(n - x, n * q);
  const lf = LOG_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/** log(2 pi), correctly rounded (Math.log(2 * Math.PI) is one ulp low). */
const LOG_2PI = 1.8378770664093456;

/**
 * delta(n) = log n! - log(sqrt(2 pi n) (n/e)^n) for integer n >= 1: exact values for n <= 15
 * (computed to 30 digits and rounded), else the Stirling series 1/(12n) - 1/(360n^3) + 1/(1260n^5)
 * - 1/(1680n^7) + 1/(1188n^9), truncated earlier for large n as R does (src/nmath/stirlerr.c).
 */
const STIRLING_ERROR_TABLE = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
  0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475, 0.005554733551962801,
];

function stirlingError(n: number): number {
  if (n <= 15) return STIRLING_ERROR_TABLE[n] ?? 0;
  const nn = n * n;
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/**
 * bd0(x, np) = x log(x/np) + np - x, by the series 2x sum_j v^(2j+1)/(2j+1), v = (x-np)/(x+np),
 * when x is near np (Loader 2000, eq. 7), where the direct form cancels.
 */
function deviance(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const previous = s;
      s += ej / (2 * j + 1);
      if (s === previous) return s;
    }
  }
  return x * Math.log(x / np) + np - x;
}
