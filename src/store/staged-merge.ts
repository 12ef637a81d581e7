/**
 * Counting and merging staged rows (staging.ts) into the stored tables of one site. A staged row
 * matches a stored one by natural key: a patient by (site, external id), a TARE session by
 * (patient, date, target), a lab result by (patient, analyte, collection date), an imaging study
 * by (patient, date, modality), a clinical event by (patient, date, event). Matched rows are updated only where a value differs, so writing
 * the same data twice changes nothing in the database. Stored rows no staged row matches stay.
 *
 * countStagedChanges() runs first (a dry run stops there), then mergeStagedRows(); both inside
 * the write's transaction, after the checks found nothing. The labs of the patients the write
 * creates are inserted with their CTCAE grades (staged-lab-grades.ts); the others are regraded
 * after the merge (findPatientIdsToRegrade()).
 */
import type { Store } from './database.js';
import { perDialect, type Dialect } from './dialect.js';
import { allRows, firstColumn, refreshStatistics, runStatement } from './driver.js';
import { gradeStagedLabsOfNewPatients } from './staged-lab-grades.js';
import type { StagedKind } from './staging.js';

const PATIENT_COLUMNS = [
  'sex', 'birth_date', 'age_at_index', 'index_date', 'ecog', 'tumor_type', 'differentiation', 'tumor_burden', 'ascites_at_baseline',
  'extrahepatic_metastases', 'child_pugh', 'liver_metastasis_diagnosis_date', 'last_follow_up_date', 'vital_status', 'death_date',
  'death_cause',
];

/** A record table: its staging table, its natural key (after the patient) and the values a write may change. */
interface MergedTable {
  kind: Exclude<StagedKind, 'patients'>;
  table: string;
  staged: string;
  key: readonly string[];
  values: readonly string[];
  /** Columns an insert takes from another staging table (alias `d`) joined on the staged row's line; NULL where it has none. */
  derived?: { table: string; columns: readonly string[] };
}

const RECORD_TABLES: readonly MergedTable[] = [
  { kind: 'treatments', table: 'treatments', staged: 'staged_treatments', key: ['date', 'target'], values: ['device', 'activity_gbq', 'lung_shunt_fraction_percent'] },
  {
    kind: 'labs', table: 'lab_results', staged: 'staged_lab_results', key: ['analyte', 'collected_on'],
    values: ['value', 'unit', 'received_value', 'received_unit', 'lower_limit_of_normal', 'upper_limit_of_normal', 'plausibility_warning'],
    // The grades of new patients' labs (staged-lab-grades.ts); other inserted labs are regraded after the merge.
    derived: { table: 'staged_lab_grades', columns: ['grade_v5', 'grade_v4_03'] },
  },
  {
    kind: 'imaging', table: 'imaging_studies', staged: 'staged_imaging_studies', key: ['date', 'modality'],
    values: ['ascites', 'cirrhosis_like_morphology', 'splenomegaly', 'varices', 'recist'],
  },
  { kind: 'events', table: 'clinical_events', staged: 'staged_clinical_events', key: ['date', 'event'], values: ['site_of_progression', 'detail'] },
];

function sameKey(stored: string, staged: string, key: readonly string[]): string {
  return key.map((column) => `${stored}.${column} = ${staged}.${column}`).join(' AND ');
}

const list = (alias: string, columns: readonly string[]) => columns.map((column) => `${alias}.${column}`).join(', ');

/** A merge of at least this many rows refreshes the planner's statistics of the tables (PostgreSQL). */
const BULK_WRITE_ROWS = 10_000;

const STAGED_PATIENT = 'JOIN patients p ON p.site_id = :siteId AND p.external_id = s.external_id';

