/**
 * Reading patients: by id, and pages of a filtered cohort (keyset pagination) ordered by id or by
 * a sort key with the id breaking ties, so that (key, id) is unique and a page seeks past the
 * last (key, id) seen with one row-value comparison.
 */
import { and, asc, count, desc, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { patients, type PatientRow } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryRows, queryFirst } from './driver.js';
import { patientScopeCondition, type RowScope } from './row-scope.js';
import { wholeDaysBetween } from './dialect.js';

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
  /** Order by a sort key instead of the id; afterId/beforeId then come with the key's value at that patient. */
  order?: PatientOrder;
  afterKey?: PatientSortValue;
  beforeKey?: PatientSortValue;
}

/** Every column a page can be ordered by (non-null, so (key, id) orders every patient). */
export type PatientSortKey = 'id' | 'externalId' | 'ageAtIndex' | 'indexDate' | 'followUpDays';
export type PatientSortValue = string | number;
export interface PatientOrder { key: PatientSortKey; descending: boolean }

const followUpDays = wholeDaysBetween(sql`coalesce(${patients.deathDate}, ${patients.lastFollowUpDate})`, sql`${patients.indexDate}`);
const SORT_EXPRESSIONS: Record<PatientSortKey, SQL> = {
  id: sql`${patients.id}`,
  externalId: sql`${patients.externalId}`,
  ageAtIndex: sql`${patients.ageAtIndex}`,
  indexDate: sql`${patients.indexDate}`,
  followUpDays,
};

/** The value of `key` at `row`, as the page's SQL orders by it (the cursor carries it). */
export function patientSortValue(row: PatientRow, key: PatientSortKey): PatientSortValue {
  if (key === 'followUpDays') return Math.round((Date.parse(row.deathDate ?? row.lastFollowUpDate) - Date.parse(row.indexDate)) / 86_400_000);
  return row[key];
}

/** Up to `limit` patients after `afterId` (and before `beforeId`), in id order, or in descending id order from the end. */
export async function listPatientPage(db: Store, query: PatientPageQuery): Promise<PatientRow[]> {
  if (query.order !== undefined) return listOrderedPatientPage(db, query, query.order);
  const after = query.afterId === undefined ? undefined : gt(patients.id, query.afterId);
  const before = query.beforeId === undefined ? undefined : lt(patients.id, query.beforeId);
  return queryRows(db, db.select().from(patients).where(and(query.condition, patientScopeCondition(query.scope), after, before))
    .orderBy(query.fromEnd === true ? desc(patients.id) : asc(patients.id)).limit(query.limit));
}

/**
 * The page in (key, id) order, ascending or descending; from the end the scan runs the other way.
 * "After" a cursor means later in the requested order: (key, id) > (value, id) ascending, < descending.
 */
async function listOrderedPatientPage(db: Store, query: PatientPageQuery, order: PatientOrder): Promise<PatientRow[]> {
  const key = SORT_EXPRESSIONS[order.key];
  const seek = (value: PatientSortValue | undefined, id: number | undefined, later: boolean) => {
    if (value === undefined || id === undefined) return undefined;
    return later !== order.descending ? sql`(${key}, ${patients.id}) > (${value}, ${id})` : sql`(${key}, ${patients.id}) < (${value}, ${id})`;
  };
  const scanDescending = order.descending !== (query.fromEnd === true);
  const direction = scanDescending ? desc : asc;
  return queryRows(db, db.select().from(patients)
    .where(and(query.condition, patientScopeCondition(query.scope), seek(query.afterKey, query.afterId, true), seek(query.beforeKey, query.beforeId, false)))
    .orderBy(direction(key), direction(patients.id)).limit(query.limit));
}

/** Patients matching `condition` within `scope`; aggregates over every site pass ALL_ROWS. */
export async function countPatients(db: Store, condition: SQL | undefined, scope: RowScope): Promise<number> {
  return (await queryFirst(db, db.select({ n: count() }).from(patients).where(and(condition, patientScopeCondition(scope)))))?.n ?? 0;
}

/** Patients matching `condition` outside `siteId` (does an aggregate cover rows the principal may not see?). */
export async function countPatientsOutsideSite(db: Store, condition: SQL | undefined, siteId: number): Promise<number> {
  return (await queryFirst(db, db.select({ n: count() }).from(patients).where(and(condition, sql`${patients.siteId} <> ${siteId}`))))?.n ?? 0;
}
