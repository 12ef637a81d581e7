/**
 * Integer sort keys for doubles that are decimals with few digits (times in days to 0.01, whole
 * days, ages to 0.1): the smallest d <= MAX_DECIMALS such that every value v >= 0 is exactly
 * k / 10^d for an integer k = round(v 10^d) (the double nearest to k / 10^d is v itself, checked
 * value by value, so nothing is assumed about how the values were made). Then k orders the values
 * as v does (k / 10^d is monotone in k and one-to-one on these values), and sorting by k sorts v,
 * ties in the same order; the keys are returned as k - min k, with their range. When no such d
 * exists (a value with more digits, 1/3, a sum that rounds off as 0.1 + 0.2) or the keys would not
 * fit 32 bits, there are no keys and the caller sorts the doubles themselves.
 * Why: a counting sort by k (radix-sort.ts) moves each row once or twice, where the sort of the
 * 64-bit patterns moves it four times.
 */

/** Decimal digits tried: beyond 6 (microdays, microseconds) the keys rarely fit a counting sort. */
const MAX_DECIMALS = 6;
/** The largest key: 32 bits, so the keys fit a Uint32Array and round() is exact. */
const MAX_KEY = 0xffffffff;

export interface DecimalKeys {
  /** round(v 10^d) - min, per value. */
  keys: Uint32Array;
  /** max key + 1 (the keys are 0 .. range - 1). */
  range: number;
  /** 10^d. */
  scale: number;
  /** The smallest round(v 10^d): value (minKey + key) / 10^d is the value of that key, exactly. */
  minKey: number;
  /** The largest value. */
  max: number;
}

/** The keys of the header for `values` (all >= 0, finite, no -0), or null when the values are not such decimals. */
export function decimalKeys(values: Float64Array): DecimalKeys | null {
  const n = values.length;
  const keys = new Uint32Array(n);
  let digits = 0;
  // A value that needs more digits restarts the scan with them (at most MAX_DECIMALS times).
  scan: for (;;) {
    const scale = 10 ** digits;
    let min = MAX_KEY;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      const k = Math.round(v * scale);
      if (k / scale !== v || k > MAX_KEY) {
        digits = digitsOf(v, digits + 1);
        if (digits < 0) return null;
        continue scan;
      }
      keys[i] = k;
      if (k < min) min = k;
      if (k > max) max = k;
    }
    if (n === 0) return { keys, range: 0, scale, minKey: 0, max: 0 };
    if (min > 0) for (let i = 0; i < n; i++) keys[i] = keys[i]! - min;
    return { keys, range: max - min + 1, scale, minKey: min, max: max / scale };
  }
}

/** The fewest digits >= `from` that write v exactly with a key of 32 bits, -1 when none <= MAX_DECIMALS. */
function digitsOf(v: number, from: number): number {
  for (let digits = from; digits <= MAX_DECIMALS; digits++) {
    const scale = 10 ** digits;
    const k = Math.round(v * scale);
    if (k > MAX_KEY) return -1;
    if (k / scale === v) return digits;
  }
  return -1;
}
