/** Reading sites. */
import { asc, count, eq, inArray } from 'drizzle-orm';
import { patients, sites, type SiteRow } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryRows, queryFirst } from './driver.js';

export async function listSites(db: Store): Promise<SiteRow[]> {
  return queryRows(db, db.select().from(sites).orderBy(asc(sites.code)));
}

export async function listSiteCodes(db: Store): Promise<string[]> {
  return (await queryRows(db, db.select({ code: sites.code }).from(sites).orderBy(asc(sites.code)))).map((row) => row.code);
}

export async function findSitesByIds(db: Store, ids: readonly number[]): Promise<SiteRow[]> {
  return queryRows(db, db.select().from(sites).where(inArray(sites.id, [...ids])));
}

export async function countPatientsBySiteIds(db: Store, ids: readonly number[]): Promise<Map<number, number>> {
  const rows = await queryRows(db, db
    .select({ siteId: patients.siteId, patientCount: count() })
    .from(patients)
    .where(inArray(patients.siteId, [...ids]))
    .groupBy(patients.siteId));
  return new Map(rows.map((row) => [row.siteId, row.patientCount]));
}

export async function findSiteByCode(db: Store, code: string): Promise<SiteRow | undefined> {
  return queryFirst(db, db.select().from(sites).where(eq(sites.code, code)));
}
