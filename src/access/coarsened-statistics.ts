/**
 * Test statistics and p-values as the aggregate tier releases them: p to 2 significant digits,
 * statistics, ratios and their limits to 3 (the precision anyone reports, and too coarse to pick
 * one table, or one patient's contribution, out of the candidates that differ by a few counts).
 * The same precision as the survival and Cox outputs (docs/disclosure.md, "Tables and summaries").
 */

export const P_DIGITS = 2;
export const STATISTIC_DIGITS = 3;

function significant(value: number | null, digits: number): number | null {
  if (value === null || !Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

export function coarsenP(p: number | null): number | null {
  return significant(p, P_DIGITS);
}

export function coarsenStatistic(value: number | null): number | null {
  return significant(value, STATISTIC_DIGITS);
}
