/**
 * The rules between staged rows, and between staged and stored rows, as queries over the staging
 * area (staging.ts): each returns the staged lines that break a rule, with the values a message
 * needs. What counts as an error, and how it reads, is the caller's (src/interchange/import/ and src/records/validation/).
 * Run them after prepareStagedRows(), inside the write's transaction.
 */
import type { Store } from './database.js';
import { dialectOf } from './dialect.js';
import { allRows } from './driver.js';
import type { StagedKind } from './staging.js';

export interface DuplicateRow { kind: StagedKind; line: number; firstLine: number }

/** Rows repeating the natural key of an earlier row of the same kind. */
export async function findDuplicateStagedRows(db: Store): Promise<DuplicateRow[]> {
  return allRows<DuplicateRow>(db, `
    SELECT 'patients' AS kind, line, first_line AS "firstLine" FROM (
      SELECT line, min(line) OVER (PARTITION BY external_id) AS first_line FROM staged_patients) AS d WHERE line <> first_line
    UNION ALL
    SELECT 'treatments', line, first_line FROM (
      SELECT line, min(line) OVER (PARTITION BY external_id, date, target) AS first_line FROM staged_treatments) AS d WHERE line <> first_line
    UNION ALL
    SELECT 'labs', line, first_line FROM (
      SELECT line, min(line) OVER (PARTITION BY external_id, analyte, collected_on) AS first_line FROM staged_lab_results) AS d WHERE line <> first_line
    UNION ALL
    SELECT 'imaging', line, first_line FROM (
      SELECT line, min(line) OVER (PARTITION BY external_id, date, modality) AS first_line FROM staged_imaging_studies) AS d WHERE line <> first_line
    UNION ALL
    SELECT 'events', line, first_line FROM (
      SELECT line, min(line) OVER (PARTITION BY external_id, date, event) AS first_line FROM staged_clinical_events) AS d WHERE line <> first_line
  `);
}

export interface UnknownPatientRow { kind: StagedKind; line: number; externalId: string }

/** Record rows whose patient is neither staged nor stored for the site. */
export async function findUnknownPatientReferences(db: Store, siteId: number | null): Promise<UnknownPatientRow[]> {
  return allRows<UnknownPatientRow>(db, `
    WITH known AS (SELECT external_id FROM staged_patients UNION SELECT external_id FROM patients WHERE site_id = :siteId)
    SELECT 'treatments' AS kind, line, external_id AS "externalId" FROM staged_treatments WHERE external_id NOT IN (SELECT external_id FROM known)
    UNION ALL
    SELECT 'labs', line, external_id FROM staged_lab_results WHERE external_id NOT IN (SELECT external_id FROM known)
    UNION ALL
    SELECT 'imaging', line, external_id FROM staged_imaging_studies WHERE external_id NOT IN (SELECT external_id FROM known)
    UNION ALL
    SELECT 'events', line, external_id FROM staged_clinical_events WHERE external_id NOT IN (SELECT external_id FROM known)
  `, { siteId });
}

export interface SessionBeforeIndexRow { line: number; date: string; indexDate: string }

/** Staged TARE sessions dated before their patient's index date. */
export async function findSessionsBeforeIndexDate(db: Store): Promise<SessionBeforeIndexRow[]> {
  return allRows<SessionBeforeIndexRow>(db, `
    SELECT t.line, t.date, f.index_date AS "indexDate"
    FROM staged_treatments t JOIN staged_final_patients f ON f.external_id = t.external_id
    WHERE t.date < f.index_date
  `);
}

export interface IndexDateMismatchRow {
  externalId: string;
  /** The patient's staged line, or null when the index date is the stored one. */
  patientLine: number | null;
  indexDate: string;
  firstSessionDate: string;
  /** The first staged session of the patient, where the problem shows when the patient is not staged. */
  firstSessionLine: number | null;
}

/**
 * Patients whose index date, after the write, is not the date of their first TARE session (over
 * stored and staged sessions), among the patients the write restates or adds sessions to. A
 * staged session before the index date is left to findSessionsBeforeIndexDate().
 */
