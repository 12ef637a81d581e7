/**
 * Writes by a site's data manager, record by record: add or correct a patient, a TARE session, a
 * batch of lab results, an imaging study, a clinical event; delete one record. Each takes the site it acts for.
 *
 * Validation is the CSV import's own: an input is mapped to the interchange columns and checked
 * by the same zod schema (record-schemas.ts), then staged and checked against the stored data by
 * the same rules (staged-write.ts), and merged the same way, grades recomputed, all in one
 * transaction. Expected failures come back as user errors naming the input field; nothing is
 * written then. Only refusals of the caller itself (a role that may not write this site) throw.
 */
import { writableSite } from '../access/principal.js';
import type { PatientRow, TreatmentRow } from '../../db/schema/index.js';
import type { ClinicalEventRecord, ImagingStudyRecord, LabResultRecord } from '../store/patient-records.js';
import { findSiteByCode } from '../store/sites.js';
import { createStager, resetStaging, type StagedRow } from '../store/staging.js';
import { deleteSiteRecord, findStoredRowsOfStaged, inSession, inWriteTransaction, type RecordTable, type StoredRowRef } from '../store/writes.js';
import { ApiError } from '../errors.js';
import { isBlank } from './validation/cells.js';
import type { RecordKind } from './validation/interchange-format.js';
import { issuesFromZod, type IssueCode, type RecordIssue } from './validation/issues.js';
import { createRecordSchemas, todayIso } from './validation/record-schemas.js';
import { checkStagedRows, writeStagedRows, type ChangeCounts } from './validation/staged-write.js';
import { recomputeLabGrades } from './lab-grades.js';
import { parseId } from './patients.js';
import type { ServiceContext } from '../access/service-context.js';

export type UserErrorCode = Exclude<IssueCode, 'WRONG_SITE' | 'MALFORMED_FILE'> | 'UNKNOWN_SITE' | 'NOT_FOUND' | 'TOO_MANY_RESULTS';

export interface UserError {
  /** The path of the input field at fault, from the mutation's argument: ["input", "results", "2", "unit"]. */
  field: string[];
  message: string;
  code: UserErrorCode;
}

export type WriteOutcome = 'INSERTED' | 'UPDATED' | 'UNCHANGED';

/** The most lab results one call may write (about the 1 MB request body limit). */
export const MAX_LAB_RESULTS_PER_CALL = 5_000;

/** Input field name → interchange column, per record kind. */
const COLUMN_OF_FIELD: Readonly<Record<RecordKind, Readonly<Record<string, string>>>> = {
  patients: {
    externalId: 'patient_id', sex: 'sex', birthDate: 'birth_date', ageAtIndex: 'age_at_index', indexDate: 'index_date', ecog: 'ecog',
    tumorType: 'tumor_type', differentiation: 'differentiation', tumorBurden: 'tumor_burden', ascitesAtBaseline: 'ascites',
    extrahepaticMetastases: 'extrahepatic_metastases', childPugh: 'child_pugh', priorTherapies: 'prior_therapies',
    liverMetastasisDiagnosisDate: 'liver_metastasis_diagnosis_date', lastFollowUpDate: 'last_follow_up_date',
    vitalStatus: 'vital_status', deathDate: 'death_date', deathCause: 'death_cause',
  },
  treatments: {
    patientExternalId: 'patient_id', date: 'date', target: 'target', device: 'device', activityGbq: 'activity_gbq',
    lungShuntFractionPercent: 'lung_shunt_fraction_percent',
  },
  labs: {
    patientExternalId: 'patient_id', collectedOn: 'date', analyte: 'analyte', value: 'value', unit: 'unit',
    lowerLimitOfNormal: 'lower_limit_of_normal', upperLimitOfNormal: 'upper_limit_of_normal',
  },
  imaging: {
    patientExternalId: 'patient_id', date: 'date', modality: 'modality', ascites: 'ascites',
    cirrhosisLikeMorphology: 'cirrhosis_like_morphology', splenomegaly: 'splenomegaly', varices: 'varices', recist: 'recist',
  },
  events: {
    patientExternalId: 'patient_id', date: 'date', event: 'event', siteOfProgression: 'site_of_progression', detail: 'detail',
  },
};

function toColumns(kind: RecordKind, input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(COLUMN_OF_FIELD[kind]).map(([field, column]) => [column, input[field]]));
}

function fieldOf(kind: RecordKind, column: string): string {
  return Object.entries(COLUMN_OF_FIELD[kind]).find(([, candidate]) => candidate === column)?.[0] ?? column;
}

/** Where a record kind sits in its mutation's input, and how a message names another of its rows. */
interface InputShape {
  path(index: number): string[];
  nameLine(index: number): string;
}

const SINGLE_RECORD: InputShape = { path: () => ['input'], nameLine: () => 'this record' };
const LAB_RESULTS_LIST: InputShape = { path: (index) => ['input', 'results', String(index)], nameLine: (index) => `results[${index}]` };

