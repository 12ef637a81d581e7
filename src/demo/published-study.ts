/**
 * The published figures the synthetic demo cohort is calibrated to: Tomozawa et al., "Yttrium-90
 * radioembolization for neuroendocrine liver metastases", J Vasc Interv Radiol 29(6):858–865,
 * 2018, as restated in docs/founding-study.md. Data only, read by the generator and by
 * the reproduction report (src/report/).
 *
 * Counts are for the study's 93 patients (STUDY_SIZE); a cohort of another size rescales them.
 */
import type { Analyte, ChildPughClass, Differentiation, PriorTherapy, RecistResponse, Sex, TumorBurden, TumorType } from '../../db/schema/enums.js';

export const STUDY_SIZE = 93;

/** Table 1: patients per category (exact at 93). */
export const TABLE_1 = {
  sex: { MALE: 46, FEMALE: 47 } satisfies Record<Sex, number>,
  ecog: [47, 41, 5] as const,
  tumorType: { CARCINOID: 66, ISLET_CELL: 27 } satisfies Partial<Record<TumorType, number>>,
  differentiation: { WELL: 56, MODERATE_POOR: 15, UNKNOWN: 22 } satisfies Record<Differentiation, number>,
  /** A patient may have several; 35 had none, so 58 had at least one. */
  priorTherapy: { TACE: 24, RESECTION: 21, SYSTEMIC_CHEMOTHERAPY: 15, ABLATION: 10 } satisfies Record<PriorTherapy, number>,
  noPriorTherapy: 35,
  tumorBurden: { UNDER_25: 36, FROM_25_TO_50: 31, OVER_50: 26 } satisfies Record<TumorBurden, number>,
  ascites: 16,
  extrahepaticMetastases: 32,
  childPugh: { A: 75, B: 17, C: 1 } satisfies Record<ChildPughClass, number>,
  /** Baseline ALP CTCAE grade 2–3 (> 2.5 × ULN). */
  alpGrade2OrWorse: 16,
  age: { mean: 58.6, sd: 13.7, min: 22, max: 88 },
  /** Per-patient total administered activity, GBq. */
  totalActivityGbq: { mean: 1.92, sd: 0.91 },
  monthsFromDiagnosisToTare: { mean: 27, min: 1, max: 216 },
  unilobar: 48,
  bilobar: 45,
  /** Patients with 1, 2, 3, 4 sessions: 168 sessions in all. */
  sessionsPerPatient: [37, 43, 7, 6] as const,
  segmentalSessions: 8,
  /** Whole-liver sessions, only in patients with a prior lobar resection. */
  wholeLiverPatients: 3,
  /** Follow-up months (index to death or last follow-up): median and interquartile range. */
  followUpMonths: { median: 15.0, lowerQuartile: 7.0, upperQuartile: 31.0 },
  diedWithinFirstYear: 18,
  lostWithinFirstYear: 23,
  followedBeyondOneYear: 52,
  followedBeyondFourYears: 11,
  deaths: 42,
} as const;

/** The study's enrolment window: first TARE sessions from February 2007 to November 2015. */
export const ENROLMENT = { firstMonth: '2007-02', lastMonth: '2015-11' } as const;

/** Univariate Cox hazard ratios (the study's "Survival" results), each factor present vs absent. */
export const UNIVARIATE_HAZARD_RATIOS = {
  ascites: 9.42,
  extrahepaticMetastases: 2.63,
  priorSystemicChemotherapy: 2.91,
  alpGrade2OrWorse: 2.46,
  childPughBOrC: 3.55,
  ageOver60: 1.19,
  male: 1.47,
  ecogAtLeast1: 1.66,
  carcinoid: 0.98,
  moderatePoorDifferentiation: 1.53,
  burdenOver50: 1.54,
  burdenAtLeast25: 1.43,
  priorTace: 0.98,
  priorResection: 0.87,
  bilobar: 0.88,
  activityOver1_92Gbq: 1.03,
} as const;

/** Kaplan–Meier medians of overall survival by group, months. */
export const MEDIAN_SURVIVAL_MONTHS = {
  ascitesPresent: 7.3,
  ascitesAbsent: 53.8,
  extrahepaticPresent: 21.1,
  extrahepaticAbsent: 58.0,
} as const;

export type DemoAnalyte = Extract<Analyte, 'ALBUMIN' | 'ALP' | 'AST' | 'ALT' | 'BILIRUBIN' | 'HEMOGLOBIN' | 'PLATELETS' | 'LEUKOCYTES'>;

export const DEMO_ANALYTES: readonly DemoAnalyte[] = ['ALBUMIN', 'ALP', 'AST', 'ALT', 'BILIRUBIN', 'HEMOGLOBIN', 'PLATELETS', 'LEUKOCYTES'];

interface MeanSd { readonly mean: number; readonly sd: number }

