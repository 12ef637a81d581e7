/**
 * Physiological plausibility of a lab value: the range, per analyte and in its canonical unit,
 * outside which a result is far more likely a typing or unit error than a measurement (ALT
 * 12000 U/L typed for 1200, albumin 35 "g/dL" that was g/L). A value outside is imported and
 * stored with a warning, never refused: extreme values do occur (ischaemic hepatitis, leukaemic
 * counts), and the site is the one to confirm them.
 *
 * The limits are this API's, not a published table: each is set beyond the most extreme values
 * the clinical literature reports in living adults for that analyte (e.g. aminotransferases in
 * ischaemic or toxic hepatitis reach several thousand U/L; haemoglobin below 2 g/dL or above 25
 * g/dL is incompatible with circulation), so that a warning means "check this value". docs/
 * import-export.md lists them.
 */
import { ANALYTES, type AnalyteName } from './analytes.js';

export interface PlausibleRange {
  /** The lowest plausible value; values below it are warned about. */
  readonly low: number;
  /** The highest plausible value; values above it are warned about. */
  readonly high: number;
}

export const PLAUSIBLE_RANGES: Readonly<Record<AnalyteName, PlausibleRange>> = {
  ALBUMIN: { low: 0.5, high: 7 },
  ALP: { low: 5, high: 5000 },
  AST: { low: 1, high: 10_000 },
  ALT: { low: 1, high: 10_000 },
  BILIRUBIN: { low: 0, high: 50 },
  HEMOGLOBIN: { low: 2, high: 25 },
  PLATELETS: { low: 1, high: 2000 },
  LEUKOCYTES: { low: 0.1, high: 500 },
  NEUTROPHILS: { low: 0, high: 400 },
  CREATININE: { low: 0.1, high: 30 },
  INR: { low: 0.5, high: 20 },
};

const withUnit = (value: number, unit: string) => (unit === '1' ? String(value) : `${value} ${unit}`);

/**
 * The warning for a value (canonical unit) outside its analyte's plausible range, saying which
 * side and what to check; null when the value is plausible.
 */
export function plausibilityWarning(analyte: AnalyteName, value: number): string | null {
  const { low, high } = PLAUSIBLE_RANGES[analyte];
  if (value >= low && value <= high) return null;
  const unit = ANALYTES[analyte].canonicalUnit;
  const side = value > high ? `above ${withUnit(high, unit)}` : `below ${withUnit(low, unit)}`;
  return `${analyte} ${withUnit(value, unit)} is ${side}, outside the physiologically plausible range `
    + `${low}–${withUnit(high, unit)}: check the value and its unit (the row is kept, with this warning)`;
}
