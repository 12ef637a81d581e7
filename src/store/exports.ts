/**
 * Reading a cohort's rows for the bulk exports, a bounded chunk at a time: patient ids in id order
 * (keyset pagination over the filter), then each record type for one chunk of patients, in a
 * stable order (patient, then the record's natural key).
 *
 * On SQLite every chunk is one statement run to completion: an export keeps no statement open
 * while it waits for the client to drain what it was sent, since better-sqlite3 runs one
 * statement at a time per connection and the server's other requests share this connection. On
 * PostgreSQL the ids come from a cursor (patientIdChunks). Memory stays bounded by the chunk,
 * whatever the size of the registry.
 */
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { patients, sites, type PatientRow } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { findSqlVariable } from './patient-variables.js';
import { jsonArrayAgg, perDialect } from './dialect.js';
import { allRowArrays, queryCursor, queryRows } from './driver.js';

/**
 * The ids of the patients matching `condition`, in id order, `size` per chunk: from a server-side
 * cursor where the backend has one (PostgreSQL's pool: the export reads one snapshot on a client
 * of its own while the others serve requests), else by key, one bounded statement per chunk.
 */
export async function* patientIdChunks(db: Store, condition: SQL | undefined, size: number): AsyncGenerator<number[]> {
  const cursor = queryCursor<{ id: number }>(db, db.select({ id: patients.id }).from(patients).where(condition).orderBy(asc(patients.id)), size);
  if (cursor !== null) {
    for await (const rows of cursor) yield rows.map((row) => row.id);
    return;
  }
  let afterId = 0;
  for (;;) {
    const ids = (await queryRows(db, db.select({ id: patients.id }).from(patients)
      .where(and(condition, gt(patients.id, afterId)))
      .orderBy(asc(patients.id)).limit(size)))
      .map((row) => row.id);
    if (ids.length === 0) return;
    yield ids;
    afterId = ids[ids.length - 1]!;
  }
}

function variableExpression(name: string): SQL {
  const variable = findSqlVariable(name);
  if (variable === undefined) throw new Error(`no SQL expression for the variable ${name}`);
  return variable.expression;
}

export interface PatientExportRow {
  patient: PatientRow;
  siteCode: string;
  /** Sorted. */
  priorTherapies: string[];
  treatmentCount: number;
  totalActivityGbq: number;
  treatmentDistribution: string | null;
}

/** The patients of `ids` in id order, with their site, prior therapies and treatment-derived variables. */
export async function findPatientExportRows(db: Store, ids: readonly number[]): Promise<PatientExportRow[]> {
  return queryRows(db, db
    .select({
      patient: patients,
      siteCode: sites.code,
      priorTherapies: sql<string>`(SELECT ${jsonArrayAgg(sql.raw('therapy'), sql.raw('therapy'))} FROM prior_therapies WHERE patient_id = ${patients.id})`
        .mapWith((json: string) => JSON.parse(json) as string[]),
      treatmentCount: sql<number>`${variableExpression('treatmentCount')}`.mapWith(Number),
      totalActivityGbq: sql<number>`${variableExpression('totalActivityGbq')}`.mapWith(Number),
      treatmentDistribution: sql<string | null>`${variableExpression('treatmentDistribution')}`,
    })
    .from(patients)
    .innerJoin(sites, eq(sites.id, patients.siteId))
    .where(inArray(patients.id, [...ids]))
    .orderBy(asc(patients.id)));
}

/**
 * The record tables are read with plain prepared statements returning each row as an array, in
 * the order of its field list below: a registry has millions of lab rows, and arrays come out of
 * better-sqlite3 at about half the cost of objects. The patient's identifier and site code are
 * read once per patient and set into the rows (the same two strings for all of a patient's rows,
 * rather than two new ones per row). `ids` travel as one JSON array parameter. Flags are 0/1,
 * dates ISO text, `dayFromIndex` whole days from the patient's index date.
 */
