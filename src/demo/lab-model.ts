/**
 * The model of the serial labs: which moments each group of patients has at each timepoint,
 * read from Tables 3 and 5 of Tomozawa et al. 2018, and per-analyte settings.
 *
 * Patients fall in three follow-up groups: SHORT (< 1 year), MID (≥ 1 year, not beyond 4) and
 * LONG (> 4 years; Table 5's 11). Table 3's 52 are MID + LONG. A cell, one group and treatment
 * distribution at one timepoint, gets a target mean and SD:
 *
 * - LONG: Table 5's mean (6 months, absent from Table 5: its baseline moved as Table 3 moves);
 * - MID, baseline to 1 year: the mean that, pooled with LONG in the study's proportions
 *   (41 : 11), gives Table 3's; at 2 and 3 years, Table 5's;
 * - MID and LONG, baseline to 1 year, for the labs Table 3 reports by distribution (ALP, AST,
 *   ALT, platelets): times the bilobar (or the matching unilobar) ratio to the overall mean,
 *   so platelets fall after bilobar treatment (231.7 → 219.2 → 186.4) and not after unilobar;
 * - SHORT: no published figures; a sicker baseline (the group holds most of the ascites and
 *   ALP elevation) and further decline at 6 months, set here.
 *
 * SDs are Table 3's at the nearest timepoint, kept as a coefficient of variation for the
 * right-skewed labs (LOG scale: log-normal draws: liver tests and blood counts) and as is for
 * albumin and haemoglobin (LINEAR: normal draws). Plausible ranges stop short of CTCAE grade 4.
 */
import type { Moments, Bounds } from './moments.js';
import {
  FOLLOWED_BEYOND_ONE_YEAR_BY_DISTRIBUTION, TABLE_1, TABLE_3, TABLE_3_BILOBAR, TABLE_5, type DemoAnalyte,
} from './published-study.js';

export type FollowUpGroup = 'SHORT' | 'MID' | 'LONG';

/**
 * Study timepoints: the nominal day follow-up must reach for the draw to exist, and the days it
 * falls between. The 1-year draw is at most day 365, so that the 1-year column of Table 4 is
 * also "within the first year", as the paper counts it.
 */
export const LAB_TIMEPOINTS = [
  { name: 'BASELINE', day: 0, firstDay: -30, lastDay: 0 },
  { name: 'MONTH_6', day: 183, firstDay: 163, lastDay: 203 },
  { name: 'YEAR_1', day: 365, firstDay: 335, lastDay: 365 },
  { name: 'YEAR_2', day: 730, firstDay: 700, lastDay: 760 },
  { name: 'YEAR_3', day: 1095, firstDay: 1065, lastDay: 1125 },
  { name: 'YEAR_4', day: 1461, firstDay: 1431, lastDay: 1491 },
] as const;

/** Table 5's columns: baseline, 1, 2, 3, 4 years, by LAB_TIMEPOINTS index. */
const TABLE_5_COLUMN: readonly (number | null)[] = [0, null, 1, 2, 3, 4];

export interface AnalyteModel {
  readonly scale: 'LOG' | 'LINEAR';
  /** Plausible values, canonical unit. */
  readonly physiological: Bounds;
  /** Loadings of the patient's own level on latent hepatic dysfunction and tumour activity (worse = higher). */
  readonly hepaticLoading: number;
  readonly tumourLoading: number;
  /** Whether worse means higher (liver tests) or lower (albumin and blood counts). */
  readonly worseIsHigher: boolean;
  /** The SI unit some laboratories report in and its reporting decimals (conversions: the clinical layer's table). */
  readonly siUnit: { readonly unit: string; readonly decimals: number } | null;
  /** Extra severity, in SDs, at 1 year for patients with new portal-hypertension signs on imaging. */
  readonly signShift: number;
  /** SHORT group, baseline and 6 months (no published figures). */
  readonly shortFollowUp: readonly [Moments, Moments];
}

