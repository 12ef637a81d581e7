/**
 * Where a lab's CTCAE grades begin, as values in the analyte's canonical unit, for reference
 * lines on a lab plot. A plot has no patient, so the limits of normal are the catalogue's default
 * adult range (src/clinical/analytes.ts) and the thresholds relative to a patient's baseline
 * (v5.0's "if baseline was abnormal", creatinine's "x baseline", INR on anticoagulation) are left
 * out: only the thresholds that are one number for everyone are drawn. A grade whose threshold is
 * no milder than a higher grade's is empty at these limits (e.g. v5.0 neutrophils: LLN 1.42 below
 * grade 2's 1.5 × 10^9/L) and gets no line. The criteria are the versioned tables of
 * src/clinical/ctcae.
 */
import { ANALYTES, convertUnit, labCriterion, type AnalyteName, type CtcaeVersion } from '../clinical/index.js';

export interface GradeThresholdLine {
  grade: number;
  /** In the analyte's canonical unit. */
  value: number;
  /** ">" for increased terms (the grade starts above the value), "<" for decreased ones. */
  direction: '>' | '<';
  /** What the value is: "ULN", "1.5 × ULN", "LLN" or "" for a fixed cut-off. */
  basis: string;
}

export function gradeThresholds(analyte: AnalyteName, version: CtcaeVersion): GradeThresholdLine[] {
  const criterion = labCriterion(version, analyte);
  if (criterion === null) return [];
  const { canonicalUnit, defaultReferenceRange } = ANALYTES[analyte];
  const direction = criterion.direction === 'INCREASED' ? '>' : '<';
  const lines: GradeThresholdLine[] = criterion.thresholds.flatMap((threshold) => {
    if (threshold.reference === 'BASELINE' || threshold.onlyOnAnticoagulation) return [];
    if (threshold.reference === 'ABSOLUTE') {
      const converted = convertUnit(analyte, threshold.times, criterion.unit, canonicalUnit);
      return 'value' in converted ? [{ grade: threshold.grade, value: converted.value, direction, basis: '' }] : [];
    }
    const limit = threshold.reference === 'ULN' ? defaultReferenceRange.upperLimitOfNormal : defaultReferenceRange.lowerLimitOfNormal;
    const basis = threshold.times === 1 ? threshold.reference : `${threshold.times} × ${threshold.reference}`;
    return [{ grade: threshold.grade, value: threshold.times * limit, direction, basis }];
  });
  const milder = (line: GradeThresholdLine, than: GradeThresholdLine) => (direction === '>' ? line.value < than.value : line.value > than.value);
  return lines.filter((line) => lines.every((other) => other.grade <= line.grade || milder(line, other)));
}
