/** Reading sites. */
import { asc, count, eq, inArray } from 'drizzle-orm';
import { patients, sites, type SiteRow } from '../../db/schema/index.js';
import type { Store } from './database.js';

export function listSites(db: Store): SiteRow[] {
  return db.select().from(sites).orderBy(asc(sites.code)).all();
}

export function listSiteCodes(db: Store): string[] {
  return db.select({ code: sites.code }).from(sites).orderBy(asc(sites.code)).all().map((row) => row.code);
}

export function findSitesByIds(db: Store, ids: readonly number[]): SiteRow[] {
  return db.select().from(sites).where(inArray(sites.id, [...ids])).all();
}

export function countPatientsBySiteIds(db: Store, ids: readonly number[]): Map<number, number> {
  const rows = db
    .select({ siteId: patients.siteId, patientCount: count() })
    .from(patients)
    .where(inArray(patients.siteId, [...ids]))
    .groupBy(patients.siteId)
    .all();
  return new Map(rows.map((row) => [row.siteId, row.patientCount]));
}

export function findSiteByCode(db: Store, code: string): SiteRow | undefined {
  return db.select().from(sites).where(eq(sites.code, code)).get();
}