function userErrorOf(issue: RecordIssue, shape: InputShape): UserError {
  return { field: [...shape.path(issue.line), fieldOf(issue.kind, issue.column)], message: issue.message, code: issue.code as UserErrorCode };
}

/** The site a write acts for, when it exists and the caller may write it. */
async function siteToWrite(context: ServiceContext, siteCode: string): Promise<{ siteId: number; siteCode: string } | { userError: UserError }> {
  const site = isBlank(siteCode) ? undefined : await findSiteByCode(context.db, siteCode.trim());
  if (site === undefined) {
    return { userError: { field: ['input', 'siteCode'], message: `unknown site "${siteCode}": a site is created by its first import`, code: 'UNKNOWN_SITE' } };
  }
  const writable = writableSite(context.principal);
  if (writable !== 'ANY' && writable !== site.id) throw new ApiError('FORBIDDEN', `This key may not write the rows of site ${site.code}.`);
  return { siteId: site.id, siteCode: site.code };
}

/** The request's DataLoaders hold what was read before the write: forget it. */
function forgetLoadedRows(context: ServiceContext): void {
  for (const loader of Object.values(context.loaders)) loader.clearAll();
}

interface RecordsWrite {
  userErrors: UserError[];
  counts: ChangeCounts | null;
  /** The stored rows written, in input order (none on user errors). */
  rows: StoredRowRef[];
}

/** Validates, checks and merges rows of one kind for a site, in one transaction. */
async function writeRecords(context: ServiceContext, siteCode: string, kind: RecordKind, inputs: readonly Readonly<Record<string, unknown>>[], shape: InputShape): Promise<RecordsWrite> {
  const site = await siteToWrite(context, siteCode);
  if ('userError' in site) return { userErrors: [site.userError], counts: null, rows: [] };
  const schema = createRecordSchemas(todayIso())[kind];
  const issues: RecordIssue[] = [];
  const valid: StagedRow<unknown>[] = [];
  inputs.forEach((input, index) => {
    const parsed = schema.safeParse(toColumns(kind, input));
    if (parsed.success) valid.push({ line: index, record: parsed.data });
    else issues.push(...issuesFromZod(kind, index, parsed.error));
  });
  // The staging area's temporary tables live on one connection, from the first staged row to the merge.
  const result = await inSession(context.db, async () => {
    const written = await inWriteTransaction(context.db, async () => {
      await resetStaging(context.db);
      // The rows were parsed by the schema of `kind`, so they are that stager's values.
      await (createStager(context.db)[kind] as (rows: readonly StagedRow<unknown>[]) => Promise<void>)(valid);
      issues.push(...await checkStagedRows(context.db, { id: site.siteId, code: site.siteCode }, shape.nameLine));
      if (issues.length > 0) return { counts: null, rows: [] };
      const counts = await writeStagedRows(context.db, site.siteId, { dryRun: false });
      return { counts, rows: await findStoredRowsOfStaged(context.db, site.siteId, kind) };
    });
    await resetStaging(context.db);
    return written;
  });
  forgetLoadedRows(context);
  const userErrors = issues
    .sort((a, b) => a.line - b.line)
    .map((issue) => userErrorOf(issue, shape));
  return { userErrors, ...result };
}

function outcomeOf(counts: ChangeCounts | null, kind: RecordKind): WriteOutcome | null {
  if (counts === null) return null;
  return counts[kind].inserted > 0 ? 'INSERTED' : counts[kind].updated > 0 ? 'UPDATED' : 'UNCHANGED';
}

export interface PatientWrite {
  patient: PatientRow | null;
  outcome: WriteOutcome | null;
  userErrors: UserError[];
}

/** Adds a patient to the site, or restates the one with this external id (every field; omitted optional ones become empty). */
export async function upsertPatient(context: ServiceContext, siteCode: string, input: Readonly<Record<string, unknown>>): Promise<PatientWrite> {
  const written = await writeRecords(context, siteCode, 'patients', [input], SINGLE_RECORD);
  const stored = written.rows[0];
  return {
    patient: stored === undefined ? null : await context.loaders.patientById.load(stored.id),
    outcome: outcomeOf(written.counts, 'patients'),
    userErrors: written.userErrors,
  };
}

/** A written record as the GraphQL types expect it, through the per-patient loaders. */
async function loadRecord<Row extends { id: number }>(stored: StoredRowRef | undefined, byPatient: { load(patientId: number): Promise<Row[]> }): Promise<Row | null> {
  if (stored === undefined) return null;
  return (await byPatient.load(stored.patientId)).find((row) => row.id === stored.id) ?? null;
}

export interface TreatmentWrite {
  treatment: TreatmentRow | null;
  outcome: WriteOutcome | null;
  userErrors: UserError[];
}

