/**
 * The clinical layer: pure domain rules, no I/O, no imports from the rest of the project.
 * The analyte catalogue and unit conversion, reference-range resolution, CTCAE v4.03 / v5.0
 * grading (criteria as versioned data in ctcae/), and study timepoint windows.
 */
export {
  ANALYTE_NAMES, ANALYTES, resolveAnalyte,
  type Analyte, type AnalyteName, type DefaultReferenceRange, type LoincCode, type ReferenceInterval,
} from './analytes.js';
export { UNIT_CONVERSIONS, type UnitConversion } from './unit-conversions.js';
export { acceptedUnits, convertUnit, normalizeUnit, toCanonical, type ConversionResult } from './units.js';
export {
  resolveReferenceRange,
  type ReferenceLimits, type ReferenceLimitSource, type ReferenceRangeSources, type ResolvedReferenceRange,
} from './reference-range.js';
export { CTCAE_V5_0 } from './ctcae/v5.js';
export { CTCAE_V4_03 } from './ctcae/v4-03.js';
export {
  gradeAscites, gradeLab, labCriterion, worstGrade, type AscitesFinding, type GradeLabInput,
} from './ctcae/grade.js';
export type {
  AscitesCriterion, AscitesIntervention, AscitesSymptoms, CtcaeCriteria, CtcaeVersion, GradeTexts,
  GradeThreshold, LabCriterion, ThresholdReference,
} from './ctcae/types.js';
export {
  DAYS_PER_MONTH, DAYS_PER_YEAR, DEFAULT_TIMEPOINT_WINDOWS, TIMEPOINTS,
  assignTimepoint, convertDays, daysToMonths, daysToYears, pickValuePerWindow, timepointWindows,
  type TimeUnit, type Timepoint, type TimepointWindow, type TimepointWindowOverrides, type TimepointWindows,
} from './timepoints.js';
export { ClinicalInputError } from './input-error.js';
export { PLAUSIBLE_RANGES, plausibilityWarning, type PlausibleRange } from './plausibility.js';
