/**
 * Reading what CTCAE grading needs (each lab with its patient's index date, sex and site, and the
 * sites' reference ranges) and writing the derived grade columns back, in bulk. The labs are read
 * as arrays of values (no object per row) in the order grading walks them: by patient, analyte
 * and collection date.
 */
import { asc } from 'drizzle-orm';
import { patients, siteReferenceRanges } from '../../db/schema/index.js';
import type { Analyte, Sex } from '../../db/schema/enums.js';
import type { Store } from './database.js';
import { dialectOf } from './dialect.js';
import { allRowArrays, inTransaction, queryRows, runForEach, runStatement } from './driver.js';

/** One lab as read for grading: its values in this order, with its stored grades. */
export type LabForGrading = [
  id: number, patientId: number, siteId: number, sex: Sex, analyte: Analyte, value: number,
  lowerLimitOfNormal: number | null, upperLimitOfNormal: number | null, dayFromIndex: number,
  gradeV5: number | null, gradeV403: number | null,
];

/** The labs of these patients, ordered by patient, analyte and collection date. */
export async function findLabsForGrading(db: Store, patientIds: readonly number[]): Promise<LabForGrading[]> {
  if (patientIds.length === 0) return [];
  const { wholeDaysBetween, jsonArrayParameter } = dialectOf(db);
  return allRowArrays<LabForGrading>(db, `
    SELECT l.id, l.patient_id, p.site_id, p.sex, l.analyte, l.value, l.lower_limit_of_normal, l.upper_limit_of_normal,
      ${wholeDaysBetween('l.collected_on', 'p.index_date')}, l.grade_v5, l.grade_v4_03
    FROM lab_results l JOIN patients p ON p.id = l.patient_id
    WHERE l.patient_id IN ${jsonArrayParameter()}
    ORDER BY l.patient_id, l.analyte, l.collected_on`, [JSON.stringify(patientIds)]);
}

export async function findAllPatientIds(db: Store): Promise<number[]> {
  return (await queryRows(db, db.select({ id: patients.id }).from(patients).orderBy(asc(patients.id)))).map((row) => row.id);
}

export type SiteRanges = Map<string, { lowerLimitOfNormal: number | null; upperLimitOfNormal: number | null }>;

/** Keyed by `${siteId}:${analyte}`. */
export async function findSiteReferenceRanges(db: Store): Promise<SiteRanges> {
  const rows = await queryRows(db, db.select().from(siteReferenceRanges));
  return new Map(rows.map((row) => [`${row.siteId}:${row.analyte}`, { lowerLimitOfNormal: row.lowerLimitOfNormal, upperLimitOfNormal: row.upperLimitOfNormal }]));
}

/** New grades of labs, as columns: the lab ids and, at the same positions, their grades (null: undecided). */
export interface LabGradeUpdates {
  ids: number[];
  gradesV5: (number | null)[];
  gradesV403: (number | null)[];
}

/** Labs per UPDATE where updates are batched: 3 parameters each, far below both databases' limits. */
const UPDATES_PER_STATEMENT = 1_000;

const updateStatement = (rows: number) => `UPDATE lab_results SET grade_v5 = v.column1, grade_v4_03 = v.column2
  FROM (VALUES ${new Array<string>(rows).fill('(CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS INTEGER))').join(', ')}) AS v
  WHERE lab_results.id = v.column3`;

/**
 * Writes the grades inside the caller's transaction when there is one: on SQLite one prepared
 * UPDATE per lab; on PostgreSQL UPDATES_PER_STATEMENT labs to a statement
 * (`UPDATE ... FROM (VALUES ...)`, whose columns are named column1, column2, ...), one round trip
 * per thousand labs rather than per lab. (On SQLite, that statement with 500 rows of CASTs took
 * 14.6 s for 243,328 labs against 1.1 s one per lab: SQLite plans it badly.)
 */
export async function updateLabGrades(db: Store, updates: LabGradeUpdates): Promise<void> {
  const { ids, gradesV5, gradesV403 } = updates;
  if (!dialectOf(db).BATCHED_UPDATES) {
    await runForEach(db, 'UPDATE lab_results SET grade_v5 = ?, grade_v4_03 = ? WHERE id = ?', (function* rows() {
      for (let i = 0; i < ids.length; i++) yield [gradesV5[i], gradesV403[i], ids[i]];
    })());
    return;
  }
  await inTransaction(db, async () => {
    for (let start = 0; start < ids.length; start += UPDATES_PER_STATEMENT) {
      const end = Math.min(ids.length, start + UPDATES_PER_STATEMENT);
      const parameters: unknown[] = [];
      for (let i = start; i < end; i++) parameters.push(gradesV5[i], gradesV403[i], ids[i]);
      await runStatement(db, updateStatement(end - start), parameters);
    }
  });
}