/** Table 3: the 52 patients followed > 1 year, mean (SD) at baseline, 6 months, 1 year. */
export const TABLE_3: Readonly<Record<DemoAnalyte, readonly [MeanSd, MeanSd, MeanSd]>> = {
  ALBUMIN: [{ mean: 3.5, sd: 0.4 }, { mean: 3.5, sd: 0.4 }, { mean: 3.4, sd: 0.5 }],
  ALP: [{ mean: 143.1, sd: 89.3 }, { mean: 152.1, sd: 83.5 }, { mean: 250.8, sd: 141.6 }],
  AST: [{ mean: 30.5, sd: 13.8 }, { mean: 35.6, sd: 18.5 }, { mean: 43.2, sd: 20.2 }],
  ALT: [{ mean: 32.5, sd: 19.5 }, { mean: 34.3, sd: 18.5 }, { mean: 40.5, sd: 18.3 }],
  BILIRUBIN: [{ mean: 0.7, sd: 0.3 }, { mean: 0.7, sd: 0.4 }, { mean: 0.8, sd: 0.5 }],
  HEMOGLOBIN: [{ mean: 12.4, sd: 1.4 }, { mean: 12.3, sd: 1.5 }, { mean: 12.3, sd: 1.8 }],
  PLATELETS: [{ mean: 238.3, sd: 101.7 }, { mean: 222.3, sd: 80.2 }, { mean: 217.2, sd: 116.8 }],
  LEUKOCYTES: [{ mean: 6.8, sd: 2.2 }, { mean: 6.1, sd: 2.5 }, { mean: 6.4, sd: 2.9 }],
};

/** Table 3, bilobar patients (n = 29 of the 52): means at baseline, 6 months, 1 year, where published. */
export const TABLE_3_BILOBAR: Readonly<Partial<Record<DemoAnalyte, readonly [number, number, number]>>> = {
  ALP: [148.1, 152.7, 254.1],
  AST: [31.4, 37.3, 45.9],
  ALT: [31.8, 36.7, 42.7],
  PLATELETS: [231.7, 219.2, 186.4],
};

/** Table 3 split of the 52: unilobar 23, bilobar 29 (also Table 6). */
export const FOLLOWED_BEYOND_ONE_YEAR_BY_DISTRIBUTION = { UNILOBAR: 23, BILOBAR: 29 } as const;

/** Table 5: the 11 patients followed > 4 years, means at baseline, 1, 2, 3, 4 years. */
export const TABLE_5: Readonly<Record<DemoAnalyte, readonly [number, number, number, number, number]>> = {
  ALBUMIN: [3.7, 3.7, 3.7, 3.7, 3.6],
  ALP: [101, 196.9, 158.8, 184, 224.6],
  AST: [28.3, 37.9, 39.4, 37.1, 40.7],
  ALT: [28.5, 39.4, 43.9, 37.5, 38.4],
  BILIRUBIN: [0.9, 0.7, 0.8, 1.0, 1.0],
  HEMOGLOBIN: [13.1, 13.1, 13.3, 13.2, 12.6],
  PLATELETS: [226.5, 245.1, 201, 198.7, 184.9],
  LEUKOCYTES: [5.9, 5.4, 5.2, 5.0, 5.0],
};

/** Table 4 (n = 52): patients at CTCAE grade 2 and grade 3 at baseline, 6 months, 1 year. */
export const TABLE_4: Readonly<Record<DemoAnalyte, readonly [readonly [number, number], readonly [number, number], readonly [number, number]]>> = {
  ALBUMIN: [[2, 0], [3, 0], [11, 1]],
  ALP: [[6, 0], [5, 0], [13, 1]],
  AST: [[0, 0], [1, 0], [1, 0]],
  ALT: [[4, 0], [1, 0], [3, 0]],
  BILIRUBIN: [[1, 0], [2, 0], [0, 2]],
  HEMOGLOBIN: [[3, 0], [3, 0], [4, 0]],
  PLATELETS: [[0, 0], [0, 0], [2, 0]],
  LEUKOCYTES: [[1, 0], [1, 0], [2, 0]],
};

export type ImagingFinding = 'ascites' | 'cirrhosisLikeMorphology' | 'splenomegaly' | 'varices';

/** Table 6: new findings on 1-year imaging, unilobar (n = 23) and bilobar (n = 29). */
export const TABLE_6: Readonly<Record<ImagingFinding, { readonly UNILOBAR: number; readonly BILOBAR: number }>> = {
  ascites: { UNILOBAR: 1, BILOBAR: 5 },
  cirrhosisLikeMorphology: { UNILOBAR: 1, BILOBAR: 6 },
  splenomegaly: { UNILOBAR: 3, BILOBAR: 6 },
  varices: { UNILOBAR: 0, BILOBAR: 2 },
};

/** Table 6: patients of the 52 with at least one sign, including all 4 with grade 3 lab toxicity. */
export const PATIENTS_WITH_ANY_IMAGING_SIGN = 15;

/** RECIST response at 1 year among the 52. */
export const RECIST_AT_ONE_YEAR = { CR: 0, PR: 13, SD: 35, PD: 4 } satisfies Record<RecistResponse, number>;

/** Therapies started within the first year after TARE. */
export const FOLLOW_UP_THERAPIES_WITHIN_FIRST_YEAR = [
  { kind: 'SYSTEMIC', agent: 'everolimus', patients: 7 },
  { kind: 'SYSTEMIC', agent: 'capecitabine-temozolomide', patients: 2 },
  { kind: 'HEPATIC_ARTERIAL_INFUSION', agent: 'hepatic arterial infusion chemotherapy', patients: 1 },
] as const;
