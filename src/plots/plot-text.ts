/**
 * How numbers read in plot titles and labels. P values follow the usual clinical-journal rule
 * (e.g. the AMA Manual of Style): two decimals, three below 0.1 so that a value near 0.05 is not
 * rounded across it, and "< 0.001" below that; estimates (hazard ratios, F) keep three significant
 * digits; times have fixed decimals per unit (formatTime), so that medians line up in a subtitle.
 */

/** "0.042", "0.31" or "< 0.001". */
export function formatPValue(p: number): string {
  if (p < 0.001) return '< 0.001';
  return p < 0.1 ? p.toFixed(3) : p.toFixed(2);
}

/** "P = 0.042" or "P < 0.001". */
export function formatP(p: number): string {
  const value = formatPValue(p);
  return value.startsWith('<') ? `P ${value}` : `P = ${value}`;
}

export function formatEstimate(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  return value.toFixed(Math.max(0, 2 - magnitude));
}

/** "1.85 (1.02–3.36)": an estimate with its interval, "–" for a missing limit. */
export function formatInterval(estimate: number, lower: number | null, upper: number | null): string {
  const limit = (value: number | null) => (value === null ? '–' : formatEstimate(value));
  return `${formatEstimate(estimate)} (${limit(lower)}–${limit(upper)})`;
}

export type PlotTimeUnit = 'DAYS' | 'MONTHS' | 'YEARS';

export const TIME_UNIT_WORDS: Readonly<Record<PlotTimeUnit, string>> = { DAYS: 'days', MONTHS: 'months', YEARS: 'years' };

/** Decimals of a time: whole days, months and years to one decimal (docs/plots.md, "Rounding"). */
const TIME_DECIMALS: Readonly<Record<PlotTimeUnit, number>> = { DAYS: 0, MONTHS: 1, YEARS: 1 };

/** "50.8 months", "7.0 months", "214 days": one rule per unit, whatever the magnitude. */
export function formatTime(value: number, unit: PlotTimeUnit): string {
  return `${value.toFixed(TIME_DECIMALS[unit])} ${TIME_UNIT_WORDS[unit]}`;
}

export type PlotTimepoint = 'BASELINE' | 'MONTH_6' | 'YEAR_1' | 'YEAR_2' | 'YEAR_3' | 'YEAR_4';

export const TIMEPOINT_WORDS: Readonly<Record<PlotTimepoint, string>> = {
  BASELINE: 'Baseline', MONTH_6: '6 months', YEAR_1: '1 year', YEAR_2: '2 years', YEAR_3: '3 years', YEAR_4: '4 years',
};
