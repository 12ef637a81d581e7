/**
 * Reading and writing saved cohort definitions, within what a principal may see: every cohort, or
 * the shared ones (no site) and those of one site.
 */
import { and, asc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { savedCohorts, type SavedCohortRow } from '../../db/schema/index.js';
import type { Store } from './database.js';

/** Which saved cohorts a principal sees: all, or the shared ones plus those of `siteId` (null: shared only). */
export type SavedCohortScope = { kind: 'ALL' } | { kind: 'SHARED_AND_SITE'; siteId: number | null };

function visible(scope: SavedCohortScope): SQL | undefined {
  if (scope.kind === 'ALL') return undefined;
  return scope.siteId === null ? isNull(savedCohorts.siteId) : or(isNull(savedCohorts.siteId), eq(savedCohorts.siteId, scope.siteId));
}

export function listSavedCohorts(db: Store, scope: SavedCohortScope): SavedCohortRow[] {
  return db.select().from(savedCohorts).where(visible(scope)).orderBy(asc(savedCohorts.id)).all();
}

export function findSavedCohortsByIds(db: Store, ids: readonly number[], scope: SavedCohortScope): SavedCohortRow[] {
  return db.select().from(savedCohorts).where(and(inArray(savedCohorts.id, [...ids]), visible(scope))).all();
}

/** Any cohort of that name, visible or not: names are unique over the registry. */
export function findSavedCohortByName(db: Store, name: string): SavedCohortRow | undefined {
  return db.select().from(savedCohorts).where(eq(savedCohorts.name, name)).get();
}

export function insertSavedCohort(db: Store, cohort: { name: string; description: string | null; filterJson: string; ownerKeyId?: number | null; siteId?: number | null }): SavedCohortRow {
  return db.insert(savedCohorts).values(cohort).returning().get();
}
