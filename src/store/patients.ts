/** Reading patients: by id, and pages of a filtered cohort ordered by id (keyset pagination). */
import { and, asc, count, desc, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { patients, type PatientRow } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryRows, queryFirst } from './driver.js';
import { patientScopeCondition, type RowScope } from './row-scope.js';

export async function findPatientsByIds(db: Store, ids: readonly number[], scope: RowScope): Promise<PatientRow[]> {
  return queryRows(db, db.select().from(patients).where(and(inArray(patients.id, [...ids]), patientScopeCondition(scope))));
}

export interface PatientPageQuery {
  condition: SQL | undefined;
  scope: RowScope;
  limit: number;
  afterId: number | undefined;
  /** Only patients with a smaller id. */
  beforeId?: number | undefined;
  /** Take the `limit` patients nearest the end (descending id order) instead of the start. */
  fromEnd?: boolean;
}

/** Up to `limit` patients after `afterId` (and before `beforeId`), in id order, or in descending id order from the end. */
export async function listPatientPage(db: Store, query: PatientPageQuery): Promise<PatientRow[]> {
  const after = query.afterId === undefined ? undefined : gt(patients.id, query.afterId);
  const before = query.beforeId === undefined ? undefined : lt(patients.id, query.beforeId);
  return queryRows(db, db.select().from(patients).where(and(query.condition, patientScopeCondition(query.scope), after, before))
    .orderBy(query.fromEnd === true ? desc(patients.id) : asc(patients.id)).limit(query.limit));
}

/** Patients matching `condition` within `scope`; aggregates over every site pass ALL_ROWS. */
export async function countPatients(db: Store, condition: SQL | undefined, scope: RowScope): Promise<number> {
  return (await queryFirst(db, db.select({ n: count() }).from(patients).where(and(condition, patientScopeCondition(scope)))))?.n ?? 0;
}

/** Patients matching `condition` outside `siteId` (does an aggregate cover rows the principal may not see?). */
export async function countPatientsOutsideSite(db: Store, condition: SQL | undefined, siteId: number): Promise<number> {
  return (await queryFirst(db, db.select({ n: count() }).from(patients).where(and(condition, sql`${patients.siteId} <> ${siteId}`))))?.n ?? 0;
}
