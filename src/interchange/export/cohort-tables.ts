/**
 * The five export tables of a cohort: their columns and where each value comes from. Columns the
 * CSV interchange format also has keep its names and spellings (interchange-format.ts), so an
 * export re-imports; the others are the site code, and the patient-level variables of the data
 * dictionary under their dictionary names (src/clinical/variables.ts), plus survivalTime / event:
 * the overall-survival time (index date to death or last follow-up) in the unit asked, and 1 for
 * a death, 0 for a patient censored alive.
 */
import type { PatientCondition } from '../../store/patient-filter.js';
import {
  PRIOR_THERAPIES, type ClinicalEventKind, type DeathCause, type Device, type PriorTherapy, type ProgressionSite, type TreatmentTarget,
} from '../../../db/schema/enums.js';
import { assignTimepoint, convertDays, type TimeUnit } from '../../clinical/index.js';
import type { Store } from '../../store/database.js';
import {
  CLINICAL_EVENT_EXPORT_FIELDS, findClinicalEventExportRows, findImagingExportRows, findLabExportRows, findPatientExportRows, findTreatmentExportRows, IMAGING_EXPORT_FIELDS, LAB_EXPORT_FIELDS,
  patientIdChunks, TREATMENT_EXPORT_FIELDS, type ExportRecordRow, type PatientExportRow,
} from '../../store/exports.js';
import { INTERCHANGE_FILES, LIST_SEPARATOR, SITE_COLUMN, spell, type RecordKind } from '../../records/validation/interchange-format.js';
import { daysBetween, followUpMonths, monthsFromDiagnosisToIndex } from '../../records/patients.js';
import { eraseRowType, rebatch, type ColumnType, type ExportColumn, type ExportTable } from './export-table.js';
import { apiPatientColumns } from './api-vocabulary.js';

/** Patients per database read: with ~20 labs each, about one record batch of labs. */
const PATIENTS_PER_CHUNK = 500;

/** The rows of the cohort's patients, read a chunk of patients at a time as the batches are pulled. */
async function recordBatches<Row>(db: Store, condition: PatientCondition, read: (db: Store, ids: readonly number[]) => Promise<Row[]>): Promise<AsyncGenerator<Row[]>> {
  async function* chunks() {
    for await (const ids of patientIdChunks(db, condition, PATIENTS_PER_CHUNK)) yield await read(db, ids);
  }
  return rebatch(chunks());
}

/** Checks, once, that every column the tables write under an interchange name is one the import reads back. */
function interchangeColumns<Row>(kind: RecordKind, columns: readonly ExportColumn<Row>[]): readonly ExportColumn<Row>[] {
  const file = INTERCHANGE_FILES[kind];
  const known = new Set([...file.columns, ...file.exportOnlyColumns]);
  const unknown = columns.filter((column) => !known.has(column.name)).map((column) => column.name);
  if (unknown.length > 0) throw new Error(`${file.fileName} export columns the import would reject: ${unknown.join(', ')}`);
  return columns;
}