/** Adds a TARE session, or corrects the one of the same patient, date and target. */
export async function upsertTreatment(context: ServiceContext, siteCode: string, input: Readonly<Record<string, unknown>>): Promise<TreatmentWrite> {
  const written = await writeRecords(context, siteCode, 'treatments', [input], SINGLE_RECORD);
  const treatment = await loadRecord(written.rows[0], context.loaders.treatmentsByPatientId);
  return { treatment, outcome: outcomeOf(written.counts, 'treatments'), userErrors: written.userErrors };
}

export interface ImagingStudyWrite {
  imagingStudy: ImagingStudyRecord | null;
  outcome: WriteOutcome | null;
  userErrors: UserError[];
}

/** Adds an imaging study, or corrects the one of the same patient, date and modality. */
export async function upsertImagingStudy(context: ServiceContext, siteCode: string, input: Readonly<Record<string, unknown>>): Promise<ImagingStudyWrite> {
  const written = await writeRecords(context, siteCode, 'imaging', [input], SINGLE_RECORD);
  const imagingStudy = await loadRecord(written.rows[0], context.loaders.imagingStudiesByPatientId);
  return { imagingStudy, outcome: outcomeOf(written.counts, 'imaging'), userErrors: written.userErrors };
}

export interface ClinicalEventWrite {
  clinicalEvent: ClinicalEventRecord | null;
  outcome: WriteOutcome | null;
  userErrors: UserError[];
}

/** Adds a clinical event, or corrects the one of the same patient, date and event. */
export async function upsertClinicalEvent(context: ServiceContext, siteCode: string, input: Readonly<Record<string, unknown>>): Promise<ClinicalEventWrite> {
  const written = await writeRecords(context, siteCode, 'events', [input], SINGLE_RECORD);
  const clinicalEvent = await loadRecord(written.rows[0], context.loaders.clinicalEventsByPatientId);
  return { clinicalEvent, outcome: outcomeOf(written.counts, 'events'), userErrors: written.userErrors };
}

export interface LabResultsWrite {
  labResults: LabResultRecord[];
  inserted: number;
  updated: number;
  unchanged: number;
  userErrors: UserError[];
}

/** Adds or corrects lab results of the site's patients, all or nothing. */
export async function upsertLabResults(context: ServiceContext, siteCode: string, results: readonly Readonly<Record<string, unknown>>[]): Promise<LabResultsWrite> {
  if (results.length > MAX_LAB_RESULTS_PER_CALL) {
    return {
      labResults: [], inserted: 0, updated: 0, unchanged: 0,
      userErrors: [{ field: ['input', 'results'], message: `${results.length} results: send at most ${MAX_LAB_RESULTS_PER_CALL} per call, or import a CSV file`, code: 'TOO_MANY_RESULTS' }],
    };
  }
  const written = await writeRecords(context, siteCode, 'labs', results, LAB_RESULTS_LIST);
  const counts = written.counts?.labs ?? { inserted: 0, updated: 0, unchanged: 0 };
  const loaded = await Promise.all(written.rows.map(async (stored) => await loadRecord(stored, context.loaders.labResultsByPatientId)));
  const labResults = loaded.filter((lab): lab is LabResultRecord => lab !== null);
  return { labResults, inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged, userErrors: written.userErrors };
}

export type RecordType = 'PATIENT' | 'TREATMENT' | 'LAB_RESULT' | 'IMAGING_STUDY' | 'CLINICAL_EVENT';

const TABLE_OF_TYPE: Readonly<Record<RecordType, RecordTable>> = {
  PATIENT: 'patients',
  TREATMENT: 'treatments',
  LAB_RESULT: 'lab_results',
  IMAGING_STUDY: 'imaging_studies',
  CLINICAL_EVENT: 'clinical_events',
};

export interface RecordDeletion {
  deletedId: string | null;
  userErrors: UserError[];
}

/**
 * Deletes one record of the site (a patient with all their records). Deleting a lab result
 * recomputes the patient's grades (it may have been the baseline); deleting the session of the
 * index date leaves the index date as stored, for the next upsertPatient to correct.
 */
export async function deleteRecord(context: ServiceContext, siteCode: string, type: RecordType, id: string): Promise<RecordDeletion> {
  const site = await siteToWrite(context, siteCode);
  if ('userError' in site) return { deletedId: null, userErrors: [{ ...site.userError, field: ['siteCode'] }] };
  const rowId = parseId(id);
  const deleted = rowId === undefined ? null : await inWriteTransaction(context.db, async () => {
    const owner = await deleteSiteRecord(context.db, site.siteId, TABLE_OF_TYPE[type], rowId);
    if (owner !== null && type === 'LAB_RESULT') await recomputeLabGrades(context.db, [owner.patientId]);
    return owner;
  });
  forgetLoadedRows(context);
  if (deleted === null) {
    return { deletedId: null, userErrors: [{ field: ['id'], message: `site ${site.siteCode} has no ${type.toLowerCase().replace('_', ' ')} with id "${id}"`, code: 'NOT_FOUND' }] };
  }
  return { deletedId: id, userErrors: [] };
}
