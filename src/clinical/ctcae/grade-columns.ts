/**
 * CTCAE grading of a column of lab values of one analyte at once: the rules of gradeLab()
 * (grade.ts, whose header gives them) applied to typed arrays, with the analyte's criterion, its
 * unit conversion and its thresholds looked up once per column instead of once per value. The
 * grades are gradeLab()'s, value for value (test/clinical/ctcae/grade-columns.test.ts compares
 * them); what is undecided there (null) is UNDECIDED_GRADE here.
 *
 * Missing limits and baselines are NaN. Every column is in the analyte's canonical unit. Input
 * errors are gradeLab()'s (ClinicalInputError: a value or limit that is negative or not finite),
 * raised for the first bad cell of a column, the columns checked in gradeLab()'s order.
 */
import { ANALYTES, type AnalyteName } from '../analytes.js';
import { ClinicalInputError } from '../input-error.js';
import { convertUnit } from '../units.js';
import { labCriterion } from './grade.js';
import { isBeyond } from './rounded-comparison.js';
import type { CtcaeVersion, GradeThreshold, LabCriterion, ThresholdReference } from './types.js';

/** The grade of a value that cannot be decided (gradeLab()'s null). */
export const UNDECIDED_GRADE = -1;

export interface LabValueColumns {
  /** The values, one per lab. */
  readonly values: Float64Array;
  /** Each value's lower limit of normal; NaN where missing. */
  readonly lowerLimitsOfNormal: Float64Array;
  /** Each value's upper limit of normal; NaN where missing. */
  readonly upperLimitsOfNormal: Float64Array;
  /** The baseline each value is compared with (gradeLab()'s `baseline.value`); NaN where it has none. */
  readonly baselineValues: Float64Array;
  /** That baseline's own ULN (gradeLab()'s `baseline.upperLimitOfNormal`); NaN: the value's ULN. */
  readonly baselineUpperLimitsOfNormal: Float64Array;
}

export interface GradeColumnsOptions {
  /** INR only; omitted = admiral's worst case, both criteria evaluated (as gradeLab()). */
  readonly onAnticoagulation?: boolean;
}

/** The cells of a column in the criterion's unit, after gradeLab()'s check of each given one. */
function inCriterionUnit(criterion: LabCriterion, field: string, column: Float64Array, missingAllowed: boolean): Float64Array {
  const canonicalUnit = ANALYTES[criterion.analyte].canonicalUnit;
  const converted = canonicalUnit === criterion.unit ? column : new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const quantity = column[i]!;
    if (Number.isNaN(quantity) && missingAllowed) {
      converted[i] = Number.NaN;
      continue;
    }
    if (!Number.isFinite(quantity) || quantity < 0) throw new ClinicalInputError(field, `must be a finite number ≥ 0, got ${quantity}`);
    if (converted === column) continue;
    const result = convertUnit(criterion.analyte, quantity, canonicalUnit, criterion.unit);
    if ('error' in result) throw new Error(`CTCAE criterion "${criterion.term}": ${result.error}`);
    converted[i] = result.value;
  }
  return converted;
}

/** A reference of a threshold, as an index into the references of one value. */
const REFERENCE_INDEX: Readonly<Record<ThresholdReference, number>> = { ULN: 0, LLN: 1, BASELINE: 2, ABSOLUTE: 3 };

/** The thresholds that apply, with their references as indexes. */
function applicable(thresholds: readonly GradeThreshold[], options: GradeColumnsOptions) {
  return thresholds
    .filter((threshold) => !(threshold.onlyOnAnticoagulation && options.onAnticoagulation === false))
    .map((threshold) => ({ ...threshold, referenceIndex: REFERENCE_INDEX[threshold.reference] }));
}

/** The CTCAE grade (0–4, or UNDECIDED_GRADE) of each value of one analyte's columns. */
export function gradeLabColumns(version: CtcaeVersion, analyte: AnalyteName, columns: LabValueColumns, options: GradeColumnsOptions = {}): Int8Array {
  const count = columns.values.length;
  const grades = new Int8Array(count);
  const criterion = labCriterion(version, analyte);
  if (criterion === null) return grades.fill(UNDECIDED_GRADE);
  const values = inCriterionUnit(criterion, 'value', columns.values, false);
  const upperLimits = inCriterionUnit(criterion, 'upperLimitOfNormal', columns.upperLimitsOfNormal, true);
  const lowerLimits = inCriterionUnit(criterion, 'lowerLimitOfNormal', columns.lowerLimitsOfNormal, true);
  const baselines = inCriterionUnit(criterion, 'baseline.value', columns.baselineValues, true);
  const baselineUpperLimits = inCriterionUnit(criterion, 'baseline.upperLimitOfNormal', columns.baselineUpperLimitsOfNormal, true);
  const ifBaselineNormal = applicable(criterion.thresholds, options);
  const ifBaselineAbnormal = criterion.thresholdsIfBaselineAbnormal === undefined ? ifBaselineNormal : applicable(criterion.thresholdsIfBaselineAbnormal, options);
  const references = new Float64Array(4);
  references[REFERENCE_INDEX.ABSOLUTE] = 1;
  for (let i = 0; i < count; i++) {
    const value = values[i]!;
    references[REFERENCE_INDEX.ULN] = upperLimits[i]!;
    references[REFERENCE_INDEX.LLN] = lowerLimits[i]!;
    const baseline = baselines[i]!;
    references[REFERENCE_INDEX.BASELINE] = baseline;
    const ownBaselineUpperLimit = baselineUpperLimits[i]!;
    const baselineUpperLimit = Number.isNaN(ownBaselineUpperLimit) ? upperLimits[i]! : ownBaselineUpperLimit;
    const baselineIsAbnormal = !Number.isNaN(baseline) && !Number.isNaN(baselineUpperLimit) && isBeyond('INCREASED', baseline, baselineUpperLimit, false);
    const thresholds = baselineIsAbnormal ? ifBaselineAbnormal : ifBaselineNormal;
    let grade = 0;
    let highestUndecided = 0;
    for (const threshold of thresholds) {
      const reference = references[threshold.referenceIndex]!;
      if (Number.isNaN(reference)) {
        if (threshold.reference !== 'BASELINE' && threshold.grade > highestUndecided) highestUndecided = threshold.grade;
      } else if (threshold.grade > grade && isBeyond(criterion.direction, value, threshold.times * reference, threshold.inclusive)) {
        grade = threshold.grade;
      }
    }
    grades[i] = highestUndecided > grade ? UNDECIDED_GRADE : grade;
  }
  return grades;
}
