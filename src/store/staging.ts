/**
 * The staging area of record writes: TEMP tables (private to the connection, kept in SQLite's
 * temporary file, never in the database file) that hold validated rows before they are checked
 * against each other and the stored data, counted, and merged into the real tables.
 *
 * Staging in SQL rather than in JavaScript keeps an import's memory flat whatever the size of its
 * files, and lets the rules between rows (staged-checks.ts) and the merge run as set operations.
 * Each staged row keeps its `line` (the CSV line, or the position in a mutation's input) so that
 * any problem found later points back at it. Rows refer to patients by their site's identifier
 * (`external_id`); the site is a parameter of every query that reaches stored rows.
 */
import type {
  Analyte, ChildPughClass, ClinicalEventKind, DeathCause, Device, ProgressionSite, Differentiation, PriorTherapy, RecistResponse, Sex, TreatmentTarget, TumorBurden, TumorType, VitalStatus,
} from '../../db/schema/enums.js';
import type { Store } from './database.js';
import { dialectOf, perDialect } from './dialect.js';
import { executeScript, inTransaction, runForEach, runStatement, setBulkWriteMemory } from './driver.js';

/** The values of a patient to write (what a patients.csv row or an upsertPatient input holds, validated). */
export interface PatientValues {
  externalId: string;
  sex: Sex;
  birthDate: string | null;
  ageAtIndex: number;
  indexDate: string;
  ecog: number | null;
  tumorType: TumorType | null;
  differentiation: Differentiation | null;
  tumorBurden: TumorBurden | null;
  ascitesAtBaseline: boolean;
  extrahepaticMetastases: boolean;
  childPugh: ChildPughClass | null;
  priorTherapies: readonly PriorTherapy[];
  liverMetastasisDiagnosisDate: string | null;
  lastFollowUpDate: string;
  vitalStatus: VitalStatus;
  deathDate: string | null;
  deathCause: DeathCause | null;
}

/** The values of a TARE session to write. */
export interface TreatmentValues {
  patientExternalId: string;
  date: string;
  target: TreatmentTarget;
  device: Device;
  activityGbq: number;
  lungShuntFractionPercent: number | null;
}

/** The values of a lab result to write: value and limits in the analyte's canonical unit, and the value as received. */
export interface LabResultValues {
  patientExternalId: string;
  analyte: Analyte;
  collectedOn: string;
  value: number;
  unit: string;
  receivedValue: number;
  receivedUnit: string;
  lowerLimitOfNormal: number | null;
  upperLimitOfNormal: number | null;
  /** Why the value is outside its analyte's physiologically plausible range (src/clinical/plausibility.ts), else null. */
  plausibilityWarning: string | null;
}

/** The values of an imaging study to write. */
export interface ImagingStudyValues {
  patientExternalId: string;
  date: string;
  modality: string;
  ascites: boolean;
  cirrhosisLikeMorphology: boolean;
  splenomegaly: boolean;
  varices: boolean;
  recist: RecistResponse | null;
}

/** The values of a clinical event (events.csv) to write. */
export interface ClinicalEventValues {
  patientExternalId: string;
  date: string;
  event: ClinicalEventKind;
  siteOfProgression: ProgressionSite | null;
  detail: string | null;
}

export type StagedKind = 'patients' | 'treatments' | 'labs' | 'imaging' | 'events';

/** A staged row: its line, and the record (a patient row whose cells were invalid is staged as its key alone). */
export type StagedRow<Record> = { line: number; record: Record };

