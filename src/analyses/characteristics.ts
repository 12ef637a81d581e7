/**
 * A table of characteristics (the founding study's Table 1): per variable, counts and percentages
 * of each level for categorical and boolean variables, and n, mean, SD, median, IQR and range for
 * continuous ones; missing values counted apart (percentages are of the patients with a value).
 * Under disclosure control counts are cell-key perturbed and continuous rows are released by
 * src/access/aggregate-release.ts (perturbed mean and SD, quartiles from 2k patients, no extremes;
 * docs/disclosure.md, "Tables and summaries").
 */
import { badUserInput } from '../errors.js';
import { findSqlVariable } from '../store/patient-variables.js';
import { column, loadFrame } from './analysis-frame.js';
import type { CohortSelection } from '../records/cohorts.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor } from '../access/disclosure.js';
import { aggregateReleaseFor } from '../access/aggregate-release.js';
import { canonical, defineAnalysis } from './analysis.js';
import { BOOLEAN_LEVELS, levelLabel } from '../clinical/variable-labels.js';

/** The founding study's Table 1 variables. */
export const TABLE_1_VARIABLES = [
  'ageAtIndex', 'sex', 'ecog', 'tumorType', 'differentiation', 'priorTherapy.TACE', 'priorTherapy.RESECTION',
  'priorTherapy.SYSTEMIC_CHEMOTHERAPY', 'priorTherapy.ABLATION', 'anyPriorTherapy', 'tumorBurden', 'ascitesAtBaseline',
  'extrahepaticMetastases', 'childPugh', 'grade.ALP.BASELINE', 'treatmentDistribution', 'treatmentCount', 'totalActivityGbq',
  'monthsFromDiagnosisToIndex', 'followUpMonths', 'vitalStatus',
] as const;

const MAX_VARIABLES = 200;

export async function describeCharacteristics(context: ServiceContext, cohort: CohortSelection, variableNames?: string[] | null) {
  const names = variableNames ?? [...TABLE_1_VARIABLES];
  if (names.length === 0 || names.length > MAX_VARIABLES) throw badUserInput(`Give 1 to ${MAX_VARIABLES} variables.`, 'variables');
  names.forEach((name, index) => {
    if (findSqlVariable(name) === undefined) throw badUserInput(`Unknown variable "${name}": query \`variables\` for the data dictionary.`, `variables[${index}]`);
  });
  const guard = await guardFor(context, cohort, 'characteristics');
  const frame = await loadFrame(context, cohort, [], names);
  if (guard.isSmall(frame.patientIds.length)) guard.refuse(`the cohort has ${guard.smallCountReason()}`);
  const release = await aggregateReleaseFor(context, cohort, guard);
  return names.map((name, index) => {
    const path = `[${index}]`;
    const variable = findSqlVariable(name)!;
    const { definition } = variable;
    const values = column(frame, name);
    const presentRows = values.map((value, i) => (value === null ? -1 : i)).filter((i) => i >= 0);
    const present = presentRows.map((i) => values[i]);
    const ids = (rows: readonly number[]) => rows.map((i) => frame.patientIds[i]!);
    const n = release.count(`${path}.n`, ids(presentRows));
    const missing = release.count(`${path}.missing`, ids(values.map((value, i) => (value === null ? i : -1)).filter((i) => i >= 0)));
    const base = { variable: name, label: definition.label, kind: definition.kind, unit: definition.unit ?? null, n, missing };
    if (definition.kind === 'CONTINUOUS') return { ...base, levels: [], summary: release.summarize(`${path}.summary`, name, present.map(Number), ids(presentRows)) };
    const levels = definition.kind === 'BOOLEAN' ? [...BOOLEAN_LEVELS].reverse() : definition.levels!;
    const asLevel = (value: unknown) => (variable.valueType === 'flag' ? (value === 1 ? 'true' : 'false') : String(value));
    const counts = release.levels((level) => `${path}.levels[${level}].count`, levels.map((level) => ids(presentRows.filter((i) => asLevel(values[i]) === level))));
    return {
      ...base,
      summary: null,
      levels: levels.map((level, i) => ({ level, label: levelLabel(name, level), count: counts[i]!, percent: counts[i] === null || n === null || n === 0 ? null : (100 * counts[i]!) / n })),
    };
  });
}

/** The Cohort field `characteristics` (src/analyses/analysis.ts). */
export const characteristicsAnalysis = defineAnalysis({
  field: 'characteristics',
  canonicalArgs: (args: { variables?: string[] | null }) => canonical({ variables: args.variables ?? [...TABLE_1_VARIABLES] }),
  reads: 'the variables asked (default: Table 1)',
  disclosure: 'level counts with primary and secondary suppression; level counts by cell key; summaries with noise keyed to the records (perturbed-summary.ts), quartiles withheld below 2k, never minimum and maximum',
  compute: async (context, cohort, args) => await describeCharacteristics(context, cohort, args.variables),
});
