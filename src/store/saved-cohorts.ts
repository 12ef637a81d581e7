/** Reading and writing saved cohort definitions. */
import { asc, eq, inArray } from 'drizzle-orm';
import { savedCohorts, type SavedCohortRow } from '../../db/schema/index.js';
import type { Store } from './database.js';

export function listSavedCohorts(db: Store): SavedCohortRow[] {
  return db.select().from(savedCohorts).orderBy(asc(savedCohorts.id)).all();
}

export function findSavedCohortsByIds(db: Store, ids: readonly number[]): SavedCohortRow[] {
  return db.select().from(savedCohorts).where(inArray(savedCohorts.id, [...ids])).all();
}

export function findSavedCohortByName(db: Store, name: string): SavedCohortRow | undefined {
  return db.select().from(savedCohorts).where(eq(savedCohorts.name, name)).get();
}

export function insertSavedCohort(db: Store, cohort: { name: string; description: string | null; filterJson: string }): SavedCohortRow {
  return db.insert(savedCohorts).values(cohort).returning().get();
}