const stagingTables = perDialect(({ STAGING_TYPES: { date: DATE, real: REAL } }) => `
  CREATE TEMP TABLE staged_patients (
    line INTEGER NOT NULL, external_id TEXT NOT NULL,
    -- 0: the row had invalid cells; staged by its key alone so that references to it resolve
    valid INTEGER NOT NULL,
    sex TEXT, birth_date ${DATE}, age_at_index ${REAL}, index_date ${DATE}, ecog INTEGER, tumor_type TEXT, differentiation TEXT,
    tumor_burden TEXT, ascites_at_baseline INTEGER, extrahepatic_metastases INTEGER, child_pugh TEXT,
    -- JSON array of the therapies, sorted: compared as text with the stored set
    prior_therapies TEXT, liver_metastasis_diagnosis_date ${DATE}, last_follow_up_date ${DATE}, vital_status TEXT, death_date ${DATE},
    death_cause TEXT
  );
  CREATE TEMP TABLE staged_treatments (
    line INTEGER NOT NULL, external_id TEXT NOT NULL, date ${DATE} NOT NULL, target TEXT NOT NULL, device TEXT NOT NULL,
    activity_gbq ${REAL} NOT NULL, lung_shunt_fraction_percent ${REAL}
  );
  CREATE TEMP TABLE staged_lab_results (
    line INTEGER NOT NULL, external_id TEXT NOT NULL, analyte TEXT NOT NULL, collected_on ${DATE} NOT NULL, value ${REAL} NOT NULL,
    unit TEXT NOT NULL, received_value ${REAL} NOT NULL, received_unit TEXT NOT NULL, lower_limit_of_normal ${REAL}, upper_limit_of_normal ${REAL},
    plausibility_warning TEXT
  );
  CREATE TEMP TABLE staged_imaging_studies (
    line INTEGER NOT NULL, external_id TEXT NOT NULL, date ${DATE} NOT NULL, modality TEXT NOT NULL, ascites INTEGER NOT NULL,
    cirrhosis_like_morphology INTEGER NOT NULL, splenomegaly INTEGER NOT NULL, varices INTEGER NOT NULL, recist TEXT
  );
  CREATE TEMP TABLE staged_clinical_events (
    line INTEGER NOT NULL, external_id TEXT NOT NULL, date ${DATE} NOT NULL, event TEXT NOT NULL, site_of_progression TEXT, detail TEXT
  );
  -- Each patient the staged rows concern, as it will be after the write: its staged row, else the stored one.
  CREATE TEMP TABLE staged_final_patients (
    external_id TEXT PRIMARY KEY, staged_line INTEGER, index_date ${DATE} NOT NULL, death_date ${DATE}
  );
  -- The CTCAE grades of the staged labs of the patients the write creates, by the lab's line (staged-lab-grades.ts).
  CREATE TEMP TABLE staged_lab_grades (line INTEGER PRIMARY KEY, grade_v5 INTEGER, grade_v4_03 INTEGER);
  -- What the write does to each patient's rows of each kind, counted before the merge (staged-merge.ts).
  CREATE TEMP TABLE staged_changes (
    kind TEXT NOT NULL, external_id TEXT NOT NULL, read INTEGER NOT NULL, inserted INTEGER NOT NULL, updated INTEGER NOT NULL,
    PRIMARY KEY (kind, external_id)
  );
`);

const STAGING_TABLE_NAMES = [
  'staged_patients', 'staged_treatments', 'staged_lab_results', 'staged_imaging_studies', 'staged_clinical_events', 'staged_final_patients', 'staged_lab_grades',
  'staged_changes',
];

/**
 * A bulk write inserts into indexes far larger than SQLite's default 2 MB page cache (the
 * (analyte, date) index of lab_results takes rows in no useful order), and recomputing grades
 * reads them back: with a bounded cache of this size, the merge and the grading of the
 * 2.4-million-lab benchmark import took about 40% less time. The connection keeps it until
 * closed, so only a connection opened for bulk work should ask.
 */
const BULK_WRITE_CACHE_MB = 64;

export async function enlargePageCacheForBulkWrite(db: Store): Promise<void> {
  await setBulkWriteMemory(db, BULK_WRITE_CACHE_MB);
}

/** Empties the staging area (dropping its tables and indexes, so a bulk load is indexed once, after it). */
export async function resetStaging(db: Store): Promise<void> {
  const dialect = dialectOf(db);
  await executeScript(db, STAGING_TABLE_NAMES.map((name) => dialect.dropTemporaryTable(name)).join('\n'));
  await executeScript(db, stagingTables(db));
}

const flagValue = (value: boolean): number => (value ? 1 : 0);

/**
 * Rows per INSERT statement of the staging area: a few hundred rows to a statement cost one
 * statement's overhead (on PostgreSQL one round trip) per batch instead of per row, and stay far
 * below the bound parameters a statement may have (SQLite 32,766; PostgreSQL 65,535).
 */
const ROWS_PER_INSERT = 500;
const MAX_PARAMETERS = 32_766;

/**
 * Inserts `rows` (each the values of `columns`, in order) into a staging table, ROWS_PER_INSERT
 * rows to a prepared statement (fewer when the columns are many), the remainder in one last
 * statement; in one (temporary-database) transaction.
 */
