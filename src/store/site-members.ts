/** Which patients of a cohort belong to one site: the own-site part of a site role's counts (src/access/cell-key.ts). */
import { and, eq, type SQL } from 'drizzle-orm';
import { patients } from '../../db/schema/index.js';
import type { Db } from './database.js';

export function cohortPatientIdsAtSite(db: Db, condition: SQL | undefined, siteId: number): Set<number> {
  const rows = db.select({ id: patients.id }).from(patients).where(and(condition, eq(patients.siteId, siteId))).all();
  return new Set(rows.map((row) => row.id));
}
