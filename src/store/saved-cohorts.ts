/** Reading and writing saved cohort definitions. */
import { asc, eq, inArray } from 'drizzle-orm';
import { savedCohorts, type SavedCohortRow } from '../../db/schema/index.js';
import type { Db } from './database.js';

export function listSavedCohorts(db: Db): SavedCohortRow[] {
  return db.select().from(savedCohorts).orderBy(asc(savedCohorts.id)).all();
}

export function findSavedCohortsByIds(db: Db, ids: readonly number[]): SavedCohortRow[] {
  return db.select().from(savedCohorts).where(inArray(savedCohorts.id, [...ids])).all();
}

export function findSavedCohortByName(db: Db, name: string): SavedCohortRow | undefined {
  return db.select().from(savedCohorts).where(eq(savedCohorts.name, name)).get();
}

export function insertSavedCohort(db: Db, cohort: { name: string; description: string | null; filterJson: string }): SavedCohortRow {
  return db.insert(savedCohorts).values(cohort).returning().get();
}
