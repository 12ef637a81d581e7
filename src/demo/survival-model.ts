/**
 * The proportional-hazards model behind the demo cohort's survival: the factors of the
 * univariate Cox analysis of Tomozawa et al. 2018, each with
 *
 * - `publishedHazardRatio`, the paper's univariate hazard ratio: the target the drawn cohort is
 *   calibrated to (survival.ts keeps the draw whose univariate scores are closest to zero at
 *   these ratios);
 * - `generatingHazardRatio`, the ratio used to draw deaths, adjusted for the other factors.
 *   It is smaller than the published one where factors travel together: ascites goes with
 *   Child-Pugh B/C, so their univariate ratios each carry part of the other's effect (a
 *   multivariable model of the paper kept ascites 5.25 and extrahepatic disease 2.02).
 *
 * The five factors the paper found significant weigh fully in the calibration; the others,
 * with ratios near 1, weigh a quarter. The calibration also aims at the group medians the paper
 * reports (MEDIAN_TARGETS).
 */
import type { PriorTherapy } from '../../db/schema/enums.js';
import { DAYS_PER_YEAR } from '../clinical/index.js';
import type { Baseline } from './baseline.js';
import { MEDIAN_SURVIVAL_MONTHS, TABLE_1, UNIVARIATE_HAZARD_RATIOS } from './published-study.js';
import type { TreatmentCourse } from './treatments.js';

export interface PatientFacts {
  readonly baseline: Baseline;
  readonly priorTherapies: readonly PriorTherapy[];
  readonly course: TreatmentCourse;
}

export interface HazardFactor {
  readonly name: keyof typeof UNIVARIATE_HAZARD_RATIOS;
  readonly present: (facts: PatientFacts) => boolean;
  readonly publishedHazardRatio: number;
  readonly generatingHazardRatio: number;
  readonly calibrationWeight: number;
}

const FULL = 1;
const MINOR = 0.25;
const AGE_60_DAYS = 60 * DAYS_PER_YEAR;

function totalActivity(course: TreatmentCourse): number {
  return course.sessions.reduce((sum, session) => sum + session.activityGbq, 0);
}

function factor(
  name: HazardFactor['name'],
  present: HazardFactor['present'],
  generatingHazardRatio: number,
  calibrationWeight: number,
): HazardFactor {
  return { name, present, publishedHazardRatio: UNIVARIATE_HAZARD_RATIOS[name], generatingHazardRatio, calibrationWeight };
}

export const HAZARD_FACTORS: readonly HazardFactor[] = [
  factor('ascites', ({ baseline }) => baseline.ascites, 5.5, FULL),
  factor('extrahepaticMetastases', ({ baseline }) => baseline.extrahepaticMetastases, 2.6, FULL),
  factor('priorSystemicChemotherapy', ({ priorTherapies }) => priorTherapies.includes('SYSTEMIC_CHEMOTHERAPY'), 2.9, FULL),
  factor('alpGrade2OrWorse', ({ baseline }) => baseline.alpGrade2OrWorse, 2.0, FULL),
  factor('childPughBOrC', ({ baseline }) => baseline.childPugh !== 'A', 2.2, FULL),
  factor('ageOver60', ({ baseline }) => baseline.ageDays > AGE_60_DAYS, 1.15, MINOR),
  factor('male', ({ baseline }) => baseline.sex === 'MALE', 1.5, MINOR),
  factor('ecogAtLeast1', ({ baseline }) => baseline.ecog >= 1, 1.3, MINOR),
  factor('carcinoid', ({ baseline }) => baseline.tumorType === 'CARCINOID', 1, MINOR),
  factor('moderatePoorDifferentiation', ({ baseline }) => baseline.differentiation === 'MODERATE_POOR', 1.3, MINOR),
  factor('burdenOver50', ({ baseline }) => baseline.tumorBurden === 'OVER_50', 1, MINOR),
  factor('burdenAtLeast25', ({ baseline }) => baseline.tumorBurden !== 'UNDER_25', 1.1, MINOR),
  factor('priorTace', ({ priorTherapies }) => priorTherapies.includes('TACE'), 1, MINOR),
  factor('priorResection', ({ priorTherapies }) => priorTherapies.includes('RESECTION'), 0.9, MINOR),
  factor('bilobar', ({ course }) => course.bilobar, 0.8, MINOR),
  factor('activityOver1_92Gbq', ({ course }) => totalActivity(course) > TABLE_1.totalActivityGbq.mean, 1, MINOR),
];

export interface MedianTarget {
  readonly present: (facts: PatientFacts) => boolean;
  /** Published Kaplan–Meier median of the patients for whom `present` holds, months. */
  readonly months: number;
}

/** The group medians the paper reports: ascites present / absent, extrahepatic disease present / absent. */
export const MEDIAN_TARGETS: readonly MedianTarget[] = [
  { present: ({ baseline }) => baseline.ascites, months: MEDIAN_SURVIVAL_MONTHS.ascitesPresent },
  { present: ({ baseline }) => !baseline.ascites, months: MEDIAN_SURVIVAL_MONTHS.ascitesAbsent },
  { present: ({ baseline }) => baseline.extrahepaticMetastases, months: MEDIAN_SURVIVAL_MONTHS.extrahepaticPresent },
  { present: ({ baseline }) => !baseline.extrahepaticMetastases, months: MEDIAN_SURVIVAL_MONTHS.extrahepaticAbsent },
];
