/**
 * The data dictionary beside an export (`/export/<table>.dictionary.{json,csv}`): one entry per
 * column of the table, in column order, with its name, label, type, unit and, for a column with a
 * closed set of values, its levels in their order, spelled as the export writes them (the CSV
 * interchange spellings: `<25`, `25-50`, `>50`; booleans `0`, `1` in the CSV export's dictionary
 * (`.dictionary.csv`), `false`, `true` in that of JSON, Arrow and Parquet (`.dictionary.json`)).
 * With it R restores factor order
 * (`factor(x, levels = dictionary$levels)`) and pandas an ordered Categorical
 * (`pd.Categorical(x, categories=levels, ordered=True)`) instead of sorting levels alphabetically.
 *
 * Labels and levels come from the data dictionary (src/clinical/variables.ts) for the columns that
 * are its variables, under their interchange name or their dictionary name; the patients table in
 * the API's vocabulary (api-vocabulary.ts) lists the levels as the API spells them (UNDER_25) and
 * its booleans as true/false in CSV too.
 */
import { ANALYTE_NAMES, TIMEPOINTS } from '../../clinical/index.js';
import { findVariable, type VariableDefinition } from '../../clinical/variables.js';
import { BOOLEAN_LEVELS } from '../../clinical/variable-labels.js';
import { SPELLINGS } from '../../records/validation/interchange-format.js';
import type { ColumnType, ExportTable } from './export-table.js';

export interface DictionaryEntry {
  name: string;
  label: string;
  type: ColumnType;
  unit: string | null;
  /** In order, as the export spells them; null for a column without a closed set of values. */
  levels: readonly string[] | null;
}

type Vocabulary = keyof typeof SPELLINGS;

/** An interchange column that is a dictionary variable, and the vocabulary its levels are spelled in. */
const INTERCHANGE_VARIABLES: Readonly<Record<string, { variable: string; vocabulary?: Vocabulary }>> = {
  sex: { variable: 'sex', vocabulary: 'sex' },
  age_at_index: { variable: 'ageAtIndex' },
  ecog: { variable: 'ecog' },
  tumor_type: { variable: 'tumorType', vocabulary: 'tumorType' },
  differentiation: { variable: 'differentiation', vocabulary: 'differentiation' },
  tumor_burden: { variable: 'tumorBurden', vocabulary: 'tumorBurden' },
  ascites: { variable: 'ascitesAtBaseline' },
  extrahepatic_metastases: { variable: 'extrahepaticMetastases' },
  child_pugh: { variable: 'childPugh', vocabulary: 'childPugh' },
  vital_status: { variable: 'vitalStatus', vocabulary: 'vitalStatus' },
};

const spelledLevels = (vocabulary: Vocabulary) => Object.values(SPELLINGS[vocabulary] as Record<string, string>);

