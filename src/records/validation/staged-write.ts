/**
 * The second half of every write, shared by the CSV import and the write mutations: once the rows
 * are validated one by one and staged (src/store/staging.ts), check the rules between rows and
 * files against the stored data, then count and merge, and recompute the CTCAE grades of the
 * patients whose labs, sex or index date changed (src/records/lab-grades.ts). The caller runs both
 * steps in one transaction, so a write is all or nothing.
 *
 * Rules between rows: no two rows with one natural key; every record's patient given or stored
 * for the site; the index date is the first TARE session (no session before it, and it is the
 * date of the earliest one); nothing dated after the patient's death.
 */
import type { Store } from '../../store/database.js';
import {
  findDeathsBeforeStoredRecords, findDuplicateStagedRows, findIndexDatesNotFirstSession, findRecordsAfterDeath,
  findSessionsBeforeIndexDate, findUnknownPatientReferences,
} from '../../store/staged-checks.js';
import { countStagedChanges, findPatientIdsToRegrade, mergeStagedRows, type StagedChangeCounts } from '../../store/staged-merge.js';
import { prepareStagedRows } from '../../store/staging.js';
import { recomputeLabGrades } from '../lab-grades.js';
import type { RecordKind } from './interchange-format.js';
import type { RecordIssue } from './issues.js';

const RECORD_NOUNS: Readonly<Record<RecordKind, string>> = {
  patients: 'patient',
  treatments: 'TARE session',
  labs: 'lab result',
  imaging: 'imaging study',
  events: 'clinical event',
};

const DATE_COLUMN = 'date';

const NATURAL_KEYS: Readonly<Record<RecordKind, string>> = {
  patients: 'patient identifier',
  treatments: 'patient, date and target',
  labs: 'patient, analyte and date',
  imaging: 'patient, date and modality',
  events: 'patient, date and event',
};

/**
 * The problems between staged rows and with the stored data of the site (id null: a site not
 * created yet). `nameLine` says how a message refers to another row ("line 12", "results[3]").
 */
export async function checkStagedRows(db: Store, site: { id: number | null; code: string }, nameLine: (line: number) => string): Promise<RecordIssue[]> {
  await prepareStagedRows(db, site.id);
  const issues: RecordIssue[] = [];
  for (const row of await findDuplicateStagedRows(db)) {
    issues.push({ kind: row.kind, line: row.line, column: 'patient_id', code: 'DUPLICATE', message: `repeats the ${NATURAL_KEYS[row.kind]} of ${nameLine(row.firstLine)}` });
  }
  for (const row of await findUnknownPatientReferences(db, site.id)) {
    issues.push({
      kind: row.kind, line: row.line, column: 'patient_id', code: 'UNKNOWN_PATIENT',
      message: `unknown patient "${row.externalId}" of site ${site.code}: add the patient first`,
    });
  }
  for (const row of await findSessionsBeforeIndexDate(db)) {
    issues.push({
      kind: 'treatments', line: row.line, column: DATE_COLUMN, code: 'DATE_ORDER',
      message: `TARE session on ${row.date} is before the patient's index date ${row.indexDate} (the first session)`,
    });
  }
  for (const row of await findIndexDatesNotFirstSession(db, site.id)) {
    const mismatch = `index date ${row.indexDate} is not the date of the patient's first TARE session, ${row.firstSessionDate}`;
    issues.push(row.patientLine !== null
      ? { kind: 'patients', line: row.patientLine, column: 'index_date', code: 'DATE_ORDER', message: mismatch }
      : { kind: 'treatments', line: row.firstSessionLine!, column: DATE_COLUMN, code: 'DATE_ORDER', message: `the stored ${mismatch}` });
  }
  for (const row of await findRecordsAfterDeath(db)) {
    issues.push({
      kind: row.kind, line: row.line, column: DATE_COLUMN, code: 'DATE_ORDER',
      message: `${RECORD_NOUNS[row.kind]} on ${row.date} is after the patient's death on ${row.deathDate}`,
    });
  }
  for (const row of await findDeathsBeforeStoredRecords(db, site.id)) {
    issues.push({
      kind: 'patients', line: row.line, column: 'death_date', code: 'DATE_ORDER',
      message: `death on ${row.deathDate} is before a record stored for the patient on ${row.lastRecordDate}`,
    });
  }
  return issues;
}

export type ChangeCounts = Record<RecordKind, StagedChangeCounts>;

/** Counts what merging the staged rows changes and, unless `dryRun`, merges them and recomputes the affected grades. */
export async function writeStagedRows(db: Store, siteId: number | null, options: { dryRun: boolean; onRegrade?: (patients: number) => void }): Promise<ChangeCounts> {
  const counts = await countStagedChanges(db, siteId);
  if (options.dryRun) return counts;
  if (siteId === null) throw new Error('a site must exist before rows are merged into it');
  await mergeStagedRows(db, siteId, counts);
  const regrade = await findPatientIdsToRegrade(db, siteId);
  if (regrade.length === 0) return counts;
  options.onRegrade?.(regrade.length);
  await recomputeLabGrades(db, regrade);
  return counts;
}
