/**
 * The shape of a CTCAE criteria table (v5.ts, v4-03.ts): the NCI text of each term, kept
 * verbatim, beside its machine reading as thresholds. grade.ts evaluates the thresholds; the
 * text is what a reviewer checks them against.
 *
 * Range semantics (specs/statistics.md §6): "A - B" after ">" means A < x ≤ B, after "<" means
 * B ≤ x < A, and a bare "1.5 - 3.0 x baseline" means 1.5·baseline ≤ x ≤ 3.0·baseline. Grades
 * are contiguous, so each grade is fully described by its lower boundary: a threshold.
 */
import type { AnalyteName } from '../analytes.js';

export type CtcaeVersion = 'V5_0' | 'V4_03';

/** What a threshold multiplies: the limits of normal, the patient's baseline, or 1 (a fixed cut-off). */
export type ThresholdReference = 'ULN' | 'LLN' | 'BASELINE' | 'ABSOLUTE';

/**
 * One way to reach `grade`: the value lies beyond `times × reference` (for ABSOLUTE, beyond
 * `times` itself, in the criterion's unit). Increased terms: value > threshold (≥ when
 * inclusive); decreased terms: value < threshold (≤ when inclusive).
 */
export interface GradeThreshold {
  readonly grade: 1 | 2 | 3 | 4;
  readonly reference: ThresholdReference;
  readonly times: number;
  readonly inclusive: boolean;
  /** The INR criteria relative to baseline hold only "if on anticoagulation". */
  readonly onlyOnAnticoagulation?: true;
}

/** The NCI text of grades 1 to 5; "-" where the grade does not exist for the term. */
export interface GradeTexts {
  readonly 1: string;
  readonly 2: string;
  readonly 3: string;
  readonly 4: string;
  readonly 5: string;
}

export interface LabCriterion {
  readonly term: string;
  readonly systemOrganClass: string;
  readonly analyte: AnalyteName;
  readonly direction: 'INCREASED' | 'DECREASED';
  /** The unit the fixed cut-offs are written in; values are converted to it before grading. */
  readonly unit: string;
  readonly gradeTexts: GradeTexts;
  /** Alternatives joined by ";" are separate thresholds; the grade is the highest one met. */
  readonly thresholds: readonly GradeThreshold[];
  /**
   * v5.0 liver terms: the thresholds "if baseline was abnormal" (baseline above its ULN);
   * `thresholds` are then those "if baseline was normal", also used when the baseline is
   * missing or low.
   */
  readonly thresholdsIfBaselineAbnormal?: readonly GradeThreshold[];
  readonly source: string;
}

export type AscitesSymptoms = 'NONE' | 'SYMPTOMATIC' | 'SEVERE' | 'LIFE_THREATENING';
export type AscitesIntervention = 'NONE' | 'MEDICAL' | 'INVASIVE' | 'URGENT_OPERATIVE';

/** Ascites is graded from the clinical record: the grade each documented feature reaches. */
export interface AscitesCriterion {
  readonly term: string;
  readonly systemOrganClass: string;
  readonly gradeTexts: GradeTexts;
  readonly gradeBySymptoms: Readonly<Record<AscitesSymptoms, 1 | 2 | 3 | 4>>;
  readonly gradeByIntervention: Readonly<Record<AscitesIntervention, 1 | 2 | 3 | 4>>;
  readonly source: string;
}

export interface CtcaeCriteria {
  readonly version: CtcaeVersion;
  readonly document: string;
  readonly labs: readonly LabCriterion[];
  readonly ascites: AscitesCriterion;
}