/** The columns that are no dictionary variable: their label, unit and levels. */
const OTHER_COLUMNS: Readonly<Record<string, Omit<DictionaryEntry, 'name' | 'type'>>> = {
  patient_id: { label: 'Patient identifier (the site\'s)', unit: null, levels: null },
  externalId: { label: 'Patient identifier (the site\'s)', unit: null, levels: null },
  birthDate: { label: 'Date of birth', unit: null, levels: null },
  indexDate: { label: 'Index date (first TARE session)', unit: null, levels: null },
  liverMetastasisDiagnosisDate: { label: 'Date of the liver-metastasis diagnosis', unit: null, levels: null },
  lastFollowUpDate: { label: 'Date of the last follow-up', unit: null, levels: null },
  deathDate: { label: 'Date of death', unit: null, levels: null },
  site: { label: 'Site code', unit: null, levels: null },
  birth_date: { label: 'Date of birth', unit: null, levels: null },
  index_date: { label: 'Index date (first TARE session)', unit: null, levels: null },
  prior_therapies: { label: 'Prior therapies (;-separated)', unit: null, levels: spelledLevels('priorTherapy') },
  liver_metastasis_diagnosis_date: { label: 'Date of the liver-metastasis diagnosis', unit: null, levels: null },
  last_follow_up_date: { label: 'Date of the last follow-up', unit: null, levels: null },
  death_date: { label: 'Date of death', unit: null, levels: null },
  death_cause: { label: 'Cause of death', unit: null, levels: spelledLevels('deathCause') },
  site_of_progression: { label: 'Site of progression', unit: null, levels: spelledLevels('progressionSite') },
  detail: { label: 'Detail (free text)', unit: null, levels: null },
  event: { label: 'Death (1) or censored alive (0)', unit: null, levels: ['0', '1'] },
  date: { label: 'Date', unit: null, levels: null },
  target: { label: 'Treated liver lobe', unit: null, levels: spelledLevels('target') },
  device: { label: 'Microsphere device', unit: null, levels: spelledLevels('device') },
  activity_gbq: { label: 'Administered activity', unit: 'GBq', levels: null },
  lung_shunt_fraction_percent: { label: 'Lung shunt fraction', unit: '%', levels: null },
  day_from_index: { label: 'Days from the index date', unit: 'days', levels: null },
  analyte: { label: 'Analyte', unit: null, levels: ANALYTE_NAMES },
  value: { label: 'Value in the canonical unit', unit: null, levels: null },
  unit: { label: 'Canonical unit', unit: null, levels: null },
  lower_limit_of_normal: { label: 'Lower limit of normal (canonical unit)', unit: null, levels: null },
  upper_limit_of_normal: { label: 'Upper limit of normal (canonical unit)', unit: null, levels: null },
  received_value: { label: 'Value as the site sent it', unit: null, levels: null },
  received_unit: { label: 'Unit as the site sent it', unit: null, levels: null },
  timepoint: { label: 'Study timepoint of the date (empty between windows)', unit: null, levels: TIMEPOINTS },
  grade_v5: { label: 'CTCAE v5.0 grade', unit: null, levels: ['0', '1', '2', '3', '4'] },
  modality: { label: 'Imaging modality', unit: null, levels: null },
  cirrhosis_like_morphology: { label: 'Cirrhosis-like morphology', unit: null, levels: BOOLEAN_LEVELS },
  splenomegaly: { label: 'Splenomegaly', unit: null, levels: BOOLEAN_LEVELS },
  varices: { label: 'Varices', unit: null, levels: BOOLEAN_LEVELS },
  recist: { label: 'RECIST response', unit: null, levels: spelledLevels('recist') },
};

function fromVariable(definition: VariableDefinition, vocabulary: Vocabulary | undefined): Omit<DictionaryEntry, 'name' | 'type'> {
  const levels = definition.kind === 'BOOLEAN' ? BOOLEAN_LEVELS
    : vocabulary !== undefined ? definition.levels!.map((level) => (SPELLINGS[vocabulary] as Record<string, string>)[level]!)
      : definition.levels ?? null;
  return { label: definition.label, unit: definition.unit ?? null, levels };
}

/** Booleans as the CSV export writes them, and as JSON, Arrow and Parquet do. */
export type BooleanSpelling = 'csv' | 'typed';

/**
 * The dictionary of a table; `survivalTimeUnit` is the unit the patients table's survivalTime was
 * asked in, `booleans` the format whose boolean spelling the levels use.
 */
export function exportDictionary<Row>(table: ExportTable<Row>, survivalTimeUnit: string, booleans: BooleanSpelling): DictionaryEntry[] {
  const flags = booleans === 'csv' && table.csvBooleans !== 'words';
  const respell = (levels: readonly string[] | null) => (flags && levels === BOOLEAN_LEVELS ? ['0', '1'] : levels);
  return table.columns.map((column) => {
    const interchange = INTERCHANGE_VARIABLES[column.name];
    const variable = findVariable(interchange?.variable ?? column.name);
    // The imaging table's `ascites` is the finding on that study; the events table's `event` is its kind.
    const described = table.name === 'imaging' && column.name === 'ascites' ? { label: 'Ascites', unit: null, levels: BOOLEAN_LEVELS }
      : table.name === 'events' && column.name === 'event' ? { label: 'Clinical event', unit: null, levels: spelledLevels('clinicalEvent') }
      : column.name === 'survivalTime' ? { label: 'Overall-survival time (index date to death or last follow-up)', unit: survivalTimeUnit.toLowerCase(), levels: null }
        : variable !== undefined ? fromVariable(variable, interchange?.vocabulary)
          : OTHER_COLUMNS[column.name];
    if (described === undefined) throw new Error(`The ${table.name} export's column ${column.name} has no dictionary entry.`);
    return { name: column.name, type: column.type, ...described, levels: respell(described.levels) };
  });
}

/** The dictionary as CSV: name,label,type,unit,levels with the levels `;`-separated in order. */
export function dictionaryCsv(entries: readonly DictionaryEntry[]): string {
  const cell = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = entries.map((entry) => [entry.name, entry.label, entry.type, entry.unit ?? '', (entry.levels ?? []).join(';')].map(cell).join(','));
  return `${['name', 'label', 'type', 'unit', 'levels'].join(',')}\n${lines.join('\n')}\n`;
}
