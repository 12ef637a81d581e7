/** Reading sites. */
import { asc, count, eq, inArray } from 'drizzle-orm';
import { patients, sites, type SiteRow } from '../../db/schema/index.js';
import type { Db } from './database.js';

export function listSites(db: Db): SiteRow[] {
  return db.select().from(sites).orderBy(asc(sites.code)).all();
}

export function listSiteCodes(db: Db): string[] {
  return db.select({ code: sites.code }).from(sites).orderBy(asc(sites.code)).all().map((row) => row.code);
}

export function findSitesByIds(db: Db, ids: readonly number[]): SiteRow[] {
  return db.select().from(sites).where(inArray(sites.id, [...ids])).all();
}

export function countPatientsBySiteIds(db: Db, ids: readonly number[]): Map<number, number> {
  const rows = db
    .select({ siteId: patients.siteId, patientCount: count() })
    .from(patients)
    .where(inArray(patients.siteId, [...ids]))
    .groupBy(patients.siteId)
    .all();
  return new Map(rows.map((row) => [row.siteId, row.patientCount]));
}

export function findSiteByCode(db: Db, code: string): SiteRow | undefined {
  return db.select().from(sites).where(eq(sites.code, code)).get();
}