/** The statements of the count and of the merge, in a dialect. */
function mergeStatements({ countWhere, isDistinctFrom, jsonArrayAgg, jsonArrayElements, integerParameter }: Dialect) {
  /** NULL-aware "some value differs". */
  const differs = (stored: string, staged: string, columns: readonly string[]): string =>
    columns.map((column) => isDistinctFrom(`${stored}.${column}`, `${staged}.${column}`)).join(' OR ');
  const storedPriorTherapies = (patient: string) =>
    `(SELECT ${jsonArrayAgg('therapy', 'therapy')} FROM prior_therapies WHERE patient_id = ${patient}.id)`;
  const priorTherapiesDiffer = (patient: string) => isDistinctFrom(storedPriorTherapies(patient), 's.prior_therapies');
  const countChanges = [
    `INSERT INTO staged_changes (kind, external_id, read, inserted, updated)
     SELECT 'patients', s.external_id, count(*), ${countWhere('p.id IS NULL')},
       ${countWhere(`p.id IS NOT NULL AND (${differs('p', 's', PATIENT_COLUMNS)} OR ${priorTherapiesDiffer('p')})`)}
     FROM staged_patients s LEFT ${STAGED_PATIENT}
     GROUP BY s.external_id`,
    ...RECORD_TABLES.map((t) => `
     INSERT INTO staged_changes (kind, external_id, read, inserted, updated)
     SELECT '${t.kind}', s.external_id, count(*), ${countWhere('e.id IS NULL')}, ${countWhere(`e.id IS NOT NULL AND (${differs('e', 's', t.values)})`)}
     FROM ${t.staged} s LEFT ${STAGED_PATIENT} LEFT JOIN ${t.table} e ON e.patient_id = p.id AND ${sameKey('e', 's', t.key)}
     GROUP BY s.external_id`),
  ];
  /**
   * Per kind, an UPDATE of the stored rows whose values differ and an INSERT of the rows not stored
   * yet; no upsert, because an INSERT that hits a conflict still advances an AUTOINCREMENT sequence
   * (an identity sequence likewise), and writing the same data twice must leave the database as it was.
   */
  const patientMerge = {
    update: `UPDATE patients SET ${PATIENT_COLUMNS.map((column) => `${column} = s.${column}`).join(', ')}
      FROM staged_patients s
      WHERE patients.site_id = :siteId AND patients.external_id = s.external_id AND (${differs('patients', 's', PATIENT_COLUMNS)})`,
    insert: `INSERT INTO patients (site_id, external_id, ${PATIENT_COLUMNS.join(', ')})
      SELECT ${integerParameter(':siteId')}, s.external_id, ${list('s', PATIENT_COLUMNS)} FROM staged_patients s
      WHERE NOT EXISTS (SELECT 1 FROM patients p WHERE p.site_id = :siteId AND p.external_id = s.external_id)
      ORDER BY s.line`,
    priorTherapies: [
      `DELETE FROM prior_therapies WHERE patient_id IN (
        SELECT p.id FROM staged_patients s ${STAGED_PATIENT} WHERE ${priorTherapiesDiffer('p')})`,
      `INSERT INTO prior_therapies (patient_id, therapy)
        SELECT p.id, therapy.value FROM staged_patients s ${STAGED_PATIENT}, ${jsonArrayElements('s.prior_therapies', 'therapy')}
        WHERE NOT EXISTS (SELECT 1 FROM prior_therapies x WHERE x.patient_id = p.id AND x.therapy = therapy.value)`,
    ],
  };
  const recordMerges = RECORD_TABLES.map((t) => ({
    kind: t.kind,
    update: `UPDATE ${t.table} SET ${t.values.map((column) => `${column} = s.${column}`).join(', ')}
      FROM ${t.staged} s ${STAGED_PATIENT}
      WHERE ${t.table}.patient_id = p.id AND ${sameKey(t.table, 's', t.key)} AND (${differs(t.table, 's', t.values)})`,
    insert: `INSERT INTO ${t.table} (patient_id, ${t.key.join(', ')}, ${t.values.join(', ')}${t.derived ? `, ${t.derived.columns.join(', ')}` : ''})
      SELECT p.id, ${list('s', t.key)}, ${list('s', t.values)}${t.derived ? `, ${list('d', t.derived.columns)}` : ''}
      FROM ${t.staged} s ${STAGED_PATIENT}${t.derived ? ` LEFT JOIN ${t.derived.table} d ON d.line = s.line` : ''}
      WHERE NOT EXISTS (SELECT 1 FROM ${t.table} e WHERE e.patient_id = p.id AND ${sameKey('e', 's', t.key)})
      ORDER BY s.line`,
  }));
  return { countChanges, patientMerge, recordMerges };
}

const statements = perDialect(mergeStatements);

export interface StagedChangeCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

/** How many staged rows of each kind the merge will insert, update, or find unchanged. */
export async function countStagedChanges(db: Store, siteId: number | null): Promise<Record<StagedKind, StagedChangeCounts>> {
  for (const statement of statements(db).countChanges) await runStatement(db, statement, { siteId });
  const rows = await allRows<{ kind: StagedKind; read: number; inserted: number; updated: number }>(
    db, 'SELECT kind, sum(read) AS read, sum(inserted) AS inserted, sum(updated) AS updated FROM staged_changes GROUP BY kind',
  );
  const counts = (kind: StagedKind): StagedChangeCounts => {
    const row = rows.find((candidate) => candidate.kind === kind);
    return row === undefined
      ? { read: 0, inserted: 0, updated: 0, unchanged: 0 }
      : { read: row.read, inserted: row.inserted, updated: row.updated, unchanged: row.read - row.inserted - row.updated };
  };
  return { patients: counts('patients'), treatments: counts('treatments'), labs: counts('labs'), imaging: counts('imaging'), events: counts('events') };
}

/** Writes the staged rows into the site's stored ones; `counts` (countStagedChanges()) skips the statements with nothing to do. */
export async function mergeStagedRows(db: Store, siteId: number, counts: Record<StagedKind, StagedChangeCounts>): Promise<void> {
  const run = (sql: string) => runStatement(db, sql, { siteId });
  const { patientMerge, recordMerges } = statements(db);
  if (counts.patients.updated > 0) await run(patientMerge.update);
  if (counts.patients.inserted > 0) await run(patientMerge.insert);
  if (counts.patients.updated + counts.patients.inserted > 0) {
    for (const statement of patientMerge.priorTherapies) await run(statement);
  }
  if (counts.labs.inserted > 0) await gradeStagedLabsOfNewPatients(db, siteId);
  for (const merge of recordMerges) {
    if (counts[merge.kind].updated > 0) await run(merge.update);
    if (counts[merge.kind].inserted > 0) await run(merge.insert);
  }
  const written = Object.values(counts).reduce((sum, kind) => sum + kind.inserted + kind.updated, 0);
  if (written >= BULK_WRITE_ROWS) await refreshStatistics(db, ['patients', 'prior_therapies', ...RECORD_TABLES.map((t) => t.table)]);
}

/**
 * The stored ids of the patients whose lab grades the write may have changed: their row or their
 * labs changed. Not the patients the write created: the merge inserted their labs graded.
 */
export async function findPatientIdsToRegrade(db: Store, siteId: number): Promise<number[]> {
  return firstColumn<number>(db, `
    SELECT p.id FROM patients p
    WHERE p.site_id = ? AND p.external_id IN (
      SELECT external_id FROM staged_changes WHERE kind IN ('patients', 'labs') AND inserted + updated > 0)
      AND p.external_id NOT IN (SELECT external_id FROM staged_changes WHERE kind = 'patients' AND inserted > 0)
    ORDER BY p.id
  `, [siteId]);
}