function patientColumns(timeUnit: TimeUnit): readonly ExportColumn<PatientExportRow>[] {
  const has = (row: PatientExportRow, therapy: PriorTherapy) => row.priorTherapies.includes(therapy);
  return interchangeColumns<PatientExportRow>('patients', [
    { name: 'patient_id', type: 'text', value: (row) => row.patient.externalId },
    { name: SITE_COLUMN, type: 'text', value: (row) => row.siteCode },
    { name: 'sex', type: 'text', value: (row) => spell('sex', row.patient.sex) },
    { name: 'birth_date', type: 'date', value: (row) => row.patient.birthDate },
    { name: 'age_at_index', type: 'number', value: (row) => row.patient.ageAtIndex },
    { name: 'index_date', type: 'date', value: (row) => row.patient.indexDate },
    { name: 'ecog', type: 'integer', value: (row) => row.patient.ecog },
    { name: 'tumor_type', type: 'text', value: (row) => (row.patient.tumorType === null ? null : spell('tumorType', row.patient.tumorType)) },
    { name: 'differentiation', type: 'text', value: (row) => (row.patient.differentiation === null ? null : spell('differentiation', row.patient.differentiation)) },
    { name: 'tumor_burden', type: 'text', value: (row) => (row.patient.tumorBurden === null ? null : spell('tumorBurden', row.patient.tumorBurden)) },
    { name: 'ascites', type: 'boolean', value: (row) => row.patient.ascitesAtBaseline },
    { name: 'extrahepatic_metastases', type: 'boolean', value: (row) => row.patient.extrahepaticMetastases },
    { name: 'child_pugh', type: 'text', value: (row) => (row.patient.childPugh === null ? null : spell('childPugh', row.patient.childPugh)) },
    {
      name: 'prior_therapies', type: 'text',
      value: (row) => row.priorTherapies.map((therapy) => spell('priorTherapy', therapy as PriorTherapy)).join(LIST_SEPARATOR),
    },
    { name: 'liver_metastasis_diagnosis_date', type: 'date', value: (row) => row.patient.liverMetastasisDiagnosisDate },
    { name: 'last_follow_up_date', type: 'date', value: (row) => row.patient.lastFollowUpDate },
    { name: 'vital_status', type: 'text', value: (row) => spell('vitalStatus', row.patient.vitalStatus) },
    { name: 'death_date', type: 'date', value: (row) => row.patient.deathDate },
    { name: 'death_cause', type: 'text', value: (row) => (row.patient.deathCause === null ? null : spell('deathCause', row.patient.deathCause as DeathCause)) },
    { name: 'anyPriorTherapy', type: 'boolean', value: (row) => row.priorTherapies.length > 0 },
    ...PRIOR_THERAPIES.map((therapy): ExportColumn<PatientExportRow> => ({ name: `priorTherapy.${therapy}`, type: 'boolean', value: (row) => has(row, therapy) })),
    { name: 'monthsFromDiagnosisToIndex', type: 'number', value: (row) => monthsFromDiagnosisToIndex(row.patient) },
    { name: 'treatmentDistribution', type: 'text', value: (row) => row.treatmentDistribution },
    { name: 'treatmentCount', type: 'integer', value: (row) => row.treatmentCount },
    { name: 'totalActivityGbq', type: 'number', value: (row) => row.totalActivityGbq },
    { name: 'followUpMonths', type: 'number', value: (row) => followUpMonths(row.patient) },
    {
      name: 'survivalTime', type: 'number',
      value: (row) => convertDays(daysBetween(row.patient.indexDate, row.patient.deathDate ?? row.patient.lastFollowUpDate), timeUnit),
    },
    { name: 'event', type: 'integer', value: (row) => (row.patient.vitalStatus === 'DEAD' ? 1 : 0) },
  ]);
}

/** Field name → position in the rows of a record table. */
function positions<Field extends string>(fields: readonly Field[]): Readonly<Record<Field, number>> {
  return Object.fromEntries(fields.map((field, index) => [field, index])) as Record<Field, number>;
}

const T = positions(TREATMENT_EXPORT_FIELDS);
const L = positions(LAB_EXPORT_FIELDS);
const I = positions(IMAGING_EXPORT_FIELDS);
const E = positions(CLINICAL_EVENT_EXPORT_FIELDS);

/** A column showing a field of the row as it is. */
const field = (name: string, type: ColumnType, at: number): ExportColumn<ExportRecordRow> => ({ name, type, value: (row) => row[at] ?? null });
const flagField = (name: string, at: number): ExportColumn<ExportRecordRow> => ({ name, type: 'boolean', value: (row) => row[at] === 1 });
const timepointField = (at: number): ExportColumn<ExportRecordRow> => ({ name: 'timepoint', type: 'text', value: (row) => assignTimepoint(row[at] as number) });

