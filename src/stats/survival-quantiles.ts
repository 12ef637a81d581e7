/**
 * Quantiles of a survival curve (and of its confidence limits), by R's two rules (survival 3.5-3;
 * docs/statistics-spec.md §1.5):
 *  - quantile(fit, p) (R/quantile.survfit.R findq): the time where 1 - S crosses p, with the
 *    midpoint rule when S sits at 1 - p (within sqrt(eps)) on a flat; the CI is the same rule on the
 *    lower and upper bands (NaN, R's NA, ignored);
 *  - print(fit)'s median (R/print.survfit.R minmin): the first time the curve is below 0.5 + tol,
 *    or the midpoint to the next drop when it sits at 0.5.
 * Not reached: null.
 */

/** sqrt(.Machine$double.eps): R's tolerance for S = p in the quantile and median rules. */
const R_TOLERANCE = 1.4901161193847656e-8;

/**
 * findq() of R/quantile.survfit.R for each probability p, on x = (0, time) and y = (0, 1 - curve):
 * duplicated y dropped (first kept), NaN ignored; the quantile is the mean of the x where y + tol
 * and y - tol first reach p, or of that x and the last time when the curve ends flat at p.
 */
export function quantiles(time: Float64Array, curve: Float64Array, probabilities: readonly number[]): (number | null)[] {
  return isMonotoneCurve(curve)
    ? monotoneQuantiles(time, curve, probabilities)
    : generalQuantiles(time, curve, probabilities);
}

/** Whether 1 - curve never decreases along the rows, NaN skipped (survival curves and their bands). */
function isMonotoneCurve(curve: Float64Array): boolean {
  let latest = 0; // y[0] = 1 - 1
  for (let k = 0; k < curve.length; k++) {
    const value = 1 - curve[k]!;
    if (value < latest) return false;
    if (value > latest) latest = value;
  }
  return true;
}

/**
 * findq() on a monotone curve without building x and y: the points kept are the first occurrences
 * of each value of y, so the smallest kept y + shift >= p is the first row (NaN skipped) whose
 * y + shift >= p. Same rule and same arithmetic as generalQuantiles.
 */
function monotoneQuantiles(time: Float64Array, curve: Float64Array, probabilities: readonly number[]): (number | null)[] {
  const rows = curve.length;
  // y[k] = 1 - curve[k - 1] for k >= 1 and y[0] = 0; the largest y, where it first occurs, where the first NaN is.
  let maximum = 0;
  let firstOfMaximum = 0;
  let firstNaN = -1;
  for (let k = 0; k < rows; k++) {
    const value = 1 - curve[k]!;
    if (Number.isNaN(value)) {
      if (firstNaN < 0) firstNaN = k + 1;
    } else if (value > maximum) {
      maximum = value;
      firstOfMaximum = k + 1;
    }
  }
  // R's y[length(y)] after duplicated() is dropped: NA when the first NaN comes after the last new value.
  const lastKept = firstNaN > firstOfMaximum ? Number.NaN : maximum;
  const crossing = (p: number, shift: number): number | null => {
    if (p < shift || p > maximum + shift) return null;
    if (0 + shift >= p) return 0;
    for (let k = 0; k < rows; k++) {
      const value = 1 - curve[k]!;
      if (value + shift >= p) return time[k]!;
    }
    return null;
  };
  return probabilities.map((p) => {
    if (maximum < p) return null;
    const atOrAbove = crossing(p, R_TOLERANCE);
    if (!Number.isNaN(lastKept) && Math.abs(p - lastKept) < R_TOLERANCE) {
      return atOrAbove === null ? null : (atOrAbove + time[rows - 1]!) / 2;
    }
    const above = crossing(p, -R_TOLERANCE);
    return atOrAbove === null || above === null ? null : (atOrAbove + above) / 2;
  });
}

