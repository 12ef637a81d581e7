/**
 * Reading what CTCAE grading needs (each lab with its patient's index date, sex and site, and the
 * sites' reference ranges) and writing the derived grade columns back, in bulk.
 */
import { asc, inArray, sql } from 'drizzle-orm';
import { labResults, patients, siteReferenceRanges } from '../../db/schema/index.js';
import type { Analyte } from '../../db/schema/enums.js';
import type { Store } from './database.js';
import { wholeDaysBetween } from './sqlite/dialect.js';
import { inTransaction, prepareStatement } from './sqlite/driver.js';

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

export function findLabsForGrading(db: Store, patientIds: readonly number[]): LabForGrading[] {
  return db
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
    .orderBy(asc(labResults.patientId), asc(labResults.analyte), asc(labResults.collectedOn))
    .all();
}

export function findAllPatientIds(db: Store): number[] {
  return db.select({ id: patients.id }).from(patients).orderBy(asc(patients.id)).all().map((row) => row.id);
}

export type SiteRanges = Map<string, { lowerLimitOfNormal: number | null; upperLimitOfNormal: number | null }>;

/** Keyed by `${siteId}:${analyte}`. */
export function findSiteReferenceRanges(db: Store): SiteRanges {
  const rows = db.select().from(siteReferenceRanges).all();
  return new Map(rows.map((row) => [`${row.siteId}:${row.analyte}`, { lowerLimitOfNormal: row.lowerLimitOfNormal, upperLimitOfNormal: row.upperLimitOfNormal }]));
}

export interface LabGradeUpdate {
  id: number;
  gradeV5: number | null;
  gradeV403: number | null;
}

/** Writes the grades in one prepared statement, inside the caller's transaction when there is one. */
export function updateLabGrades(db: Store, updates: readonly LabGradeUpdate[]): void {
  const statement = prepareStatement(db, 'UPDATE lab_results SET grade_v5 = ?, grade_v4_03 = ? WHERE id = ?');
  inTransaction(db, () => {
    for (const row of updates) statement.run(row.gradeV5, row.gradeV403, row.id);
  });
}
