/** Use cases over patients: look one up, page through a filtered cohort, derive per-patient values. */
import type { PatientRow } from '../../db/schema/index.js';
import { compilePatientFilter, type PatientCondition, type PatientFilter } from '../store/patient-filter.js';
import { countPatients, listPatientPage } from '../store/patients.js';
import { listSiteCodes } from '../store/sites.js';
import { deriveTreatmentDistribution } from '../clinical/treatment-distribution.js';
import { daysToMonths } from '../clinical/timepoints.js';
import { ApiError, badUserInput } from '../errors.js';
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
  edges: { cursor: string; node: PatientRow }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface PatientPageArgs {
  where?: PatientFilter | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * A page of patients in id order: the first `first` (after `after`), or the last `last` (before
 * `before`), as Relay's cursor connections specify; hasPreviousPage / hasNextPage say whether a
 * patient lies beyond the cursor given or beyond the page taken from the end.
 */
export async function listPatients(context: ServiceContext, args: PatientPageArgs, given?: PatientCondition): Promise<PatientPage> {
  const condition = given ?? await compileFilter(context, args.where);
  const scope = checkRowAccess(context);
  if (args.first != null && args.last != null) throw badUserInput('Give `first` or `last`, not both.', 'last');
  const fromEnd = args.last != null;
  const limit = fromEnd ? checkPageSize(args.last, context.maxPageSize, 'last') : checkPageSize(args.first, context.maxPageSize);
  const afterId = decodeCursor(CURSOR_KIND, args.after);
  const beforeId = decodeCursor(CURSOR_KIND, args.before, 'before');
  const rows = await listPatientPage(context.db, { condition, scope, limit: limit + 1, afterId, beforeId, fromEnd });
  const taken = rows.slice(0, limit);
  const nodes = fromEnd ? taken.reverse() : taken;
  for (const row of nodes) context.loaders.patientById.prime(row.id, row);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(CURSOR_KIND, node.id), node }));
  const more = rows.length > limit;
  return {
    totalCount: await countPatients(context.db, condition, scope),
    nodes,
    edges,
    pageInfo: {
      hasNextPage: fromEnd ? beforeId !== undefined : more,
      hasPreviousPage: fromEnd ? more : afterId !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
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
