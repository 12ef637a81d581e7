/**
 * Writes a generated demo cohort into a migrated database, in one transaction of multi-row
 * inserts. Refuses a database that already holds patients: the demo's patient ids are its own
 * (1…N), and demo rows must never mix with real ones. Sites are matched by code, so an existing
 * site of the same code (created by an import without patients) is reused, its reference ranges
 * kept. The labs' CTCAE grade columns are left to the lab-grades service (src/records/demo-database.ts
 * runs it after this).
 */
import type { Store } from '../store/database.js';
import { writeCohortRows, type CohortRowCounts } from '../store/cohort-rows.js';
import { countPatients } from '../store/patients.js';
import { ALL_ROWS } from '../store/row-scope.js';
import { generateDemoCohort, type DemoCohortOptions } from './generate.js';

export class DemoDatabaseNotEmptyError extends Error {
  override readonly name = 'DemoDatabaseNotEmptyError';
}

/** Rows written per table. */
export type DemoSeedSummary = CohortRowCounts;

export async function seedDemoCohort(db: Store, options: DemoCohortOptions = {}): Promise<DemoSeedSummary> {
  const existing = await countPatients(db, undefined, ALL_ROWS);
  if (existing > 0) throw new DemoDatabaseNotEmptyError(`the database already holds ${existing} patients; the demo cohort is only written to a database without patients`);
  return await writeCohortRows(db, generateDemoCohort(options));
}
