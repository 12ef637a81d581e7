/**
 * CTCAE grading of lab values and of ascites (specs/statistics.md §6), reading the versioned
 * criteria tables v5.ts and v4-03.ts. The version is always an explicit input: v4.03 and v5.0
 * grade the same value differently.
 *
 * Lab grade = the highest grade whose threshold the value passes; 0 when it passes none.
 * - Both sides of every comparison are rounded to 8 significant digits (admiral's
 *   signif_dig = 8), so a bilirubin of exactly 3.0 × ULN (3.6 with ULN 1.2) is not
 *   "> 3.0 × ULN" although 3 × 1.2 computes as 3.5999999999999996 (rounded-comparison.ts).
 * - v5.0 liver terms (ALT, AST, ALP, bilirubin): the baseline is abnormal when its value is
 *   above its ULN (the baseline's own ULN, else the current one); multiples of the baseline then
 *   apply. A normal, low or missing baseline counts as normal: multiples of ULN (admiral's
 *   reading, §6.1, edge case 44).
 * - Criteria relative to baseline (creatinine; INR on anticoagulation) do not apply without a
 *   baseline.
 * - A missing LLN or ULN leaves its thresholds undecided. The grade is returned only when no
 *   undecided threshold could raise it, otherwise the result is null (edge case 45). For the
 *   decreased terms this is §6.3 exactly: without LLN, values below the grade-2 cut-off keep
 *   their grade and the rest are null. ALT, AST, ALP and bilirubin without ULN are null unless a
 *   v5.0 abnormal baseline (judged on the baseline's own ULN) makes their thresholds relative
 *   to the baseline. resolveReferenceRange() supplies a default range before it comes to this.
 * - INR "if on anticoagulation": when `onAnticoagulation` is omitted both the plain and the
 *   baseline-relative criteria are evaluated, admiral's worst case (§6.2); false restricts the
 *   grade to the plain criteria.
 * - Values are given in the analyte's canonical unit and converted to the criterion's unit:
 *   hemoglobin and albumin are graded in g/L (§6.5).
 * - null also when the version has no criterion for the analyte.
 */
import { ANALYTES, type AnalyteName } from '../analytes.js';
import { ClinicalInputError } from '../input-error.js';
import { convertUnit } from '../units.js';
import type {
  AscitesIntervention, AscitesSymptoms, CtcaeCriteria, CtcaeVersion, LabCriterion, ThresholdReference,
} from './types.js';
import { isBeyond } from './rounded-comparison.js';
import { CTCAE_V4_03 } from './v4-03.js';
import { CTCAE_V5_0 } from './v5.js';

const CRITERIA_BY_VERSION: Readonly<Record<CtcaeVersion, CtcaeCriteria>> = {
  V5_0: CTCAE_V5_0,
  V4_03: CTCAE_V4_03,
};

/** The criterion a version has for an analyte's lab value, or null. */
export function labCriterion(version: CtcaeVersion, analyte: AnalyteName): LabCriterion | null {
  return CRITERIA_BY_VERSION[version].labs.find((criterion) => criterion.analyte === analyte) ?? null;
}

export interface GradeLabInput {
  readonly version: CtcaeVersion;
  readonly analyte: AnalyteName;
  /** In the analyte's canonical unit, as are the limits and the baseline. */
  readonly value: number;
  readonly lowerLimitOfNormal?: number | null;
  readonly upperLimitOfNormal?: number | null;
  /**
   * The patient's baseline value, for a value measured after it; its ULN decides whether it was
   * abnormal (v5.0 liver terms). Leave it out when grading the baseline value itself or another
   * pre-treatment value: compared with itself, an abnormal baseline would grade 0 in v5.0.
   */
  readonly baseline?: { readonly value: number; readonly upperLimitOfNormal?: number | null } | null;
  /** INR only; omitted = admiral's worst case, both criteria evaluated. */
  readonly onAnticoagulation?: boolean;
}

