/**
 * The figures of Tomozawa et al., J Vasc Interv Radiol 2018;29(6):858–865 that the reproduction
 * report sets beside its own, as restated in docs/founding-study.md. Counts and means the
 * demo generator is calibrated to live in src/demo/published-study.ts and are read from there; this
 * module adds the intervals and P values the generator does not need.
 */
import type { Timepoint } from '../clinical/index.js';

export interface PublishedHazardRatio {
  label: string;
  covariate: { variable: string; above?: number; levels?: string[]; label?: string };
  hazardRatio: number;
  lower?: number;
  upper?: number;
  /** As printed: "< .001" or a number. */
  p: string;
}

export const UNIVARIATE_COX: readonly PublishedHazardRatio[] = [
  { label: 'Ascites', covariate: { variable: 'ascitesAtBaseline' }, hazardRatio: 9.42, lower: 3.87, upper: 22.95, p: '< .001' },
  { label: 'Extrahepatic metastases', covariate: { variable: 'extrahepaticMetastases' }, hazardRatio: 2.63, lower: 1.4, upper: 4.92, p: '.003' },
  { label: 'Prior systemic chemotherapy', covariate: { variable: 'priorTherapy.SYSTEMIC_CHEMOTHERAPY' }, hazardRatio: 2.91, lower: 1.32, upper: 6.4, p: '.008' },
  { label: 'Baseline ALP grade 2–3 vs 0–1', covariate: { variable: 'grade.ALP.BASELINE', above: 1, label: 'ALP grade 2-3' }, hazardRatio: 2.46, lower: 1.21, upper: 4.97, p: '.013' },
  { label: 'Child-Pugh B/C vs A', covariate: { variable: 'childPugh', levels: ['B', 'C'] }, hazardRatio: 3.55, lower: 1.77, upper: 7.2, p: '< .001' },
  { label: 'Age > 60', covariate: { variable: 'ageAtIndex', above: 60 }, hazardRatio: 1.19, p: '.590' },
  { label: 'Male', covariate: { variable: 'sex', levels: ['MALE'] }, hazardRatio: 1.47, p: '.214' },
  { label: 'ECOG ≥ 1 vs 0', covariate: { variable: 'ecog', above: 0 }, hazardRatio: 1.66, p: '.112' },
  { label: 'Carcinoid vs islet cell', covariate: { variable: 'tumorType', levels: ['CARCINOID'] }, hazardRatio: 0.98, p: '.948' },
  { label: 'Moderate-poor vs well differentiated', covariate: { variable: 'differentiation', levels: ['MODERATE_POOR'] }, hazardRatio: 1.53, p: '.295' },
  { label: 'Tumour burden > 50 %', covariate: { variable: 'tumorBurden', levels: ['OVER_50'] }, hazardRatio: 1.54, p: '.203' },
  { label: 'Tumour burden ≥ 25 %', covariate: { variable: 'tumorBurden', levels: ['FROM_25_TO_50', 'OVER_50'] }, hazardRatio: 1.43, p: '.259' },
  { label: 'Prior TAE/TACE', covariate: { variable: 'priorTherapy.TACE' }, hazardRatio: 0.98, p: '.945' },
  { label: 'Prior resection', covariate: { variable: 'priorTherapy.RESECTION' }, hazardRatio: 0.87, p: '.716' },
  { label: 'Bilobar vs unilobar', covariate: { variable: 'treatmentDistribution', levels: ['BILOBAR'] }, hazardRatio: 0.88, p: '.676' },
  { label: 'Activity > 1.92 GBq', covariate: { variable: 'totalActivityGbq', above: 1.92 }, hazardRatio: 1.03, p: '.926' },
];

export const MULTIVARIABLE_COX = {
  extrahepaticMetastases: { hazardRatio: 2.02, lower: 1.04, upper: 3.91, p: '.038' },
  ascitesAtBaseline: { hazardRatio: 5.25, lower: 1.85, upper: 14.96, p: '.002' },
  interactionP: '.014',
} as const;

/** Kaplan–Meier medians, months (95 % CI). */
export const MEDIANS = [
  { label: 'Overall', where: null, estimate: 28.0, lower: 16.2, upper: 39.8 },
  { label: 'Extrahepatic metastases absent', where: { variable: 'extrahepaticMetastases', eq: 'false' }, estimate: 58.0, lower: 28.1, upper: 73.9 },
  { label: 'Extrahepatic metastases present', where: { variable: 'extrahepaticMetastases', eq: 'true' }, estimate: 21.1, lower: 12.9, upper: 23.1 },
  { label: 'Ascites absent', where: { variable: 'ascitesAtBaseline', eq: 'false' }, estimate: 53.8, lower: 9.3, upper: 58.7 },
  { label: 'Ascites present', where: { variable: 'ascitesAtBaseline', eq: 'true' }, estimate: 7.3, lower: 3.8, upper: 10.2 },
] as const;

/** Table 3: repeated-measures ANOVA P over baseline, 6 months, 1 year, and adjusted for baseline tumour burden. */
export const TABLE_3_P: Readonly<Record<string, { p: string; adjusted: string }>> = {
  ALBUMIN: { p: '.069', adjusted: '.294' },
  ALP: { p: '< .001', adjusted: '< .001' },
  AST: { p: '< .001', adjusted: '.003' },
  ALT: { p: '.003', adjusted: '.031' },
  BILIRUBIN: { p: '.352', adjusted: '.440' },
  HEMOGLOBIN: { p: '.964', adjusted: '.862' },
  PLATELETS: { p: '.197', adjusted: '.326' },
  LEUKOCYTES: { p: '.241', adjusted: '.284' },
};

/** Table 5: repeated-measures ANOVA P over baseline and years 1 to 4. */
export const TABLE_5_P: Readonly<Record<string, string>> = {
  ALBUMIN: '.983', ALP: '.017', AST: '.037', ALT: '.201', BILIRUBIN: '.377', HEMOGLOBIN: '.570', PLATELETS: '.263', LEUKOCYTES: '.323',
};

export const TABLE_3_TIMEPOINTS: readonly Timepoint[] = ['BASELINE', 'MONTH_6', 'YEAR_1'];
export const TABLE_5_TIMEPOINTS: readonly Timepoint[] = ['BASELINE', 'YEAR_1', 'YEAR_2', 'YEAR_3', 'YEAR_4'];