const TREATMENT_COLUMNS = interchangeColumns<ExportRecordRow>('treatments', [
  field('patient_id', 'text', T.patientExternalId),
  field(SITE_COLUMN, 'text', T.siteCode),
  field('date', 'date', T.date),
  { name: 'target', type: 'text', value: (row) => spell('target', row[T.target] as TreatmentTarget) },
  { name: 'device', type: 'text', value: (row) => spell('device', row[T.device] as Device) },
  field('activity_gbq', 'number', T.activityGbq),
  field('lung_shunt_fraction_percent', 'number', T.lungShuntFractionPercent),
  field('day_from_index', 'integer', T.dayFromIndex),
]);

const LAB_COLUMNS = interchangeColumns<ExportRecordRow>('labs', [
  field('patient_id', 'text', L.patientExternalId),
  field(SITE_COLUMN, 'text', L.siteCode),
  field('date', 'date', L.collectedOn),
  field('analyte', 'text', L.analyte),
  field('value', 'number', L.value),
  field('unit', 'text', L.unit),
  field('lower_limit_of_normal', 'number', L.lowerLimitOfNormal),
  field('upper_limit_of_normal', 'number', L.upperLimitOfNormal),
  field('received_value', 'number', L.receivedValue),
  field('received_unit', 'text', L.receivedUnit),
  field('day_from_index', 'integer', L.dayFromIndex),
  timepointField(L.dayFromIndex),
  field('grade_v5', 'integer', L.gradeV5),
]);

const IMAGING_COLUMNS = interchangeColumns<ExportRecordRow>('imaging', [
  field('patient_id', 'text', I.patientExternalId),
  field(SITE_COLUMN, 'text', I.siteCode),
  field('date', 'date', I.date),
  field('modality', 'text', I.modality),
  flagField('ascites', I.ascites),
  flagField('cirrhosis_like_morphology', I.cirrhosisLikeMorphology),
  flagField('splenomegaly', I.splenomegaly),
  flagField('varices', I.varices),
  field('recist', 'text', I.recist),
  field('day_from_index', 'integer', I.dayFromIndex),
  timepointField(I.dayFromIndex),
]);

const CLINICAL_EVENT_COLUMNS = interchangeColumns<ExportRecordRow>('events', [
  field('patient_id', 'text', E.patientExternalId),
  field(SITE_COLUMN, 'text', E.siteCode),
  field('date', 'date', E.date),
  { name: 'event', type: 'text', value: (row) => spell('clinicalEvent', row[E.event] as ClinicalEventKind) },
  {
    name: 'site_of_progression', type: 'text',
    value: (row) => (row[E.siteOfProgression] === null ? null : spell('progressionSite', row[E.siteOfProgression] as ProgressionSite)),
  },
  field('detail', 'text', E.detail),
  field('day_from_index', 'integer', E.dayFromIndex),
]);

export type CohortTableName = RecordKind;

export interface CohortTableOptions {
  condition: PatientCondition;
  /** The unit of survivalTime (patients only). */
  timeUnit: TimeUnit;
  /** The patients table's names and spellings: the CSV interchange format's (re-importable), or the API's (api-vocabulary.ts). */
  vocabulary?: 'interchange' | 'api';
}

export async function cohortTable(db: Store, name: CohortTableName, options: CohortTableOptions): Promise<ExportTable<unknown>> {
  const { condition } = options;
  switch (name) {
    case 'patients': return options.vocabulary === 'api'
      ? eraseRowType({ name, columns: apiPatientColumns(), batches: await recordBatches(db, condition, findPatientExportRows), csvBooleans: 'words', vocabulary: 'api' })
      : eraseRowType({ name, columns: patientColumns(options.timeUnit), batches: await recordBatches(db, condition, findPatientExportRows) });
    case 'treatments': return eraseRowType({ name, columns: TREATMENT_COLUMNS, batches: await recordBatches(db, condition, findTreatmentExportRows) });
    case 'labs': return eraseRowType({ name, columns: LAB_COLUMNS, batches: await recordBatches(db, condition, findLabExportRows) });
    case 'imaging': return eraseRowType({ name, columns: IMAGING_COLUMNS, batches: await recordBatches(db, condition, findImagingExportRows) });
    case 'events': return eraseRowType({ name, columns: CLINICAL_EVENT_COLUMNS, batches: await recordBatches(db, condition, findClinicalEventExportRows) });
  }
}
