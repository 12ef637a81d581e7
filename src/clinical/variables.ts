/**
 * The data dictionary: every patient-level variable by name, as used in filters (PatientFilter.variable)
 * and as covariates. Pure metadata; src/store/ maps each name to how it is computed from the records.
 *
 * Ordinal categorical variables (ECOG, tumour burden, Child-Pugh) list their levels in order; ECOG's
 * levels are numbers, so gt/gte/lt/lte compare them numerically.
 *
 * Timepoint variables (api-contract.md) take one value per patient per timepoint window
 * (src/clinical/timepoints.ts: the observation closest to the window's target day, ties to the
 * earlier; baseline = the latest on or before the index date):
 *   lab.<Analyte>.<Timepoint>    the lab value, canonical unit
 *   grade.<Analyte>.<Timepoint>  the CTCAE v5.0 grade of that same lab value
 *   imaging.<finding>.<Timepoint> a finding of the imaging study picked the same way
 */
import { ANALYTES, ANALYTE_NAMES } from './analytes.js';
import { DEFAULT_TIMEPOINT_WINDOWS, TIMEPOINTS, type Timepoint } from './timepoints.js';
import { timepointLabel } from './variable-labels.js';

export type VariableKind = 'CONTINUOUS' | 'BOOLEAN' | 'CATEGORICAL';

export interface VariableDefinition {
  name: string;
  label: string;
  kind: VariableKind;
  levels?: readonly string[];
  unit?: string;
  description: string;
}

const PRIOR_THERAPY_LABELS = {
  TACE: 'Prior TAE/TACE',
  RESECTION: 'Prior liver resection',
  SYSTEMIC_CHEMOTHERAPY: 'Prior systemic chemotherapy',
  ABLATION: 'Prior ablation',
} as const;

export const PATIENT_VARIABLES: readonly VariableDefinition[] = [
  { name: 'sex', label: 'Sex', kind: 'CATEGORICAL', levels: ['MALE', 'FEMALE'], description: 'Sex.' },
  { name: 'ageAtIndex', label: 'Age at first TARE', kind: 'CONTINUOUS', unit: 'years', description: 'Age in years at the index date (first TARE session).' },
  { name: 'ecog', label: 'ECOG performance status', kind: 'CATEGORICAL', levels: ['0', '1', '2', '3', '4'], description: 'ECOG performance status at baseline (ordinal: gt/gte/lt/lte compare numerically).' },
  { name: 'tumorType', label: 'Primary tumour type', kind: 'CATEGORICAL', levels: ['CARCINOID', 'ISLET_CELL', 'OTHER'], description: 'Primary neuroendocrine tumour type.' },
  { name: 'differentiation', label: 'Differentiation', kind: 'CATEGORICAL', levels: ['WELL', 'MODERATE_POOR', 'UNKNOWN'], description: 'Tumour differentiation.' },
  { name: 'tumorBurden', label: 'Hepatic tumour burden', kind: 'CATEGORICAL', levels: ['UNDER_25', 'FROM_25_TO_50', 'OVER_50'], description: 'Hepatic tumour burden as a share of liver volume: < 25 %, 25–50 %, > 50 % (ordered).' },
  { name: 'ascitesAtBaseline', label: 'Ascites at baseline', kind: 'BOOLEAN', description: 'Ascites present at baseline.' },
  { name: 'extrahepaticMetastases', label: 'Extrahepatic metastases', kind: 'BOOLEAN', description: 'Extrahepatic metastases present at baseline.' },
  { name: 'childPugh', label: 'Child-Pugh class', kind: 'CATEGORICAL', levels: ['A', 'B', 'C'], description: 'Child-Pugh class at baseline (ordered).' },
  ...Object.entries(PRIOR_THERAPY_LABELS).map(([therapy, label]): VariableDefinition => ({
    name: `priorTherapy.${therapy}`, label, kind: 'BOOLEAN', description: `${label} before the first TARE session.`,
  })),
  { name: 'anyPriorTherapy', label: 'Any prior therapy', kind: 'BOOLEAN', description: 'At least one therapy (TAE/TACE, resection, systemic chemotherapy, ablation) before the first TARE session.' },
  { name: 'monthsFromDiagnosisToIndex', label: 'Months from liver-metastasis diagnosis to TARE', kind: 'CONTINUOUS', unit: 'months', description: 'Days from the liver-metastasis diagnosis to the index date / 30.4375; missing when the diagnosis date is unknown.' },
  { name: 'treatmentDistribution', label: 'Treatment distribution', kind: 'CATEGORICAL', levels: ['UNILOBAR', 'BILOBAR'], description: 'Derived from the sessions: BILOBAR when both a right-lobe and a left-lobe session exist, else UNILOBAR.' },
  { name: 'treatmentCount', label: 'TARE sessions', kind: 'CONTINUOUS', unit: 'sessions', description: 'The number of TARE sessions.' },
  { name: 'totalActivityGbq', label: 'Total administered activity', kind: 'CONTINUOUS', unit: 'GBq', description: 'Sum of the administered activity over all sessions.' },
  { name: 'followUpMonths', label: 'Follow-up', kind: 'CONTINUOUS', unit: 'months', description: 'Days from the index date to death or last follow-up / 30.4375: the overall-survival time.' },
  { name: 'vitalStatus', label: 'Vital status', kind: 'CATEGORICAL', levels: ['ALIVE', 'DEAD'], description: 'Vital status at last contact (DEAD is the survival event).' },
];

