/**
 * Grades for toxicity tables, per cohort in one statement: one ordered pass over the cohort's labs
 * of the analytes asked (patients outer, each patient's labs from the (patient, analyte, date)
 * index), grouped by patient and analyte, that gives for each timepoint the CTCAE grade of the lab
 * picked there and, when asked, the worst grade within a window of days from the index date.
 *
 * The pick at a timepoint is the timepoint variables' rule (src/clinical/timepoints.ts,
 * pickedAtTimepoint in ./patient-variables.ts): within the window (days from the index date,
 * inclusive), the closest to the target day, ties to the earlier date. As one aggregate, each lab
 * in the window gets the key
 *     (|day − target| · 2 + [day > target]) · 8 + gradeCode,   gradeCode = grade (0..5), 7 for none,
 * and the group's min() is the picked lab's key: of two labs at the same distance the earlier has
 * day < target, and no two labs of a patient and analyte share a date (unique index
 * lab_results_patient_analyte_date), so the order of the keys is the pick rule's, and the grade
 * rides in the key's last three bits. The worst grade is max(coalesce(grade, −1)) over the labs in
 * its window: none there gives NULL (no row), only ungradable ones −1 (a row without a grade).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Store } from './database.js';
import { visitRowArrays } from './driver.js';
import { flagOf, wholeDaysBetween } from './dialect.js';
import { DEFAULT_TIMEPOINT_WINDOWS, type Timepoint } from '../clinical/timepoints.js';

export type GradeColumn = 'grade_v5' | 'grade_v4_03';

/** Patients and their grades, by position (a grade null: a result that cannot be graded). */
export interface PatientGrades {
  patientIds: number[];
  grades: (number | null)[];
}

function patientGrades(): PatientGrades {
  return { patientIds: [], grades: [] };
}

export interface ToxicityGradeRequest {
  analytes: readonly string[];
  timepoints: readonly Timepoint[];
  gradeColumn: GradeColumn;
  /** Days from the index date, inclusive, for the worst grade per patient and analyte; null when not asked. */
  worstWithin: { fromDay: number; toDay: number } | null;
}

export interface ToxicityGrades {
  /** Per analyte, then per timepoint (index analyte × timepoints.length + timepoint): the grades of the patients with a result picked there. */
  atTimepoints: PatientGrades[];
  /** Per analyte: the worst grade of each patient with a result within the window; null when not asked. */
  worstWithin: PatientGrades[] | null;
}

const NO_GRADE_CODE = 7;

/**
 * The grades of the cohort patients who have a result, with their ids (disclosure control keys
 * counts by the patients counted), in patient id order. Patients without a result are not in the lists.
 */
export async function findToxicityGrades(db: Store, condition: SQL | undefined, request: ToxicityGradeRequest): Promise<ToxicityGrades> {
  const { analytes, timepoints, worstWithin } = request;
  const atTimepoints = analytes.flatMap(() => timepoints.map(patientGrades));
  const worst = worstWithin === null ? null : analytes.map(patientGrades);
  if (analytes.length === 0 || (timepoints.length === 0 && worstWithin === null)) return { atTimepoints, worstWithin: worst };

  const day = wholeDaysBetween(sql.raw('l.collected_on'), sql.raw('"patients"."index_date"'));
  const grade = sql.raw(`l.${request.gradeColumn}`);
  // Columns in this order: patient id, analyte, one pick per timepoint, the worst grade when asked.
  const selection: Record<string, SQL> = { patientId: sql`"patients"."id"`, analyte: sql`l.analyte` };
  timepoints.forEach((timepoint, index) => {
    const { startDay, endDay, targetDay } = DEFAULT_TIMEPOINT_WINDOWS[timepoint];
    const key = sql`(abs(${day} - ${targetDay}) * 2 + ${flagOf(sql`${day} > ${targetDay}`)}) * 8 + coalesce(${grade}, ${sql.raw(String(NO_GRADE_CODE))})`;
    selection[`pick${index}`] = sql`min(CASE WHEN ${day} BETWEEN ${startDay} AND ${endDay} THEN ${key} END)`;
  });
  if (worstWithin !== null) {
    selection['worst'] = sql`max(CASE WHEN ${day} BETWEEN ${worstWithin.fromDay} AND ${worstWithin.toDay} THEN coalesce(${grade}, -1) END)`;
  }
  // An analyte asked twice has its place in the lists twice.
  const placesOf = new Map<string, number[]>();
  analytes.forEach((analyte, index) => placesOf.set(analyte, [...(placesOf.get(analyte) ?? []), index]));
  const worstColumn = 2 + timepoints.length;
  // CROSS JOIN keeps patients outer in SQLite (the cohort drives; each patient's labs come from the
  // (patient, analyte, date) index in group order, with no sort); elsewhere it is the inner join.
  // Each row is folded into the lists as it comes: the rows (patients × analytes) are never held at once.
  await visitRowArrays<(number | string | null)[]>(db, db
    .select(selection)
    .from(sql`"patients" CROSS JOIN lab_results l`)
    .where(sql`l.patient_id = "patients"."id" AND ${condition ?? sql`1 = 1`} AND l.analyte IN (${sql.join([...new Set(analytes)].map((analyte) => sql`${analyte}`), sql`, `)})`)
    .groupBy(sql`"patients"."id", l.analyte`)
    .orderBy(sql`"patients"."id", l.analyte`), (row) => {
      const patientId = Number(row[0]);
      const worstGrade = row[worstColumn];
      for (const place of placesOf.get(row[1] as string)!) {
        for (let index = 0; index < timepoints.length; index++) {
          const key = row[2 + index];
          if (key === null || key === undefined) continue;
          const code = Number(key) % 8;
          const picked = atTimepoints[place * timepoints.length + index]!;
          picked.patientIds.push(patientId);
          picked.grades.push(code === NO_GRADE_CODE ? null : code);
        }
        if (worst !== null && worstGrade !== null && worstGrade !== undefined) {
          worst[place]!.patientIds.push(patientId);
          worst[place]!.grades.push(Number(worstGrade) < 0 ? null : Number(worstGrade));
        }
      }
    });
  return { atTimepoints, worstWithin: worst };
}
