/**
 * Writes outside the staging path: transactions around a whole write, creating a site, deleting
 * one record of a site, and finding the stored rows a merge of staged rows produced.
 */
import type { Store } from './database.js';
import { allRows, firstRow, inSqlWriteTransaction, isBusyError, runStatement } from './driver.js';
import { BUSY_TIMEOUT_MS } from './sqlite/driver.js';
import type { StagedKind } from './staging.js';

export { inReadTransaction, inSession } from './driver.js';

/** Another connection (an import, another process) held the write lock for longer than the busy timeout. */
export class DatabaseBusyError extends Error {
  override readonly name = 'DatabaseBusyError';
  constructor() {
    super(`the database is locked by another writer (an import or another process writing it) for more than ${BUSY_TIMEOUT_MS / 1000} s; nothing was written: try again when it is done.`);
  }
}

/**
 * Runs `work` in one transaction holding the write lock from its start (SQLite: BEGIN IMMEDIATE;
 * PostgreSQL: an advisory lock); a throw rolls it all back. When the lock stays taken past the
 * busy timeout (the same on both): DatabaseBusyError.
 */
export async function inWriteTransaction<Result>(db: Store, work: () => Promise<Result>): Promise<Result> {
  try {
    return await inSqlWriteTransaction(db, work);
  } catch (error) {
    if (isBusyError(db, error)) throw new DatabaseBusyError();
    throw error;
  }
}

export async function insertSite(db: Store, code: string, name: string): Promise<number> {
  return (await firstRow<{ id: number }>(db, 'INSERT INTO sites (code, name) VALUES (?, ?) RETURNING id', [code, name]))!.id;
}

export type RecordTable = 'patients' | 'treatments' | 'lab_results' | 'imaging_studies' | 'clinical_events';

/**
 * Deletes one row of a site (a patient takes its records with it: ON DELETE CASCADE) and returns
 * the patient it belonged to, or null when the site has no such row.
 */
export async function deleteSiteRecord(db: Store, siteId: number, table: RecordTable, id: number): Promise<{ patientId: number } | null> {
  const owner = table === 'patients'
    ? await firstRow<{ patientId: number }>(db, 'SELECT id AS "patientId" FROM patients WHERE id = ? AND site_id = ?', [id, siteId])
    : await firstRow<{ patientId: number }>(db, `SELECT r.patient_id AS "patientId" FROM ${table} r JOIN patients p ON p.id = r.patient_id WHERE r.id = ? AND p.site_id = ?`, [id, siteId]);
  if (owner === undefined) return null;
  await runStatement(db, `DELETE FROM ${table} WHERE id = ?`, [id]);
  return owner;
}

const STORED_ROWS_OF_STAGED: Readonly<Record<StagedKind, string>> = {
  patients: `SELECT p.id, p.id AS "patientId" FROM staged_patients s
    JOIN patients p ON p.site_id = ? AND p.external_id = s.external_id ORDER BY s.line`,
  treatments: `SELECT t.id, t.patient_id AS "patientId" FROM staged_treatments s JOIN patients p ON p.site_id = ? AND p.external_id = s.external_id
    JOIN treatments t ON t.patient_id = p.id AND t.date = s.date AND t.target = s.target ORDER BY s.line`,
  labs: `SELECT l.id, l.patient_id AS "patientId" FROM staged_lab_results s JOIN patients p ON p.site_id = ? AND p.external_id = s.external_id
    JOIN lab_results l ON l.patient_id = p.id AND l.analyte = s.analyte AND l.collected_on = s.collected_on ORDER BY s.line`,
  imaging: `SELECT i.id, i.patient_id AS "patientId" FROM staged_imaging_studies s JOIN patients p ON p.site_id = ? AND p.external_id = s.external_id
    JOIN imaging_studies i ON i.patient_id = p.id AND i.date = s.date AND i.modality = s.modality ORDER BY s.line`,
  events: `SELECT e.id, e.patient_id AS patientId FROM staged_clinical_events s JOIN patients p ON p.site_id = ? AND p.external_id = s.external_id
    JOIN clinical_events e ON e.patient_id = p.id AND e.date = s.date AND e.event = s.event ORDER BY s.line`,
};

export interface StoredRowRef {
  id: number;
  patientId: number;
}

/** The stored rows the staged rows of `kind` became, in staged order (after the merge). */
export async function findStoredRowsOfStaged(db: Store, siteId: number, kind: StagedKind): Promise<StoredRowRef[]> {
  return allRows<StoredRowRef>(db, STORED_ROWS_OF_STAGED[kind], [siteId]);
}