export async function insertStagedRows(db: Store, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0) return;
  const perStatement = Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length));
  const statementFor = (count: number) =>
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${new Array<string>(count).fill(`(${columns.map(() => '?').join(', ')})`).join(', ')}`;
  const parametersOf = (start: number, end: number): unknown[] => {
    const parameters: unknown[] = [];
    for (let i = start; i < end; i++) {
      for (const value of rows[i]!) parameters.push(value);
    }
    return parameters;
  };
  const fullCount = rows.length - (rows.length % perStatement);
  await inTransaction(db, async () => {
    if (fullCount > 0) {
      await runForEach(db, statementFor(perStatement), (function* batches() {
        for (let start = 0; start < fullCount; start += perStatement) yield parametersOf(start, start + perStatement);
      })());
    }
    if (fullCount < rows.length) await runStatement(db, statementFor(rows.length - fullCount), parametersOf(fullCount, rows.length));
  });
}

const PATIENT_COLUMNS = [
  'line', 'external_id', 'valid', 'sex', 'birth_date', 'age_at_index', 'index_date', 'ecog', 'tumor_type', 'differentiation', 'tumor_burden',
  'ascites_at_baseline', 'extrahepatic_metastases', 'child_pugh', 'prior_therapies', 'liver_metastasis_diagnosis_date',
  'last_follow_up_date', 'vital_status', 'death_date', 'death_cause',
];
const TREATMENT_COLUMNS = ['line', 'external_id', 'date', 'target', 'device', 'activity_gbq', 'lung_shunt_fraction_percent'];
const LAB_COLUMNS = [
  'line', 'external_id', 'analyte', 'collected_on', 'value', 'unit', 'received_value', 'received_unit', 'lower_limit_of_normal',
  'upper_limit_of_normal', 'plausibility_warning',
];
const IMAGING_COLUMNS = ['line', 'external_id', 'date', 'modality', 'ascites', 'cirrhosis_like_morphology', 'splenomegaly', 'varices', 'recist'];
const EVENT_COLUMNS = ['line', 'external_id', 'date', 'event', 'site_of_progression', 'detail'];

/** Inserts into the staging tables, each batch in prepared multi-row statements (insertStagedRows). */
export function createStager(db: Store) {
  return {
    patients: (rows: readonly StagedRow<PatientValues>[]) => insertStagedRows(db, 'staged_patients', PATIENT_COLUMNS, rows.map(({ line, record: p }) => [
      line, p.externalId, 1, p.sex, p.birthDate, p.ageAtIndex, p.indexDate, p.ecog, p.tumorType, p.differentiation, p.tumorBurden,
      flagValue(p.ascitesAtBaseline), flagValue(p.extrahepaticMetastases), p.childPugh, JSON.stringify([...p.priorTherapies].sort()),
      p.liverMetastasisDiagnosisDate, p.lastFollowUpDate, p.vitalStatus, p.deathDate, p.deathCause,
    ])),
    invalidPatients: (rows: readonly StagedRow<string>[]) => insertStagedRows(db, 'staged_patients', ['line', 'external_id', 'valid'],
      rows.map(({ line, record: externalId }) => [line, externalId, 0])),
    treatments: (rows: readonly StagedRow<TreatmentValues>[]) => insertStagedRows(db, 'staged_treatments', TREATMENT_COLUMNS, rows.map(({ line, record: t }) => [
      line, t.patientExternalId, t.date, t.target, t.device, t.activityGbq, t.lungShuntFractionPercent,
    ])),
    labs: (rows: readonly StagedRow<LabResultValues>[]) => insertStagedRows(db, 'staged_lab_results', LAB_COLUMNS, rows.map(({ line, record: l }) => [
      line, l.patientExternalId, l.analyte, l.collectedOn, l.value, l.unit, l.receivedValue, l.receivedUnit,
      l.lowerLimitOfNormal, l.upperLimitOfNormal, l.plausibilityWarning,
    ])),
    imaging: (rows: readonly StagedRow<ImagingStudyValues>[]) => insertStagedRows(db, 'staged_imaging_studies', IMAGING_COLUMNS, rows.map(({ line, record: i }) => [
      line, i.patientExternalId, i.date, i.modality, flagValue(i.ascites), flagValue(i.cirrhosisLikeMorphology),
      flagValue(i.splenomegaly), flagValue(i.varices), i.recist,
    ])),
    events: (rows: readonly StagedRow<ClinicalEventValues>[]) => insertStagedRows(db, 'staged_clinical_events', EVENT_COLUMNS, rows.map(({ line, record: e }) => [
      line, e.patientExternalId, e.date, e.event, e.siteOfProgression, e.detail,
    ])),
  };
}

/**
 * Indexes the staged rows by natural key (for the duplicate check, the joins with stored rows and
 * the merge), and records each concerned patient as it will be after the write. Call once the
 * rows are staged, inside the write's transaction (the stored patients must not change after).
 */
export async function prepareStagedRows(db: Store, siteId: number | null): Promise<void> {
  const { temporaryIndex, insertIgnoringConflicts } = dialectOf(db);
  await executeScript(db, [
    temporaryIndex('staged_patients_key', 'staged_patients', 'external_id, line'),
    temporaryIndex('staged_treatments_key', 'staged_treatments', 'external_id, date, target, line'),
    temporaryIndex('staged_lab_results_key', 'staged_lab_results', 'external_id, analyte, collected_on, line'),
    temporaryIndex('staged_imaging_studies_key', 'staged_imaging_studies', 'external_id, date, modality, line'),
    temporaryIndex('staged_clinical_events_key', 'staged_clinical_events', 'external_id, date, event, line'),
  ].join('\n'));
  const finalPatients = 'staged_final_patients (external_id, staged_line, index_date, death_date)';
  await runStatement(db, insertIgnoringConflicts(finalPatients, `
    SELECT external_id, line, index_date, death_date FROM staged_patients WHERE valid = 1 ORDER BY line`));
  await runStatement(db, insertIgnoringConflicts(finalPatients, `
    SELECT p.external_id, NULL, p.index_date, p.death_date FROM patients p
    WHERE p.site_id = ?
      AND p.external_id IN (SELECT external_id FROM staged_treatments UNION SELECT external_id FROM staged_lab_results
                            UNION SELECT external_id FROM staged_imaging_studies UNION SELECT external_id FROM staged_clinical_events)
      AND p.external_id NOT IN (SELECT external_id FROM staged_patients)`), [siteId]);
}