export const ANALYTE_MODELS: Readonly<Record<DemoAnalyte, AnalyteModel>> = {
  ALBUMIN: {
    scale: 'LINEAR', physiological: { lower: 1.5, upper: 5.3 }, hepaticLoading: 0.6, tumourLoading: 0.1, worseIsHigher: false,
    siUnit: { unit: 'g/L', decimals: 0 }, signShift: 1.0,
    shortFollowUp: [{ mean: 3.2, sd: 0.5 }, { mean: 3.1, sd: 0.5 }],
  },
  ALP: {
    scale: 'LOG', physiological: { lower: 35, upper: 2000 }, hepaticLoading: 0.2, tumourLoading: 0.5, worseIsHigher: true,
    siUnit: null, signShift: 0.8,
    shortFollowUp: [{ mean: 205, sd: 140 }, { mean: 260, sd: 160 }],
  },
  AST: {
    scale: 'LOG', physiological: { lower: 8, upper: 600 }, hepaticLoading: 0.35, tumourLoading: 0.3, worseIsHigher: true,
    siUnit: null, signShift: 0.8,
    shortFollowUp: [{ mean: 40, sd: 20 }, { mean: 48, sd: 25 }],
  },
  ALT: {
    scale: 'LOG', physiological: { lower: 5, upper: 600 }, hepaticLoading: 0.35, tumourLoading: 0.15, worseIsHigher: true,
    siUnit: null, signShift: 0.5,
    shortFollowUp: [{ mean: 36, sd: 20 }, { mean: 40, sd: 22 }],
  },
  BILIRUBIN: {
    scale: 'LOG', physiological: { lower: 0.1, upper: 8 }, hepaticLoading: 0.6, tumourLoading: 0.1, worseIsHigher: true,
    siUnit: { unit: 'umol/L', decimals: 0 }, signShift: 1.0,
    shortFollowUp: [{ mean: 0.9, sd: 0.5 }, { mean: 1.0, sd: 0.6 }],
  },
  HEMOGLOBIN: {
    scale: 'LINEAR', physiological: { lower: 6, upper: 17.5 }, hepaticLoading: 0.2, tumourLoading: 0.25, worseIsHigher: false,
    siUnit: { unit: 'g/L', decimals: 0 }, signShift: 0.3,
    shortFollowUp: [{ mean: 11.9, sd: 1.6 }, { mean: 11.5, sd: 1.7 }],
  },
  PLATELETS: {
    scale: 'LOG', physiological: { lower: 30, upper: 800 }, hepaticLoading: 0.45, tumourLoading: 0, worseIsHigher: false,
    siUnit: null, signShift: 1.0,
    shortFollowUp: [{ mean: 235, sd: 110 }, { mean: 215, sd: 100 }],
  },
  LEUKOCYTES: {
    scale: 'LOG', physiological: { lower: 1.2, upper: 25 }, hepaticLoading: 0.15, tumourLoading: 0.1, worseIsHigher: false,
    siUnit: null, signShift: 0.3,
    shortFollowUp: [{ mean: 7.2, sd: 2.6 }, { mean: 6.6, sd: 2.6 }],
  },
};

const BEYOND_ONE_YEAR = TABLE_1.followedBeyondOneYear;
const BEYOND_FOUR_YEARS = TABLE_1.followedBeyondFourYears;

function longMean(analyte: DemoAnalyte, timepoint: number): number {
  const column = TABLE_5_COLUMN[timepoint];
  const table5 = TABLE_5[analyte];
  if (column !== null && column !== undefined) return table5[column] ?? Number.NaN;
  const [baseline, month6] = TABLE_3[analyte];
  return table5[0] * (month6.mean / baseline.mean);
}

function midMean(analyte: DemoAnalyte, timepoint: number): number {
  const table3 = TABLE_3[analyte][timepoint];
  if (!table3) return longMean(analyte, timepoint);
  return (BEYOND_ONE_YEAR * table3.mean - BEYOND_FOUR_YEARS * longMean(analyte, timepoint)) / (BEYOND_ONE_YEAR - BEYOND_FOUR_YEARS);
}

/** Bilobar or unilobar mean over the overall mean of Table 3, 1 where Table 3 gives no split. */
function distributionRatio(analyte: DemoAnalyte, timepoint: number, bilobar: boolean): number {
  const bilobarMeans = TABLE_3_BILOBAR[analyte];
  const overall = TABLE_3[analyte][timepoint]?.mean;
  const bilobarMean = bilobarMeans?.[timepoint];
  if (overall === undefined || bilobarMean === undefined) return 1;
  if (bilobar) return bilobarMean / overall;
  const { UNILOBAR, BILOBAR } = FOLLOWED_BEYOND_ONE_YEAR_BY_DISTRIBUTION;
  return ((UNILOBAR + BILOBAR) * overall - BILOBAR * bilobarMean) / UNILOBAR / overall;
}

/**
 * Target moments of one cell (see the header). `bilobarShare` is the bilobar share of the cell's
 * follow-up group: the distribution ratios are rescaled to average 1 over the group, so the
 * group's pooled mean stays the published one whatever its split.
 */
export function cellTarget(analyte: DemoAnalyte, timepoint: number, group: FollowUpGroup, bilobar: boolean, bilobarShare: number): Moments {
  const model = ANALYTE_MODELS[analyte];
  if (group === 'SHORT') return model.shortFollowUp[Math.min(timepoint, 1)] ?? model.shortFollowUp[0];
  const pooledRatio = bilobarShare * distributionRatio(analyte, timepoint, true) + (1 - bilobarShare) * distributionRatio(analyte, timepoint, false);
  const groupMean = group === 'LONG' ? longMean(analyte, timepoint) : midMean(analyte, timepoint);
  const mean = (groupMean * distributionRatio(analyte, timepoint, bilobar)) / pooledRatio;
  const reference = TABLE_3[analyte][Math.min(timepoint, 2)] ?? TABLE_3[analyte][0];
  const sd = model.scale === 'LOG' ? (reference.sd / reference.mean) * mean : reference.sd;
  return { mean, sd };
}
