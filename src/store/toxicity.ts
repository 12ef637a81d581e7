/**
 * Grades for toxicity tables, per cohort in one statement each: the CTCAE grade of the lab picked
 * at each timepoint (the timepoint variables' pick rule), and the worst grade of each analyte
 * within a window of days from the index date.
 */
import { asc, sql, type SQL } from 'drizzle-orm';
import { patients } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryRows } from './driver.js';
import { pickedAtTimepoint } from './patient-variables.js';
import { daysBetween } from './dialect.js';
import type { Timepoint } from '../clinical/timepoints.js';

export type GradeColumn = 'grade_v5' | 'grade_v4_03';

export interface TimepointGradeQuery {
  analyte: string;
  timepoint: Timepoint;
}

/** One patient's grade at a timepoint (null: a result that cannot be graded). */
export interface TimepointGrade {
  patientId: number;
  grade: number | null;
}

/**
 * For each query, the grades of the cohort patients who have a result at that timepoint, with
 * their ids (disclosure control keys counts by the patients counted). Patients without a result
 * are not in the list.
 */
export async function findTimepointGrades(db: Store, condition: SQL | undefined, queries: readonly TimepointGradeQuery[], gradeColumn: GradeColumn): Promise<TimepointGrade[][]> {
  const selection: Record<string, SQL> = { id: sql`${patients.id}` };
  queries.forEach((query, index) => {
    const analyte = sql`r.analyte = ${query.analyte}`;
    selection[`grade${index}`] = pickedAtTimepoint('lab_results', gradeColumn, 'collected_on', query.timepoint, analyte);
    selection[`result${index}`] = pickedAtTimepoint('lab_results', 'id', 'collected_on', query.timepoint, analyte);
  });
  const rows = (await queryRows(db, db.select(selection).from(patients).where(condition).orderBy(asc(patients.id)))) as Record<string, number | null>[];
  return queries.map((_, index) => rows.filter((row) => row[`result${index}`] !== null).map((row) => ({ patientId: row['id']!, grade: row[`grade${index}`] ?? null })));
}

export interface WorstGradeRow {
  patientId: number;
  analyte: string;
  worstGrade: number | null;
}

/** The worst grade per patient and analyte among the labs collected between fromDay and toDay (inclusive) of the index date. */
export async function findWorstGrades(db: Store, condition: SQL | undefined, analytes: readonly string[], gradeColumn: GradeColumn, fromDay: number, toDay: number): Promise<WorstGradeRow[]> {
  const day = daysBetween(sql.raw('l.collected_on'), sql.raw('"patients"."index_date"'));
  return queryRows(db, db
    .select({ patientId: sql<number>`${patients.id}`, analyte: sql<string>`l.analyte`, worstGrade: sql<number | null>`max(l.${sql.raw(gradeColumn)})` })
    .from(patients)
    .innerJoin(sql`lab_results l`, sql`l.patient_id = "patients"."id"`)
    .where(sql`${condition ?? sql`1 = 1`} AND l.analyte IN (${sql.join(analytes.map((a) => sql`${a}`), sql`, `)}) AND ${day} BETWEEN ${fromDay} AND ${toDay}`)
    .groupBy(sql`${patients.id}, l.analyte`));
}
