/** Reading patients: by id, and pages of a filtered cohort ordered by id (keyset pagination). */
import { and, asc, count, gt, inArray, type SQL } from 'drizzle-orm';
import { patients, type PatientRow } from '../../db/schema/index.js';
import type { Db } from './database.js';

export function findPatientsByIds(db: Db, ids: readonly number[]): PatientRow[] {
  return db.select().from(patients).where(inArray(patients.id, [...ids])).all();
}

export interface PatientPageQuery {
  condition: SQL | undefined;
  limit: number;
  afterId: number | undefined;
}

/** Up to `limit` patients after `afterId` in id order. */
export function listPatientPage(db: Db, query: PatientPageQuery): PatientRow[] {
  const after = query.afterId === undefined ? undefined : gt(patients.id, query.afterId);
  return db.select().from(patients).where(and(query.condition, after)).orderBy(asc(patients.id)).limit(query.limit).all();
}

export function countPatients(db: Db, condition: SQL | undefined): number {
  return db.select({ n: count() }).from(patients).where(condition).get()?.n ?? 0;
}

/** The ids of every patient matching `condition`, in id order (cohort membership for analyses). */
export function listPatientIds(db: Db, condition: SQL | undefined): number[] {
  return db.select({ id: patients.id }).from(patients).where(condition).orderBy(asc(patients.id)).all().map((row) => row.id);
}
