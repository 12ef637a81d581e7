/**
 * Writes a generated demo cohort into a migrated database, in one transaction of multi-row
 * inserts. Refuses a database that already holds patients: the demo's patient ids are its own
 * (1…N), and demo rows must never mix with real ones. Sites are matched by code, so an existing
 * site of the same code (created by an import without patients) is reused, its reference ranges
 * kept. The labs' CTCAE grade columns are left to the lab-grades service (services/demo-database.ts
 * runs it after this).
 */
import { eq } from 'drizzle-orm';
import {
  followUpTherapies, imagingStudies, labResults, patients, priorTherapies, siteReferenceRanges, sites, treatments,
} from '../../db/schema/index.js';
import type { Db } from '../data/database.js';
import { countPatients } from '../data/patients.js';
import { ALL_ROWS } from '../data/row-scope.js';
import { batchInsert } from './batch-insert.js';
import { generateDemoCohort, type DemoCohortOptions } from './generate.js';

export class DemoDatabaseNotEmptyError extends Error {
  override readonly name = 'DemoDatabaseNotEmptyError';
}

/** Rows written per table. */
export interface DemoSeedSummary {
  sites: number;
  siteReferenceRanges: number;
  patients: number;
  priorTherapies: number;
  treatments: number;
  labResults: number;
  imagingStudies: number;
  followUpTherapies: number;
}

export function seedDemoCohort(db: Db, options: DemoCohortOptions = {}): DemoSeedSummary {
  const existing = countPatients(db, undefined, ALL_ROWS);
  if (existing > 0) throw new DemoDatabaseNotEmptyError(`the database already holds ${existing} patients; the demo cohort is only written to a database without patients`);
  const cohort = generateDemoCohort(options);
  const client = db.$client;

  return client.transaction((): DemoSeedSummary => {
    const siteIds = new Map<number, number>();
    let sitesWritten = 0;
    for (const site of cohort.sites) {
      const inserted = db.insert(sites).values({ code: site.code, name: site.name }).onConflictDoNothing({ target: sites.code }).run();
      sitesWritten += inserted.changes;
      const id = db.select({ id: sites.id }).from(sites).where(eq(sites.code, site.code)).get()?.id;
      if (id === undefined) throw new Error(`demo seed: site ${site.code} was not stored`);
      siteIds.set(site.id, id);
    }
    const siteId = (temporary: number): number => siteIds.get(temporary) ?? temporary;
    const ranges = cohort.siteReferenceRanges.map((range) => ({ ...range, siteId: siteId(range.siteId) }));
    let rangesWritten = 0;
    for (const range of ranges) {
      rangesWritten += db.insert(siteReferenceRanges).values(range).onConflictDoNothing().run().changes;
    }

    return {
      sites: sitesWritten,
      siteReferenceRanges: rangesWritten,
      patients: batchInsert(client, patients, cohort.patients.map((patient) => ({ ...patient, siteId: siteId(patient.siteId) }))),
      priorTherapies: batchInsert(client, priorTherapies, cohort.priorTherapies),
      treatments: batchInsert(client, treatments, cohort.treatments),
      labResults: batchInsert(client, labResults, cohort.labResults),
      imagingStudies: batchInsert(client, imagingStudies, cohort.imagingStudies),
      followUpTherapies: batchInsert(client, followUpTherapies, cohort.followUpTherapies),
    };
  })();
}
