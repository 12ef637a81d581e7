/**
 * Reading and writing saved cohort definitions, within what a principal may see: every cohort, or
 * the shared ones (no site) and those of one site.
 */
import { and, asc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { savedCohorts, type SavedCohortRow } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryRows, queryFirst } from './driver.js';

/** Which saved cohorts a principal sees: all, or the shared ones plus those of `siteId` (null: shared only). */
export type SavedCohortScope = { kind: 'ALL' } | { kind: 'SHARED_AND_SITE'; siteId: number | null };

function visible(scope: SavedCohortScope): SQL | undefined {
  if (scope.kind === 'ALL') return undefined;
  return scope.siteId === null ? isNull(savedCohorts.siteId) : or(isNull(savedCohorts.siteId), eq(savedCohorts.siteId, scope.siteId));
}

export async function listSavedCohorts(db: Store, scope: SavedCohortScope): Promise<SavedCohortRow[]> {
  return queryRows(db, db.select().from(savedCohorts).where(visible(scope)).orderBy(asc(savedCohorts.id)));
}

export async function findSavedCohortsByIds(db: Store, ids: readonly number[], scope: SavedCohortScope): Promise<SavedCohortRow[]> {
  return queryRows(db, db.select().from(savedCohorts).where(and(inArray(savedCohorts.id, [...ids]), visible(scope))));
}

/** Any cohort of that name, visible or not: names are unique over the registry. */
export async function findSavedCohortByName(db: Store, name: string): Promise<SavedCohortRow | undefined> {
  return queryFirst(db, db.select().from(savedCohorts).where(eq(savedCohorts.name, name)));
}

export async function insertSavedCohort(db: Store, cohort: { name: string; description: string | null; filterJson: string; ownerKeyId?: number | null; siteId?: number | null }): Promise<SavedCohortRow> {
  return (await queryFirst(db, db.insert(savedCohorts).values(cohort).returning()))!;
}