function checkedQuantity(field: string, quantity: number | null | undefined): number | undefined {
  if (quantity === null || quantity === undefined) return undefined;
  if (!Number.isFinite(quantity) || quantity < 0) {
    throw new ClinicalInputError(field, `must be a finite number ≥ 0, got ${quantity}`);
  }
  return quantity;
}

function inCriterionUnit(criterion: LabCriterion, quantity: number): number {
  const converted = convertUnit(criterion.analyte, quantity, ANALYTES[criterion.analyte].canonicalUnit, criterion.unit);
  if ('error' in converted) throw new Error(`CTCAE criterion "${criterion.term}": ${converted.error}`);
  return converted.value;
}

/** The CTCAE grade (0–4) of one lab value, or null when it cannot be decided (see the header). */
export function gradeLab(input: GradeLabInput): number | null {
  const criterion = labCriterion(input.version, input.analyte);
  if (!criterion) return null;
  const quantity = (field: string, given: number | null | undefined): number | undefined => {
    const checked = checkedQuantity(field, given);
    return checked === undefined ? undefined : inCriterionUnit(criterion, checked);
  };

  const value = quantity('value', input.value);
  if (value === undefined) throw new ClinicalInputError('value', 'is required');
  const references: Readonly<Record<ThresholdReference, number | undefined>> = {
    ULN: quantity('upperLimitOfNormal', input.upperLimitOfNormal),
    LLN: quantity('lowerLimitOfNormal', input.lowerLimitOfNormal),
    BASELINE: quantity('baseline.value', input.baseline?.value),
    ABSOLUTE: 1,
  };
  const baselineUpperLimit = quantity('baseline.upperLimitOfNormal', input.baseline?.upperLimitOfNormal) ?? references.ULN;
  const baselineIsAbnormal = references.BASELINE !== undefined && baselineUpperLimit !== undefined
    && isBeyond('INCREASED', references.BASELINE, baselineUpperLimit, false);
  const thresholds = (baselineIsAbnormal ? criterion.thresholdsIfBaselineAbnormal : undefined) ?? criterion.thresholds;

  let grade = 0;
  let highestUndecided = 0;
  for (const threshold of thresholds) {
    if (threshold.onlyOnAnticoagulation && input.onAnticoagulation === false) continue;
    const reference = references[threshold.reference];
    if (reference === undefined) {
      if (threshold.reference !== 'BASELINE') highestUndecided = Math.max(highestUndecided, threshold.grade);
    } else if (isBeyond(criterion.direction, value, threshold.times * reference, threshold.inclusive)) {
      grade = Math.max(grade, threshold.grade);
    }
  }
  return highestUndecided > grade ? null : grade;
}

/**
 * What the clinical record says about ascites at one time. Omitted details are not assumed:
 * ascites seen on imaging with nothing else documented is `{ present: true }`, grade 1
 * ("clinical or diagnostic observations only"). Diuretics are a MEDICAL intervention;
 * paracentesis, a drain or TIPS are INVASIVE.
 */
export type AscitesFinding =
  | { readonly present: false }
  | {
    readonly present: true;
    readonly symptoms?: AscitesSymptoms;
    readonly intervention?: AscitesIntervention;
    /** Death attributed to ascites (grade 5). */
    readonly fatal?: boolean;
  };

/** The CTCAE grade (0–5) of ascites: the highest grade any documented feature reaches. */
export function gradeAscites(input: { readonly version: CtcaeVersion } & AscitesFinding): number {
  if (!input.present) return 0;
  if (input.fatal) return 5;
  const { gradeBySymptoms, gradeByIntervention } = CRITERIA_BY_VERSION[input.version].ascites;
  return Math.max(gradeBySymptoms[input.symptoms ?? 'NONE'], gradeByIntervention[input.intervention ?? 'NONE']);
}

/** The worst (highest) of several grades, ignoring undecided ones; null when none is decided. */
export function worstGrade(grades: Iterable<number | null | undefined>): number | null {
  let worst: number | null = null;
  for (const grade of grades) {
    if (grade !== null && grade !== undefined && (worst === null || grade > worst)) worst = grade;
  }
  return worst;
}
