/**
 * The patient ids of a cohort, and of its part at one site: the record sets that cell-key
 * perturbation counts (src/access/cell-key.ts), and the own-site part of a site role's counts.
 */
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { patients } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryRows } from './driver.js';

export async function cohortPatientIds(db: Store, condition: SQL | undefined): Promise<number[]> {
  return (await queryRows(db, db.select({ id: patients.id }).from(patients).where(condition).orderBy(asc(patients.id)))).map((row) => row.id);
}

export async function cohortPatientIdsAtSite(db: Store, condition: SQL | undefined, siteId: number): Promise<Set<number>> {
  const rows = await queryRows(db, db.select({ id: patients.id }).from(patients).where(and(condition, eq(patients.siteId, siteId))));
  return new Set(rows.map((row) => row.id));
}
