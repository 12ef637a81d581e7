/** Reading patients: by id, and pages of a filtered cohort ordered by id (keyset pagination). */
import { and, asc, count, desc, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { patients, type PatientRow } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { patientScopeCondition, type RowScope } from './row-scope.js';

export function findPatientsByIds(db: Store, ids: readonly number[], scope: RowScope): PatientRow[] {
  return db.select().from(patients).where(and(inArray(patients.id, [...ids]), patientScopeCondition(scope))).all();
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
export function listPatientPage(db: Store, query: PatientPageQuery): PatientRow[] {
  const after = query.afterId === undefined ? undefined : gt(patients.id, query.afterId);
  const before = query.beforeId === undefined ? undefined : lt(patients.id, query.beforeId);
  return db.select().from(patients).where(and(query.condition, patientScopeCondition(query.scope), after, before))
    .orderBy(query.fromEnd === true ? desc(patients.id) : asc(patients.id)).limit(query.limit).all();
}

/** Patients matching `condition` within `scope`; aggregates over every site pass ALL_ROWS. */
export function countPatients(db: Store, condition: SQL | undefined, scope: RowScope): number {
  return db.select({ n: count() }).from(patients).where(and(condition, patientScopeCondition(scope))).get()?.n ?? 0;
}

/** Patients matching `condition` outside `siteId` (does an aggregate cover rows the principal may not see?). */
export function countPatientsOutsideSite(db: Store, condition: SQL | undefined, siteId: number): number {
  return db.select({ n: count() }).from(patients).where(and(condition, sql`${patients.siteId} <> ${siteId}`)).get()?.n ?? 0;
}
