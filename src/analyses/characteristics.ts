/**
 * A table of characteristics (the founding study's Table 1): per variable, counts and percentages
 * of each level for categorical and boolean variables, and n, mean, SD, median, IQR and range for
 * continuous ones; missing values counted apart (percentages are of the patients with a value).
 */
import { describe } from '../stats/index.js';
import { badUserInput } from '../errors.js';
import { findSqlVariable } from '../store/patient-variables.js';
import { column, loadFrame } from './analysis-frame.js';
import type { CohortSelection } from '../records/cohorts.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor, type DisclosureGuard } from '../access/disclosure.js';
import { canonical, defineAnalysis } from './analysis.js';

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
  const guard = guardFor(context, cohort, 'characteristics');
  const frame = loadFrame(context, cohort, [], names);
  if (guard.isSmall(frame.patientIds.length)) guard.refuse(`the cohort has ${guard.smallCountReason()}`);
  return names.map((name, index) => {
    const path = `[${index}]`;
    const variable = findSqlVariable(name)!;
    const { definition } = variable;
    const values = column(frame, name);
    const present = values.filter((value) => value !== null);
    const n = guard.count(`${path}.n`, present.length);
    const base = { variable: name, label: definition.label, kind: definition.kind, unit: definition.unit ?? null, n, missing: guard.count(`${path}.missing`, values.length - present.length) };
    if (definition.kind === 'CONTINUOUS') return { ...base, levels: [], summary: releasedSummary(guard, `${path}.summary`, present.map(Number)) };
    const levels = definition.kind === 'BOOLEAN' ? ['true', 'false'] : definition.levels!;
    const asLevel = (value: unknown) => (variable.valueType === 'flag' ? (value === 1 ? 'true' : 'false') : String(value));
    const counts = guard.levels((level) => `${path}.levels[${level}].count`, levels.map((level) => present.filter((value) => asLevel(value) === level).length));
    return {
      ...base,
      summary: null,
      levels: levels.map((level, i) => ({ level, count: counts[i]!, percent: counts[i] === null || n === null || n === 0 ? null : (100 * counts[i]!) / n })),
    };
  });
}

/** A continuous variable's distribution; under disclosure control without the extremes (they are one patient's values) and withheld below k. */
export function releasedSummary(guard: DisclosureGuard, path: string, values: number[]) {
  const summary = describe(values);
  if (!guard.active) return summary;
  if (guard.isSmall(values.length)) {
    guard.withhold(path, guard.smallCountReason());
    return { n: guard.round(summary.n), mean: null, sd: null, median: null, q1: null, q3: null, min: null, max: null };
  }
  guard.withhold(`${path}.min`, 'an individual patient\'s value (disclosure control)');
  guard.withhold(`${path}.max`, 'an individual patient\'s value (disclosure control)');
  return { ...summary, n: guard.round(summary.n), min: null, max: null };
}

/** The Cohort field `characteristics` (src/analyses/analysis.ts). */
export const characteristicsAnalysis = defineAnalysis({
  field: 'characteristics',
  canonicalArgs: (args: { variables?: string[] | null }) => canonical({ variables: args.variables ?? [...TABLE_1_VARIABLES] }),
  reads: 'the variables asked (default: Table 1)',
  disclosure: 'level counts with primary and secondary suppression; summaries without minimum and maximum, withheld below k',
  compute: (context, cohort, args) => describeCharacteristics(context, cohort, args.variables),
});
