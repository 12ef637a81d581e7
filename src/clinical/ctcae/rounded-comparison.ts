/**
 * The comparison of a lab value with a CTCAE threshold (specs/statistics.md §6): both sides
 * rounded to 8 significant digits first (admiral's signif_dig = 8), so a bilirubin of exactly
 * 3.0 × ULN (3.6 with ULN 1.2) is not "> 3.0 × ULN" although 3 × 1.2 computes as
 * 3.5999999999999996.
 *
 * Rounding to a fixed number of significant digits is monotonic (x ≤ y ⇒ round(x) ≤ round(y)),
 * so it can change a comparison only by making two different numbers equal, and two numbers
 * that round to the same 8-digit value differ by at most one unit in their 8th digit, at most
 * 1e-7 of the larger. Numbers further apart than 1e-6 of the larger therefore compare as they
 * are, without the rounding (`toPrecision` and a parse, the bulk of a grade's cost); only those
 * closer are rounded. The result is the same as rounding always (test/clinical/ctcae).
 */

/** admiral's signif_dig: enough to absorb floating-point noise, far below any lab's precision. */
const SIGNIFICANT_DIGITS = 8;

/** Apart by more than this share of the larger, two numbers cannot round to the same 8-digit value. */
const SAFELY_APART = 1e-6;

function significant(x: number): number {
  return Number(x.toPrecision(SIGNIFICANT_DIGITS));
}

/** Whether `value` lies beyond `threshold` (above it for INCREASED, below for DECREASED; or on it when inclusive), both rounded. */
export function isBeyond(direction: 'INCREASED' | 'DECREASED', value: number, threshold: number, inclusive: boolean): boolean {
  let rounded = value;
  let limit = threshold;
  if (Math.abs(value - threshold) <= SAFELY_APART * Math.max(Math.abs(value), Math.abs(threshold))) {
    rounded = significant(value);
    limit = significant(threshold);
  }
  if (direction === 'INCREASED') return inclusive ? rounded >= limit : rounded > limit;
  return inclusive ? rounded <= limit : rounded < limit;
}