/** findq() on any curve, with R's duplicated() and approx() spelled out. */
function generalQuantiles(time: Float64Array, curve: Float64Array, probabilities: readonly number[]): (number | null)[] {
  const rows = curve.length;
  const y = new Float64Array(rows + 1);
  let maximum = 0;
  for (let k = 0; k < rows; k++) {
    const value = 1 - curve[k]!;
    y[k + 1] = value;
    if (value > maximum) maximum = value;
  }
  const { kept, increasing } = firstOccurrences(y);
  const lastKept = y[kept[kept.length - 1]!]!;
  const points = new Int32Array(kept.length);
  let pointCount = 0;
  for (let j = 0; j < kept.length; j++) if (!Number.isNaN(y[kept[j]!]!)) points[pointCount++] = kept[j]!;
  const x = (k: number): number => (k === 0 ? 0 : time[k - 1]!);
  // approx(y + shift, index, p, method = "constant", f = 1): the point with the smallest y + shift >= p,
  // NA when p lies outside [min(y + shift), max(y + shift)].
  const crossing = (p: number, shift: number): number | null => {
    if (increasing) {
      if (p < y[points[0]!]! + shift || p > y[points[pointCount - 1]!]! + shift) return null;
      let low = 0;
      let high = pointCount - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (y[points[middle]!]! + shift >= p) high = middle;
        else low = middle + 1;
      }
      return x(points[low]!);
    }
    let best = -1;
    let bestValue = Infinity;
    let smallest = Infinity;
    let largest = -Infinity;
    for (let j = 0; j < pointCount; j++) {
      const value = y[points[j]!]! + shift;
      if (value < smallest) smallest = value;
      if (value > largest) largest = value;
      if (value >= p && value < bestValue) {
        bestValue = value;
        best = points[j]!;
      }
    }
    return p < smallest || p > largest ? null : x(best);
  };
  return probabilities.map((p) => {
    if (maximum < p) return null;
    const atOrAbove = crossing(p, R_TOLERANCE);
    if (!Number.isNaN(lastKept) && Math.abs(p - lastKept) < R_TOLERANCE) {
      return atOrAbove === null ? null : (atOrAbove + time[rows - 1]!) / 2;
    }
    const above = crossing(p, -R_TOLERANCE);
    return atOrAbove === null || above === null ? null : (atOrAbove + above) / 2;
  });
}

/**
 * Indices of the first occurrence of each distinct value of y, NaN counted as one value
 * (R's duplicated()), and whether the values other than NaN increase along them. Curves and bands
 * are monotone, where a duplicate can only repeat the latest value; a Set handles any other sequence.
 */
function firstOccurrences(y: Float64Array): { kept: Int32Array; increasing: boolean } {
  const count = y.length;
  const kept = new Int32Array(count);
  let keptCount = 0;
  let latest = -Infinity;
  let increasing = true;
  let nanSeen = false;
  for (let k = 0; k < count && increasing; k++) {
    const value = y[k]!;
    if (Number.isNaN(value)) {
      if (!nanSeen) kept[keptCount++] = k;
      nanSeen = true;
    } else if (value > latest) {
      kept[keptCount++] = k;
      latest = value;
    } else if (value < latest) {
      increasing = false;
    }
  }
  if (increasing) return { kept: kept.subarray(0, keptCount), increasing };
  const seen = new Set<number>();
  keptCount = 0;
  for (let k = 0; k < count; k++) {
    const value = y[k]!;
    if (!seen.has(value)) {
      seen.add(value);
      kept[keptCount++] = k;
    }
  }
  return { kept: kept.subarray(0, keptCount), increasing };
}

/**
 * minmin() of R/print.survfit.R: the first time the curve is below 0.5 + tol (NaN skipped); when it
 * sits at 0.5 there and drops later, the midpoint between that time and the time of the drop.
 */
export function printMedian(time: Float64Array, curve: Float64Array): number | null {
  const rows = curve.length;
  let first = -1;
  for (let i = 0; i < rows; i++) {
    const value = curve[i]!;
    if (!Number.isNaN(value) && value < 0.5 + R_TOLERANCE) {
      first = i;
      break;
    }
  }
  if (first < 0) return null;
  const level = curve[first]!;
  if (Math.abs(level - 0.5) < R_TOLERANCE) {
    for (let i = first + 1; i < rows; i++) {
      const value = curve[i]!;
      if (!Number.isNaN(value) && value < level) return (time[first]! + time[i]!) / 2;
    }
  }
  return time[first]!;
}
