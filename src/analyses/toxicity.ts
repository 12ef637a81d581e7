/**
 * Toxicity tables as the founding study's Table 4: for each analyte and timepoint, how many
 * patients of the cohort had a result there and how many were at each CTCAE grade (the grade of
 * the result picked for the timepoint); and the worst grade per patient within a window of days
 * (e.g. "within the first year": days 1 to 365). Grades are the stored ones of
 * src/records/lab-grades.ts, in the version asked.
 *
 * Under disclosure control (docs/disclosure.md, "Tables and summaries") a row's grade counts and its count of
 * results that could not be graded form one level set: measured = notGradable + Σ grades, so a
 * small notGradable withheld alone would come back by subtraction; in one set, secondary
 * suppression covers it. A cohort under k patients is refused, as every analysis.
 */
import { ANALYTE_NAMES, TIMEPOINTS, type CtcaeVersion, type Timepoint } from '../clinical/index.js';
import { badUserInput } from '../errors.js';
import { cohortPatientIds } from '../store/cohort-members.js';
import { findToxicityGrades, type GradeColumn, type PatientGrades } from '../store/toxicity.js';
import type { CohortSelection } from '../records/cohorts.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor } from '../access/disclosure.js';
import { aggregateReleaseFor, type AggregateRelease } from '../access/aggregate-release.js';
import { canonical, defineAnalysis } from './analysis.js';

export const STUDY_ANALYTES = ['ALBUMIN', 'ALP', 'AST', 'ALT', 'BILIRUBIN', 'HEMOGLOBIN', 'PLATELETS', 'LEUKOCYTES'] as const;
const STUDY_TIMEPOINTS: readonly Timepoint[] = ['BASELINE', 'MONTH_6', 'YEAR_1'];
const GRADES = [0, 1, 2, 3, 4] as const;

export interface ToxicityArgs {
  analytes?: string[] | null;
  timepoints?: Timepoint[] | null;
  version?: CtcaeVersion | null;
  worstWithin?: { fromDay: number; toDay: number } | null;
}

function gradeColumn(version: CtcaeVersion): GradeColumn {
  return version === 'V5_0' ? 'grade_v5' : 'grade_v4_03';
}

/** One row: patients by grade, and those with a result that could not be graded, as one level set. */
function tally(release: AggregateRelease, path: string, { patientIds, grades }: PatientGrades) {
  // Patients per grade 0..4, then those not gradable (a grade 5 is measured, in no level).
  const byGrade: number[][] = GRADES.map(() => []);
  const notGradable: number[] = [];
  grades.forEach((grade, index) => (grade === null ? notGradable : byGrade[grade])?.push(patientIds[index]!));
  const levels = [...byGrade, notGradable];
  const released = release.levels((i) => (i < GRADES.length ? `${path}.patientsByGrade[${i}]` : `${path}.notGradable`), levels);
  return {
    measured: release.count(`${path}.measured`, patientIds),
    notGradable: released[GRADES.length]!,
    patientsByGrade: GRADES.map((grade, i) => ({ grade, patients: released[i]! })),
  };
}

export async function tabulateToxicity(context: ServiceContext, cohort: CohortSelection, args: ToxicityArgs) {
  const analytes = args.analytes ?? [...STUDY_ANALYTES];
  analytes.forEach((analyte, index) => {
    if (!(ANALYTE_NAMES as readonly string[]).includes(analyte)) throw badUserInput(`Unknown analyte "${analyte}".`, `analytes[${index}]`);
  });
  const timepoints = args.timepoints ?? [...STUDY_TIMEPOINTS];
  timepoints.forEach((timepoint, index) => {
    if (!TIMEPOINTS.includes(timepoint)) throw badUserInput(`Unknown timepoint "${timepoint}".`, `timepoints[${index}]`);
  });
  const version = args.version ?? 'V5_0';
  const guard = await guardFor(context, cohort, 'toxicityTable');
  const patients = await cohortPatientIds(context.db, cohort.condition);
  if (guard.isSmall(patients.length)) guard.refuse(`the cohort has ${guard.smallCountReason()}`);
  const release = await aggregateReleaseFor(context, cohort, guard);
  const size = release.count('.cohortSize', patients);
  const worstWithin = args.worstWithin ?? null;
  if (worstWithin !== null && (!Number.isInteger(worstWithin.fromDay) || !Number.isInteger(worstWithin.toDay) || worstWithin.fromDay > worstWithin.toDay)) {
    throw badUserInput('`worstWithin` needs whole days with fromDay ≤ toDay.', 'worstWithin');
  }
  const queries = analytes.flatMap((analyte) => timepoints.map((timepoint) => ({ analyte, timepoint })));
  const grades = await findToxicityGrades(context.db, cohort.condition, { analytes, timepoints, gradeColumn: gradeColumn(version), worstWithin });
  const rows = queries.map((query, index) => ({ ...query, ...tally(release, `.rows[${index}]`, grades.atTimepoints[index]!) }));
  let worst = null;
  if (worstWithin !== null && grades.worstWithin !== null) {
    const perPatient = new Map<number, number>();
    for (const { patientIds, grades: worstGrades } of grades.worstWithin) {
      patientIds.forEach((patientId, index) => perPatient.set(patientId, Math.max(perPatient.get(patientId) ?? -1, worstGrades[index] ?? -1)));
    }
    const anyAtLeast = (grade: number) => release.count(`.worstWithin.patientsWithAnyGradeAtLeast[${grade}]`, [...perPatient].filter(([, worstGrade]) => worstGrade >= grade).map(([patientId]) => patientId));
    worst = {
      fromDay: worstWithin.fromDay,
      toDay: worstWithin.toDay,
      rows: analytes.map((analyte, index) => ({ analyte, ...tally(release, `.worstWithin.rows[${index}]`, grades.worstWithin![index]!) })),
      patientsWithAnyGradeAtLeast: [2, 3, 4].map((grade) => ({ grade, patients: anyAtLeast(grade) })),
    };
  }
  return { version, cohortSize: size, rows, worstWithin: worst };
}

/** The Cohort field `toxicityTable` (src/analyses/analysis.ts). */
export const toxicityTableAnalysis = defineAnalysis({
  field: 'toxicityTable',
  canonicalArgs: (args: ToxicityArgs) => canonical({ ...args, analytes: args.analytes ?? [...STUDY_ANALYTES] }),
  reads: 'the stored CTCAE grades of the labs asked, per timepoint and within the window',
  disclosure: 'cell-key counts of patient sets, 0 < n < k withheld; grades and not-gradable as one level set with secondary suppression',
  compute: tabulateToxicity,
});
