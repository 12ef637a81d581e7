/**
 * Writes a whole cohort's rows (sites, reference ranges, patients and their records) in one
 * transaction of multi-row inserts: the demo generator's output, or any other bulk source whose
 * patient ids are its own. Sites are matched by code, so an existing site of the same code keeps
 * its id and reference ranges; rows name sites by the source's own site ids, mapped here.
 */
import { eq, getTableName } from 'drizzle-orm';
import {
  clinicalEvents, followUpTherapies, imagingStudies, labResults, patients, priorTherapies, siteReferenceRanges, sites, treatments,
} from '../../db/schema/index.js';
import type { Store } from './database.js';
import { batchInsert, inTransaction, queryChanges, queryFirst, refreshStatistics } from './driver.js';

const COHORT_TABLES = [sites, siteReferenceRanges, patients, priorTherapies, treatments, labResults, imagingStudies, followUpTherapies, clinicalEvents];

type Insert<Table extends { $inferInsert: unknown }> = Table['$inferInsert'];

export interface CohortRows {
  /** `id` is the source's own site id, which the other rows' `siteId` refer to. */
  sites: readonly { id: number; code: string; name: string }[];
  siteReferenceRanges: readonly Insert<typeof siteReferenceRanges>[];
  patients: readonly Insert<typeof patients>[];
  priorTherapies: readonly Insert<typeof priorTherapies>[];
  treatments: readonly Insert<typeof treatments>[];
  labResults: readonly Insert<typeof labResults>[];
  imagingStudies: readonly Insert<typeof imagingStudies>[];
  followUpTherapies: readonly Insert<typeof followUpTherapies>[];
  clinicalEvents: readonly Insert<typeof clinicalEvents>[];
}

/** Rows written per table. */
export type CohortRowCounts = { [Table in keyof CohortRows]: number };

export async function writeCohortRows(db: Store, rows: CohortRows): Promise<CohortRowCounts> {
  return inTransaction(db, async (): Promise<CohortRowCounts> => {
    const siteIds = new Map<number, number>();
    let sitesWritten = 0;
    for (const site of rows.sites) {
      sitesWritten += await queryChanges(db, db.insert(sites).values({ code: site.code, name: site.name }).onConflictDoNothing({ target: sites.code }));
      const id = (await queryFirst(db, db.select({ id: sites.id }).from(sites).where(eq(sites.code, site.code))))?.id;
      if (id === undefined) throw new Error(`cohort rows: site ${site.code} was not stored`);
      siteIds.set(site.id, id);
    }
    const siteId = (sourceId: number): number => siteIds.get(sourceId) ?? sourceId;
    let rangesWritten = 0;
    for (const range of rows.siteReferenceRanges) {
      rangesWritten += await queryChanges(db, db.insert(siteReferenceRanges).values({ ...range, siteId: siteId(range.siteId) }).onConflictDoNothing());
    }
    const counts = {
      sites: sitesWritten,
      siteReferenceRanges: rangesWritten,
      patients: await batchInsert(db, patients, rows.patients.map((patient) => ({ ...patient, siteId: siteId(patient.siteId) }))),
      priorTherapies: await batchInsert(db, priorTherapies, rows.priorTherapies),
      treatments: await batchInsert(db, treatments, rows.treatments),
      labResults: await batchInsert(db, labResults, rows.labResults),
      imagingStudies: await batchInsert(db, imagingStudies, rows.imagingStudies),
      followUpTherapies: await batchInsert(db, followUpTherapies, rows.followUpTherapies),
      clinicalEvents: await batchInsert(db, clinicalEvents, rows.clinicalEvents),
    };
    await refreshStatistics(db, COHORT_TABLES.map(getTableName));
    return counts;
  });
}
