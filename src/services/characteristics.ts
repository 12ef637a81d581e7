/**
 * A table of characteristics (the founding study's Table 1): per variable, counts and percentages
 * of each level for categorical and boolean variables, and n, mean, SD, median, IQR and range for
 * continuous ones; missing values counted apart (percentages are of the patients with a value).
 */
import { describe } from '../stats/index.js';
import { badUserInput } from '../errors.js';
import { findSqlVariable } from '../data/patient-variables.js';
import { column, loadFrame } from './analysis-frame.js';
import type { CohortSelection } from './cohorts.js';
import type { ServiceContext } from './service-context.js';

/** The founding study's Table 1 variables. */
export const TABLE_1_VARIABLES = [
  'ageAtIndex', 'sex', 'ecog', 'tumorType', 'differentiation', 'priorTherapy.TACE', 'priorTherapy.RESECTION',
  'priorTherapy.SYSTEMIC_CHEMOTHERAPY', 'priorTherapy.ABLATION', 'anyPriorTherapy', 'tumorBurden', 'ascitesAtBaseline',
  'extrahepaticMetastases', 'childPugh', 'grade.ALP.BASELINE', 'treatmentDistribution', 'treatmentCount', 'totalActivityGbq',
  'monthsFromDiagnosisToIndex', 'followUpMonths', 'vitalStatus',
] as const;

const MAX_VARIABLES = 200;

export function describeCharacteristics(context: ServiceContext, cohort: CohortSelection, variableNames?: string[] | null) {
  const names = variableNames ?? [...TABLE_1_VARIABLES];
  if (names.length === 0 || names.length > MAX_VARIABLES) throw badUserInput(`Give 1 to ${MAX_VARIABLES} variables.`, 'variables');
  names.forEach((name, index) => {
    if (findSqlVariable(name) === undefined) throw badUserInput(`Unknown variable "${name}": query \`variables\` for the data dictionary.`, `variables[${index}]`);
  });
  const frame = loadFrame(context, cohort, [], names);
  return names.map((name) => {
    const variable = findSqlVariable(name)!;
    const { definition } = variable;
    const values = column(frame, name);
    const present = values.filter((value) => value !== null);
    const base = { variable: name, label: definition.label, kind: definition.kind, unit: definition.unit ?? null, n: present.length, missing: values.length - present.length };
    if (definition.kind === 'CONTINUOUS') return { ...base, levels: [], summary: describe(present.map(Number)) };
    const levels = definition.kind === 'BOOLEAN' ? ['true', 'false'] : definition.levels!;
    const asLevel = (value: unknown) => (variable.valueType === 'flag' ? (value === 1 ? 'true' : 'false') : String(value));
    const counts = levels.map((level) => present.filter((value) => asLevel(value) === level).length);
    return {
      ...base,
      summary: null,
      levels: levels.map((level, index) => ({ level, count: counts[index]!, percent: present.length === 0 ? null : (100 * counts[index]!) / present.length })),
    };
  });
}
