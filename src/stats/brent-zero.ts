/**
 * Brent's zero finder as R's uniroot runs it (R 4.2.2 src/library/stats/src/zeroin.c, R_zeroin2),
 * reproduced step by step so that its iterates, and where it stops, are R's (Forsythe, Malcolm &
 * Moler 1977, "Computer Methods for Mathematical Computations" §7.2, procedure ZEROIN; Brent 1973,
 * "Algorithms for Minimization without Derivatives" ch. 4).
 *
 * On a bracket [a, b] with f(a) f(b) <= 0, each step takes inverse quadratic interpolation through
 * the last three points (or the secant through two) when it falls well inside the bracket and
 * shrinks the step enough, else bisection; it stops when the bracket is below
 *   2 DBL_EPSILON |b| + tol / 2,   tol = DBL_EPSILON^0.25 (uniroot's default), or f(b) = 0,
 * or after 1000 iterations (uniroot's maxiter).
 */

/** R's uniroot defaults: tol = .Machine$double.eps^0.25, maxiter = 1000. */
const UNIROOT_TOLERANCE = Number.EPSILON ** 0.25;
const UNIROOT_MAX_ITERATIONS = 1000;

/**
 * Brent's zero finder (ZEROIN, Forsythe, Malcolm & Moler §7.2) with R uniroot's tolerance and
 * iteration limit, given f at both ends of a bracketing interval. b is the best estimate, a the
 * previous one, c the end that keeps the root bracketed with b; each step takes inverse quadratic
 * (or secant) interpolation when it falls well inside [b, c], else bisection.
 */
export function brentZero(f: (t: number) => number, lower: number, upper: number, fLower: number, fUpper: number): number {
  let a = lower;
  let b = upper;
  let fa = fLower;
  let fb = fUpper;
  let c = a;
  let fc = fa;
  if (fa === 0) return a;
  if (fb === 0) return b;
  for (let iteration = 0; iteration <= UNIROOT_MAX_ITERATIONS; iteration++) {
    const previousStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolerance = 2 * Number.EPSILON * Math.abs(b) + UNIROOT_TOLERANCE / 2;
    let step = (c - b) / 2;
    if (Math.abs(step) <= tolerance || fb === 0) return b;

    if (Math.abs(previousStep) >= tolerance && Math.abs(fa) > Math.abs(fb)) {
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        const ratio = fb / fa;
        p = cb * ratio;
        q = 1 - ratio;
      } else {
        const faOverFc = fa / fc;
        const fbOverFc = fb / fc;
        const fbOverFa = fb / fa;
        p = fbOverFa * (cb * faOverFc * (faOverFc - fbOverFc) - (b - a) * (fbOverFc - 1));
        q = (faOverFc - 1) * (fbOverFc - 1) * (fbOverFa - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolerance * q) / 2 && p < Math.abs((previousStep * q) / 2)) {
        step = p / q;
      }
    }
    if (Math.abs(step) < tolerance) step = step > 0 ? tolerance : -tolerance;
    a = b;
    fa = fb;
    b += step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}
