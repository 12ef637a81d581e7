/**
 * The CSV interchange format of docs/api-contract.md ("CSV interchange format"): the
 * five files, their columns, and how each stored value is spelled in a cell. The import reads
 * these names and spellings, the exports write them, so an export re-imports.
 *
 * A file's header must hold its required columns; the optional (italic) ones may be left out,
 * which reads as empty cells. Every other column is an error, except the ones an export adds
 * (the site code, and values derived from the data such as `day_from_index` or `grade_v5`):
 * those are recognised, the site code is checked against the site imported into, and the
 * derived values are recomputed from the data rather than read.
 */
import {
  CHILD_PUGH_CLASSES, CLINICAL_EVENT_KINDS, DEATH_CAUSES, DEVICES, DIFFERENTIATIONS, PRIOR_THERAPIES, PROGRESSION_SITES, RECIST_RESPONSES,
  SEXES, TREATMENT_TARGETS, TUMOR_BURDENS, TUMOR_TYPES, VITAL_STATUSES,
} from '../../../db/schema/enums.js';

export const RECORD_KINDS = ['patients', 'treatments', 'labs', 'imaging', 'events'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface InterchangeFile {
  kind: RecordKind;
  fileName: string;
  /** Every column the import reads, in the contract's order. */
  columns: readonly string[];
  /** Columns the header must have. */
  requiredColumns: readonly string[];
  /** Columns an export adds: accepted by the import, never read as data (the site code is checked). */
  exportOnlyColumns: readonly string[];
}

export const SITE_COLUMN = 'site';

/** The patient-level variables of the data dictionary a patients export adds (src/clinical/variables.ts names). */
const PATIENT_DERIVED_COLUMNS = [
  'anyPriorTherapy',
  ...PRIOR_THERAPIES.map((therapy) => `priorTherapy.${therapy}`),
  'monthsFromDiagnosisToIndex', 'treatmentDistribution', 'treatmentCount', 'totalActivityGbq', 'followUpMonths',
  'survivalTime', 'event',
] as const;

export const INTERCHANGE_FILES: Readonly<Record<RecordKind, InterchangeFile>> = {
  patients: {
    kind: 'patients',
    fileName: 'patients.csv',
    columns: [
      'patient_id', 'sex', 'birth_date', 'age_at_index', 'index_date', 'ecog', 'tumor_type', 'differentiation', 'tumor_burden',
      'ascites', 'extrahepatic_metastases', 'child_pugh', 'prior_therapies', 'liver_metastasis_diagnosis_date',
      'last_follow_up_date', 'vital_status', 'death_date', 'death_cause',
    ],
    requiredColumns: ['patient_id', 'sex', 'index_date', 'ascites', 'extrahepatic_metastases', 'last_follow_up_date', 'vital_status'],
    exportOnlyColumns: [SITE_COLUMN, ...PATIENT_DERIVED_COLUMNS],
  },
  treatments: {
    kind: 'treatments',
    fileName: 'treatments.csv',
    columns: ['patient_id', 'date', 'target', 'device', 'activity_gbq', 'lung_shunt_fraction_percent'],
    requiredColumns: ['patient_id', 'date', 'target', 'device', 'activity_gbq'],
    exportOnlyColumns: [SITE_COLUMN, 'day_from_index'],
  },
  labs: {
    kind: 'labs',
    fileName: 'labs.csv',
    columns: [
      'patient_id', 'date', 'analyte', 'value', 'unit', 'lower_limit_of_normal', 'upper_limit_of_normal',
      'received_value', 'received_unit',
    ],
    requiredColumns: ['patient_id', 'date', 'analyte', 'value', 'unit'],
    exportOnlyColumns: [SITE_COLUMN, 'day_from_index', 'timepoint', 'grade_v5'],
  },
  imaging: {
    kind: 'imaging',
    fileName: 'imaging.csv',
    columns: ['patient_id', 'date', 'modality', 'ascites', 'cirrhosis_like_morphology', 'splenomegaly', 'varices', 'recist'],
    requiredColumns: ['patient_id', 'date', 'modality', 'ascites', 'cirrhosis_like_morphology', 'splenomegaly', 'varices'],
    exportOnlyColumns: [SITE_COLUMN, 'day_from_index', 'timepoint'],
  },
  events: {
    kind: 'events',
    fileName: 'events.csv',
    columns: ['patient_id', 'date', 'event', 'site_of_progression', 'detail'],
    requiredColumns: ['patient_id', 'date', 'event'],
    exportOnlyColumns: [SITE_COLUMN, 'day_from_index'],
  },
};

/** patients.csv needs at least one of these two (the age at the index date is derived from the birth date). */
export const AGE_COLUMNS = ['birth_date', 'age_at_index'] as const;

/** Separator of the prior_therapies cell. */
export const LIST_SEPARATOR = ';';

/** How each stored value is written in a cell (the contract's spelling); the import also accepts the stored name. */
type Spelling<Value extends string> = Readonly<Record<Value, string>>;

function lowerCased<Value extends string>(values: readonly Value[]): Spelling<Value> {
  return Object.fromEntries(values.map((value) => [value, value.toLowerCase()])) as unknown as Spelling<Value>;
}

function asStored<Value extends string>(values: readonly Value[]): Spelling<Value> {
  return Object.fromEntries(values.map((value) => [value, value])) as unknown as Spelling<Value>;
}

export const SPELLINGS = {
  sex: { MALE: 'M', FEMALE: 'F' } satisfies Spelling<(typeof SEXES)[number]>,
  tumorType: lowerCased(TUMOR_TYPES),
  differentiation: lowerCased(DIFFERENTIATIONS),
  tumorBurden: { UNDER_25: '<25', FROM_25_TO_50: '25-50', OVER_50: '>50' } satisfies Spelling<(typeof TUMOR_BURDENS)[number]>,
  childPugh: asStored(CHILD_PUGH_CLASSES),
  priorTherapy: lowerCased(PRIOR_THERAPIES),
  vitalStatus: lowerCased(VITAL_STATUSES),
  target: lowerCased(TREATMENT_TARGETS),
  device: lowerCased(DEVICES),
  recist: asStored(RECIST_RESPONSES),
  deathCause: lowerCased(DEATH_CAUSES),
  clinicalEvent: lowerCased(CLINICAL_EVENT_KINDS),
  progressionSite: lowerCased(PROGRESSION_SITES),
} as const;

/** Other names a site may use for a stored value (TAE is counted with TACE, as in the study's Table 1). */
export const ALIASES: { readonly [Vocabulary in keyof typeof SPELLINGS]?: Readonly<Record<string, keyof (typeof SPELLINGS)[Vocabulary]>> } = {
  priorTherapy: { tae: 'TACE' },
};

/** The cell text of a stored value. */
export function spell<Vocabulary extends keyof typeof SPELLINGS>(vocabulary: Vocabulary, value: keyof (typeof SPELLINGS)[Vocabulary]): string {
  return (SPELLINGS[vocabulary] as Record<string, string>)[value as string]!;
}

/**
 * Spreadsheet formulas in exported text (OWASP "CSV Injection",
 * https://owasp.org/www-community/attacks/CSV_Injection): a spreadsheet opening a CSV file runs a
 * cell starting with `=`, `+`, `-` or `@` (and, in some, a tab or carriage return) as a formula,
 * so a patient identifier such as `=HYPERLINK("https://…")` typed into the registry would become
 * a live link or a command in an analyst's spreadsheet. An export writes such a text cell with a
 * leading `'`, which spreadsheets show as text and do not display; numbers are never text cells,
 * so a negative number stays a number.
 *
 * The import reverses it: a cell of `'` followed by one of those characters loses its first `'`.
 * A text that itself starts with `'` then a formula character gets one more `'` on export, so
 * every text reads back as it was (`'=x` exports as `''=x`, which imports as `'=x`).
 */
const FORMULA_TEXT = /^'*[=+\-@\t\r]/;
const NEUTRALIZED_FORMULA = /^'+[=+\-@\t\r]/;

/** The cell text of an exported text value: a leading `'` before text a spreadsheet would run. */
export function neutralizeFormula(text: string): string {
  return FORMULA_TEXT.test(text) ? `'${text}` : text;
}

/** The value of an imported cell: the export's leading `'` before a formula character removed. */
export function restoreNeutralizedFormula(cell: string): string {
  return cell.startsWith("'") && NEUTRALIZED_FORMULA.test(cell) ? cell.slice(1) : cell;
}

/** A 0/1 flag cell. */
export function spellFlag(value: boolean): string {
  return value ? '1' : '0';
}