export const IMAGING_FINDINGS = ['ascites', 'cirrhosisLikeMorphology', 'splenomegaly', 'varices'] as const;
export type ImagingFinding = (typeof IMAGING_FINDINGS)[number] | 'recist';

const FINDING_LABELS: Record<ImagingFinding, string> = {
  ascites: 'Ascites on imaging',
  cirrhosisLikeMorphology: 'Cirrhosis-like morphology on imaging',
  splenomegaly: 'Splenomegaly on imaging',
  varices: 'Varices on imaging',
  recist: 'RECIST response',
};

function windowText(timepoint: Timepoint): string {
  const { startDay, endDay, targetDay } = DEFAULT_TIMEPOINT_WINDOWS[timepoint];
  return `days ${startDay} to ${endDay} from the index date (target day ${targetDay})`;
}

export const TIMEPOINT_VARIABLES: readonly VariableDefinition[] = TIMEPOINTS.flatMap((timepoint) => [
  ...ANALYTE_NAMES.map((analyte): VariableDefinition => ({
    name: `lab.${analyte}.${timepoint}`,
    label: `${ANALYTES[analyte].label} ${timepointLabel(timepoint)}`,
    kind: 'CONTINUOUS',
    unit: ANALYTES[analyte].canonicalUnit,
    description: `${ANALYTES[analyte].label} (${ANALYTES[analyte].canonicalUnit}) at ${timepoint}: the result closest to the target day within ${windowText(timepoint)}; missing when none.`,
  })),
  ...ANALYTE_NAMES.map((analyte): VariableDefinition => ({
    name: `grade.${analyte}.${timepoint}`,
    label: `CTCAE v5.0 grade of ${ANALYTES[analyte].label} ${timepointLabel(timepoint)}`,
    kind: 'CATEGORICAL',
    levels: ['0', '1', '2', '3', '4'],
    description: `CTCAE v5.0 grade of lab.${analyte}.${timepoint} (ordinal: gt/gte/lt/lte compare numerically); missing without a result or a criterion.`,
  })),
  ...IMAGING_FINDINGS.map((finding): VariableDefinition => ({
    name: `imaging.${finding}.${timepoint}`,
    label: `${FINDING_LABELS[finding]} ${timepointLabel(timepoint)}`,
    kind: 'BOOLEAN',
    description: `${FINDING_LABELS[finding]} on the imaging study closest to the target day within ${windowText(timepoint)}; missing without a study.`,
  })),
  {
    name: `imaging.recist.${timepoint}`,
    label: `${FINDING_LABELS.recist} ${timepointLabel(timepoint)}`,
    kind: 'CATEGORICAL',
    levels: ['CR', 'PR', 'SD', 'PD'],
    description: `RECIST response on the imaging study closest to the target day within ${windowText(timepoint)}.`,
  },
]);

export const ALL_VARIABLES: readonly VariableDefinition[] = [...PATIENT_VARIABLES, ...TIMEPOINT_VARIABLES];

const byName = new Map(ALL_VARIABLES.map((variable) => [variable.name, variable]));

export function findVariable(name: string): VariableDefinition | undefined {
  return byName.get(name);
}

/** Numeric levels (ECOG) make a categorical variable ordinal for gt/gte/lt/lte. */
export function hasNumericLevels(variable: VariableDefinition): boolean {
  return variable.levels !== undefined && variable.levels.every((level) => /^-?\d+(\.\d+)?$/.test(level));
}
