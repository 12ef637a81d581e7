/**
 * Reading what CTCAE grading needs (each lab with its patient's index date, sex and site, and the
 * sites' reference ranges) and writing the derived grade columns back, in bulk.
 */
import { asc, inArray, sql } from 'drizzle-orm';
import { labResults, patients, siteReferenceRanges } from '../../db/schema/index.js';
import type { Analyte } from '../../db/schema/enums.js';
import type { Store } from './database.js';
import { dialectOf, wholeDaysBetween } from './dialect.js';
import { inTransaction, queryRows, runForEach, runStatement } from './driver.js';

export interface LabForGrading {
  id: number;
  patientId: number;
  siteId: number;
  sex: 'MALE' | 'FEMALE';
  analyte: Analyte;
  value: number;
  lowerLimitOfNormal: number | null;
  upperLimitOfNormal: number | null;
  dayFromIndex: number;
}

export async function findLabsForGrading(db: Store, patientIds: readonly number[]): Promise<LabForGrading[]> {
  return queryRows(db, db
    .select({
      id: labResults.id,
      patientId: labResults.patientId,
      siteId: patients.siteId,
      sex: patients.sex,
      analyte: labResults.analyte,
      value: labResults.value,
      lowerLimitOfNormal: labResults.lowerLimitOfNormal,
      upperLimitOfNormal: labResults.upperLimitOfNormal,
      dayFromIndex: wholeDaysBetween(labResults.collectedOn, patients.indexDate),
    })
    .from(labResults)
    .innerJoin(patients, sql`${patients.id} = ${labResults.patientId}`)
    .where(inArray(labResults.patientId, [...patientIds]))
    .orderBy(asc(labResults.patientId), asc(labResults.analyte), asc(labResults.collectedOn)));
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

export interface LabGradeUpdate {
  id: number;
  gradeV5: number | null;
  gradeV403: number | null;
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
 * per thousand labs rather than per lab.
 */
export async function updateLabGrades(db: Store, updates: readonly LabGradeUpdate[]): Promise<void> {
  if (!dialectOf(db).BATCHED_UPDATES) {
    await runForEach(db, 'UPDATE lab_results SET grade_v5 = ?, grade_v4_03 = ? WHERE id = ?', updates.map((row) => [row.gradeV5, row.gradeV403, row.id]));
    return;
  }
  await inTransaction(db, async () => {
    for (let start = 0; start < updates.length; start += UPDATES_PER_STATEMENT) {
      const batch = updates.slice(start, start + UPDATES_PER_STATEMENT);
      await runStatement(db, updateStatement(batch.length), batch.flatMap((row) => [row.gradeV5, row.gradeV403, row.id]));
    }
  });
}
