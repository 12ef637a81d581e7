/** Use cases over patients: look one up, page through a filtered cohort, derive per-patient values. */
import type { PatientRow } from '../../db/schema/index.js';
import { compilePatientFilter, type PatientCondition, type PatientFilter } from '../store/patient-filter.js';
import { countPatients, listPatientPage } from '../store/patients.js';
import { listSiteCodes } from '../store/sites.js';
import { deriveTreatmentDistribution } from '../clinical/treatment-distribution.js';
import { daysToMonths } from '../clinical/timepoints.js';
import { ApiError } from '../errors.js';
import { rowScope, type RowScope } from '../access/principal.js';
import { checkPageSize, decodeCursor, encodeCursor } from '../pagination.js';
import type { ServiceContext } from '../access/service-context.js';

const CURSOR_KIND = 'patient';

/** Parse an API id ("17") into a row id; anything else matches no patient. */
export function parseId(id: string): number | undefined {
  return /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}

/** Row access: refused outright for principals who may never see a row (CONSORTIUM_ANALYST). */
function checkRowAccess(context: ServiceContext): RowScope {
  const scope = rowScope(context.principal);
  if (scope.kind === 'NONE') {
    throw new ApiError('FORBIDDEN', 'This role sees aggregates only, never patient rows: query cohort analyses (size, survival, characteristics...) instead.');
  }
  context.accounting.servedRows = true;
  return scope;
}

export async function findPatient(context: ServiceContext, id: string): Promise<PatientRow | null> {
  checkRowAccess(context);
  const rowId = parseId(id);
  return rowId === undefined ? null : context.loaders.patientById.load(rowId);
}

export async function compileFilter(context: ServiceContext, where: PatientFilter | null | undefined, argument = 'where'): Promise<PatientCondition> {
  return compilePatientFilter(where, { siteCodes: await listSiteCodes(context.db) }, argument);
}

export interface PatientPage {
  totalCount: number;
  nodes: PatientRow[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export async function listPatients(
  context: ServiceContext,
  args: { where?: PatientFilter | null; first?: number | null; after?: string | null },
  given?: PatientCondition,
): Promise<PatientPage> {
  const condition = given ?? await compileFilter(context, args.where);
  const scope = checkRowAccess(context);
  const limit = checkPageSize(args.first, context.maxPageSize);
  const afterId = decodeCursor(CURSOR_KIND, args.after);
  const rows = await listPatientPage(context.db, { condition, scope, limit: limit + 1, afterId });
  const nodes = rows.slice(0, limit);
  for (const row of nodes) context.loaders.patientById.prime(row.id, row);
  const last = nodes.at(-1);
  return {
    totalCount: await countPatients(context.db, condition, scope),
    nodes,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last === undefined ? null : encodeCursor(CURSOR_KIND, last.id) },
  };
}

const MS_PER_DAY = 86_400_000;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

export function followUpMonths(patient: PatientRow): number {
  return daysToMonths(daysBetween(patient.indexDate, patient.deathDate ?? patient.lastFollowUpDate));
}

export function monthsFromDiagnosisToIndex(patient: PatientRow): number | null {
  const diagnosis = patient.liverMetastasisDiagnosisDate;
  return diagnosis === null ? null : daysToMonths(daysBetween(diagnosis, patient.indexDate));
}

export async function treatmentSummary(context: ServiceContext, patientId: number) {
  const sessions = await context.loaders.treatmentsByPatientId.load(patientId);
  return {
    distribution: deriveTreatmentDistribution(sessions.map((session) => session.target)),
    count: sessions.length,
    totalActivityGbq: sessions.reduce((sum, session) => sum + session.activityGbq, 0),
  };
}