export const TREATMENT_EXPORT_FIELDS = [
  'patientExternalId', 'siteCode', 'date', 'target', 'device', 'activityGbq', 'lungShuntFractionPercent', 'dayFromIndex',
] as const;
export const LAB_EXPORT_FIELDS = [
  'patientExternalId', 'siteCode', 'collectedOn', 'analyte', 'value', 'unit', 'lowerLimitOfNormal', 'upperLimitOfNormal',
  'receivedValue', 'receivedUnit', 'dayFromIndex', 'gradeV5',
] as const;
export const IMAGING_EXPORT_FIELDS = [
  'patientExternalId', 'siteCode', 'date', 'modality', 'ascites', 'cirrhosisLikeMorphology', 'splenomegaly', 'varices', 'recist', 'dayFromIndex',
] as const;

export const CLINICAL_EVENT_EXPORT_FIELDS = [
  'patientExternalId', 'siteCode', 'date', 'event', 'siteOfProgression', 'detail', 'dayFromIndex',
] as const;

/** A row as an array of SQLite values (text, number, null). */
export type ExportRecordRow = readonly (string | number | null)[];

/** The first two fields: the patient's id and a placeholder, replaced by the identifier and the site code. */
const PATIENT_KEY = 'r.patient_id, NULL';

const statements = perDialect((dialect) => {
  const ofPatients = `JOIN patients p ON p.id = r.patient_id WHERE p.id IN ${dialect.jsonArrayParameter()}`;
  const dayFromIndex = (date: string) => dialect.wholeDaysBetween(date, 'p.index_date');
  return {
    patientKeys: `SELECT p.id, p.external_id, s.code FROM patients p JOIN sites s ON s.id = p.site_id WHERE p.id IN ${dialect.jsonArrayParameter()}`,
    treatments: `
      SELECT ${PATIENT_KEY}, r.date, r.target, r.device, r.activity_gbq, r.lung_shunt_fraction_percent, ${dayFromIndex('r.date')}
      FROM treatments r ${ofPatients}
      ORDER BY p.id, r.date, r.target`,
    labs: `
      SELECT ${PATIENT_KEY}, r.collected_on, r.analyte, r.value, r.unit, r.lower_limit_of_normal, r.upper_limit_of_normal,
        r.received_value, r.received_unit, ${dayFromIndex('r.collected_on')}, r.grade_v5
      FROM lab_results r ${ofPatients}
      ORDER BY p.id, r.analyte, r.collected_on`,
    imaging: `
      SELECT ${PATIENT_KEY}, r.date, r.modality, r.ascites, r.cirrhosis_like_morphology, r.splenomegaly, r.varices, r.recist,
        ${dayFromIndex('r.date')}
      FROM imaging_studies r ${ofPatients}
      ORDER BY p.id, r.date, r.modality`,
    events: `
      SELECT ${PATIENT_KEY}, r.date, r.event, r.site_of_progression, r.detail, ${dayFromIndex('r.date')}
      FROM clinical_events r ${ofPatients}
      ORDER BY p.id, r.date, r.event`,
  };
});

function reader(kind: 'treatments' | 'labs' | 'imaging' | 'events') {
  return async (db: Store, ids: readonly number[]): Promise<ExportRecordRow[]> => {
    const idList = JSON.stringify(ids);
    const keys = await allRowArrays<[number, string, string]>(db, statements(db).patientKeys, [idList]);
    const keyOf = new Map(keys.map(([id, externalId, siteCode]) => [id, [externalId, siteCode] as const]));
    const rows = await allRowArrays<(string | number | null)[]>(db, statements(db)[kind], [idList]);
    for (const row of rows) [row[0], row[1]] = keyOf.get(row[0] as number)!;
    return rows;
  };
}

/** TARE sessions by patient, date and target (fields: TREATMENT_EXPORT_FIELDS). */
export const findTreatmentExportRows = reader('treatments');
/** Lab results by patient, analyte and date, the order of the (patient, analyte, date) index (fields: LAB_EXPORT_FIELDS). */
export const findLabExportRows = reader('labs');
/** Imaging studies by patient, date and modality (fields: IMAGING_EXPORT_FIELDS). */
export const findImagingExportRows = reader('imaging');
/** Clinical events by patient, date and event (fields: CLINICAL_EVENT_EXPORT_FIELDS). */
export const findClinicalEventExportRows = reader('events');
