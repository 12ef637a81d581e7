/**
 * Display labels of the data dictionary's levels and timepoints: what a clinician reads in a
 * table or a legend ("< 25 %", "Well differentiated", "yes", "at 1 year"), beside the level as
 * the API spells it (UNDER_25, WELL, true, YEAR_1), which filters, covariates and exports keep.
 * A level's order is its position in the variable's `levels` (booleans: no, then yes).
 */
import type { Timepoint } from './timepoints.js';

/** Booleans as the API spells them, in display order. */
export const BOOLEAN_LEVELS = ['false', 'true'] as const;

const BOOLEAN_LABELS: Readonly<Record<string, string>> = { false: 'no', true: 'yes' };

const GRADE_LABELS: Readonly<Record<string, string>> = { 0: 'grade 0', 1: 'grade 1', 2: 'grade 2', 3: 'grade 3', 4: 'grade 4' };

/** Per variable name (or name pattern, see levelLabels), the label of each level. */
const LEVEL_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sex: { MALE: 'male', FEMALE: 'female' },
  tumorType: { CARCINOID: 'carcinoid', ISLET_CELL: 'islet cell', OTHER: 'other' },
  differentiation: { WELL: 'well differentiated', MODERATE_POOR: 'moderately or poorly differentiated', UNKNOWN: 'unknown' },
  tumorBurden: { UNDER_25: '< 25 %', FROM_25_TO_50: '25–50 %', OVER_50: '> 50 %' },
  treatmentDistribution: { UNILOBAR: 'unilobar', BILOBAR: 'bilobar' },
  vitalStatus: { ALIVE: 'alive', DEAD: 'dead' },
  recist: { CR: 'complete response', PR: 'partial response', SD: 'stable disease', PD: 'progressive disease' },
};

const TIMEPOINT_LABELS: Readonly<Record<Timepoint, string>> = {
  BASELINE: 'at baseline',
  MONTH_6: 'at 6 months',
  YEAR_1: 'at 1 year',
  YEAR_2: 'at 2 years',
  YEAR_3: 'at 3 years',
  YEAR_4: 'at 4 years',
};

/** "at baseline", "at 6 months", "at 1 year"... */
export function timepointLabel(timepoint: Timepoint): string {
  return TIMEPOINT_LABELS[timepoint];
}

/** The level labels of a variable: by its name, timepoint variables by their kind (grade.*, imaging.recist.*). */
function levelLabels(variableName: string): Readonly<Record<string, string>> | undefined {
  if (variableName.startsWith('grade.')) return GRADE_LABELS;
  if (variableName.startsWith('imaging.recist.')) return LEVEL_LABELS['recist'];
  return LEVEL_LABELS[variableName];
}

/**
 * The display label of a level ("true"/"false" for booleans): the dictionary's, else the level
 * itself (ECOG 0–4, Child-Pugh A–C read as they are spelled).
 */
export function levelLabel(variableName: string, level: string): string {
  return levelLabels(variableName)?.[level] ?? BOOLEAN_LABELS[level] ?? level;
}