export async function findIndexDatesNotFirstSession(db: Store, siteId: number | null): Promise<IndexDateMismatchRow[]> {
  return allRows<IndexDateMismatchRow>(db, `
    WITH concerned AS (
      SELECT f.external_id, f.staged_line, f.index_date FROM staged_final_patients f
      WHERE f.staged_line IS NOT NULL OR f.external_id IN (SELECT external_id FROM staged_treatments)
    ), sessions AS (
      SELECT external_id, date FROM staged_treatments
      UNION ALL
      SELECT p.external_id, t.date FROM treatments t JOIN patients p ON p.id = t.patient_id
      WHERE p.site_id = :siteId AND p.external_id IN (SELECT external_id FROM concerned)
    ), first_sessions AS (SELECT external_id, min(date) AS date FROM sessions GROUP BY external_id)
    SELECT c.external_id AS "externalId", c.staged_line AS "patientLine", c.index_date AS "indexDate", s.date AS "firstSessionDate",
      (SELECT min(line) FROM staged_treatments t WHERE t.external_id = c.external_id) AS "firstSessionLine"
    FROM concerned c JOIN first_sessions s ON s.external_id = c.external_id
    WHERE s.date <> c.index_date
      AND NOT EXISTS (SELECT 1 FROM staged_treatments t WHERE t.external_id = c.external_id AND t.date = s.date AND t.date < c.index_date)
  `, { siteId });
}

export interface RecordAfterDeathRow { kind: StagedKind; line: number; date: string; deathDate: string }

/** Staged sessions, labs, imaging and clinical events dated after their patient's death. */
export async function findRecordsAfterDeath(db: Store): Promise<RecordAfterDeathRow[]> {
  return allRows<RecordAfterDeathRow>(db, `
    SELECT 'treatments' AS kind, t.line, t.date, f.death_date AS "deathDate"
    FROM staged_treatments t JOIN staged_final_patients f ON f.external_id = t.external_id WHERE t.date > f.death_date
    UNION ALL
    SELECT 'labs', l.line, l.collected_on, f.death_date
    FROM staged_lab_results l JOIN staged_final_patients f ON f.external_id = l.external_id WHERE l.collected_on > f.death_date
    UNION ALL
    SELECT 'imaging', i.line, i.date, f.death_date
    FROM staged_imaging_studies i JOIN staged_final_patients f ON f.external_id = i.external_id WHERE i.date > f.death_date
    UNION ALL
    SELECT 'events', e.line, e.date, f.death_date
    FROM staged_clinical_events e JOIN staged_final_patients f ON f.external_id = e.external_id WHERE e.date > f.death_date
  `);
}

export interface DeathBeforeStoredRecordRow { line: number; deathDate: string; lastRecordDate: string }

/** Staged patients whose death date precedes a session, lab, imaging study or clinical event stored for them. */
export async function findDeathsBeforeStoredRecords(db: Store, siteId: number | null): Promise<DeathBeforeStoredRecordRow[]> {
  return allRows<DeathBeforeStoredRecordRow>(db, `
    SELECT line, "deathDate", "lastRecordDate" FROM (
      SELECT s.line, s.death_date AS "deathDate", ${dialectOf(db).greatestOf(
        '(SELECT max(date) FROM treatments WHERE patient_id = p.id)',
        '(SELECT max(collected_on) FROM lab_results WHERE patient_id = p.id)',
        '(SELECT max(date) FROM imaging_studies WHERE patient_id = p.id)',
        '(SELECT max(date) FROM clinical_events WHERE patient_id = p.id)')} AS "lastRecordDate"
      FROM staged_patients s JOIN patients p ON p.site_id = :siteId AND p.external_id = s.external_id
      WHERE s.valid = 1 AND s.death_date IS NOT NULL) AS d
    WHERE "lastRecordDate" > "deathDate"
  `, { siteId });
}
