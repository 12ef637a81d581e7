/**
 * How each variable of the data dictionary (src/clinical/variables.ts) is computed in SQL from a
 * patient's records, as an expression correlated with the outer `patients` row. Filters compile to
 * these expressions, so a filter over a derived variable runs in the database like any other.
 */
import { sql, type SQL } from 'drizzle-orm';
import { patients } from '../../db/schema/index.js';
import { PRIOR_THERAPIES } from '../../db/schema/enums.js';
import { ALL_VARIABLES, PATIENT_VARIABLES, type VariableDefinition } from '../clinical/variables.js';
import { DAYS_PER_MONTH, DEFAULT_TIMEPOINT_WINDOWS, type Timepoint } from '../clinical/timepoints.js';
import { daysBetween, flagOf } from './dialect.js';

/** The type SQL compares the expression as: text levels, numbers, or 0/1 flags. */
export type SqlValueType = 'text' | 'number' | 'flag';

export interface SqlVariable {
  definition: VariableDefinition;
  expression: SQL;
  valueType: SqlValueType;
}


/**
 * The outer patient's columns, always qualified: drizzle renders a column of a single-table select
 * unqualified ("id"), and inside a subquery over another table an unqualified "id" would bind to
 * that table's own id.
 */
const outer = (column: string) => sql.raw(`"patients"."${column}"`);
const patientId = outer('id');
const indexDate = outer('index_date');

const followUpEnd = sql`coalesce(${patients.deathDate}, ${patients.lastFollowUpDate})`;
const hasTarget = (target: string) =>
  sql`EXISTS (SELECT 1 FROM treatments t WHERE t.patient_id = ${patientId} AND t.target = ${target})`;

const expressions: Record<string, { expression: SQL; valueType: SqlValueType }> = {
  sex: { expression: sql`${patients.sex}`, valueType: 'text' },
  ageAtIndex: { expression: sql`${patients.ageAtIndex}`, valueType: 'number' },
  ecog: { expression: sql`${patients.ecog}`, valueType: 'number' },
  tumorType: { expression: sql`${patients.tumorType}`, valueType: 'text' },
  differentiation: { expression: sql`${patients.differentiation}`, valueType: 'text' },
  tumorBurden: { expression: sql`${patients.tumorBurden}`, valueType: 'text' },
  ascitesAtBaseline: { expression: sql`${patients.ascitesAtBaseline}`, valueType: 'flag' },
  extrahepaticMetastases: { expression: sql`${patients.extrahepaticMetastases}`, valueType: 'flag' },
  childPugh: { expression: sql`${patients.childPugh}`, valueType: 'text' },
  ...Object.fromEntries(PRIOR_THERAPIES.map((therapy) => [`priorTherapy.${therapy}`, {
    expression: flagOf(sql`EXISTS (SELECT 1 FROM prior_therapies pt WHERE pt.patient_id = ${patientId} AND pt.therapy = ${therapy})`),
    valueType: 'flag' as const,
  }])),
  anyPriorTherapy: { expression: flagOf(sql`EXISTS (SELECT 1 FROM prior_therapies pt WHERE pt.patient_id = ${patientId})`), valueType: 'flag' },
  monthsFromDiagnosisToIndex: {
    expression: sql`(${daysBetween(patients.indexDate, patients.liverMetastasisDiagnosisDate)} / ${DAYS_PER_MONTH})`,
    valueType: 'number',
  },
  treatmentDistribution: {
    expression: sql`(CASE WHEN ${hasTarget('RIGHT_LOBE')} AND ${hasTarget('LEFT_LOBE')} THEN 'BILOBAR'
      WHEN EXISTS (SELECT 1 FROM treatments t WHERE t.patient_id = ${patientId}) THEN 'UNILOBAR' END)`,
    valueType: 'text',
  },
  treatmentCount: { expression: sql`(SELECT count(*) FROM treatments t WHERE t.patient_id = ${patientId})`, valueType: 'number' },
  totalActivityGbq: { expression: sql`(SELECT coalesce(sum(t.activity_gbq), 0) FROM treatments t WHERE t.patient_id = ${patientId})`, valueType: 'number' },
  followUpMonths: { expression: sql`(${daysBetween(followUpEnd, patients.indexDate)} / ${DAYS_PER_MONTH})`, valueType: 'number' },
  vitalStatus: { expression: sql`${patients.vitalStatus}`, valueType: 'text' },
};

/**
 * The value of `column` on the record picked for a timepoint: within the window (days from the
 * index date, inclusive), the closest to the target day, ties to the earlier date — the pick rule
 * of src/clinical/timepoints.ts, in SQL. `table` is lab_results or imaging_studies.
 */
export function pickedAtTimepoint(table: 'lab_results' | 'imaging_studies', column: string, dateColumn: string, timepoint: Timepoint, extra: SQL): SQL {
  const { startDay, endDay, targetDay } = DEFAULT_TIMEPOINT_WINDOWS[timepoint];
  const day = daysBetween(sql.raw(`r.${dateColumn}`), indexDate);
  return sql`(SELECT r.${sql.raw(column)} FROM ${sql.raw(table)} r
    WHERE r.patient_id = ${patientId} AND ${extra} AND ${day} BETWEEN ${startDay} AND ${endDay}
    ORDER BY abs(${day} - ${targetDay}), r.${sql.raw(dateColumn)} LIMIT 1)`;
}

function timepointExpression(name: string): { expression: SQL; valueType: SqlValueType } | undefined {
  const [family, subject, timepoint] = name.split('.') as [string, string, Timepoint];
  if (family === 'lab') return { expression: pickedAtTimepoint('lab_results', 'value', 'collected_on', timepoint, sql`r.analyte = ${subject}`), valueType: 'number' };
  if (family === 'grade') return { expression: pickedAtTimepoint('lab_results', 'grade_v5', 'collected_on', timepoint, sql`r.analyte = ${subject}`), valueType: 'number' };
  if (family === 'imaging') {
    const column = { ascites: 'ascites', cirrhosisLikeMorphology: 'cirrhosis_like_morphology', splenomegaly: 'splenomegaly', varices: 'varices', recist: 'recist' }[subject];
    if (column === undefined) return undefined;
    return { expression: pickedAtTimepoint('imaging_studies', column, 'date', timepoint, sql`1 = 1`), valueType: subject === 'recist' ? 'text' : 'flag' };
  }
  return undefined;
}

const baselineNames = new Set(PATIENT_VARIABLES.map((definition) => definition.name));

const sqlVariables = new Map<string, SqlVariable>(
  ALL_VARIABLES.map((definition) => {
    const entry = baselineNames.has(definition.name) ? expressions[definition.name] : timepointExpression(definition.name);
    if (entry === undefined) throw new Error(`No SQL expression for variable ${definition.name}`);
    return [definition.name, { definition, ...entry }];
  }),
);

export function findSqlVariable(name: string): SqlVariable | undefined {
  return sqlVariables.get(name);
}

/** The baseline and derived variables' names (timepoint variables are listed by `variables`). */
export function knownVariableNames(): string[] {
  return [...baselineNames];
}
