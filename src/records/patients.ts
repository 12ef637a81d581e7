/** Use cases over patients: look one up, page through a filtered cohort, derive per-patient values. */
import type { PatientRow } from '../../db/schema/index.js';
import { compilePatientFilter, type PatientCondition, type PatientFilter } from '../store/patient-filter.js';
import { countPatients, listPatientPage, patientSortValue, type PatientOrder, type PatientSortKey } from '../store/patients.js';
import { listSiteCodes } from '../store/sites.js';
import { toGenericFilter } from './typed-patient-filter.js';
import { deriveTreatmentDistribution } from '../clinical/treatment-distribution.js';
import { daysToMonths } from '../clinical/timepoints.js';
import { ApiError, badUserInput } from '../errors.js';
import { rowScope, type RowScope } from '../access/principal.js';
import { checkPageSize, decodeCursor, decodeKeysetCursor, encodeCursor, encodeKeysetCursor } from '../pagination.js';
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

/** The condition of a filter in either form: typed fields are translated to the generic predicates first. */
export async function compileFilter(context: ServiceContext, where: PatientFilter | null | undefined, argument = 'where'): Promise<PatientCondition> {
  return compilePatientFilter(toGenericFilter(where, argument), { siteCodes: await listSiteCodes(context.db) }, argument);
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
  orderBy?: PatientOrderInput | null;
}

export type PatientOrderField = 'ID' | 'EXTERNAL_ID' | 'AGE_AT_INDEX' | 'INDEX_DATE' | 'FOLLOW_UP_MONTHS';
export interface PatientOrderInput { field: PatientOrderField; direction?: 'ASC' | 'DESC' | null }

/** The store's sort key of each orderBy field (follow-up orders by whole days, the months' exact order). */
const SORT_KEYS: Record<PatientOrderField, PatientSortKey> = {
  ID: 'id', EXTERNAL_ID: 'externalId', AGE_AT_INDEX: 'ageAtIndex', INDEX_DATE: 'indexDate', FOLLOW_UP_MONTHS: 'followUpDays',
};

/** Where each patient sits in the list's order, and how its cursor reads: id cursors for id order, keyset cursors otherwise. */
function pagePositions(orderBy: PatientOrderInput | null | undefined) {
  const descending = orderBy?.direction === 'DESC';
  if (orderBy == null || (orderBy.field === 'ID' && !descending)) {
    return {
      order: undefined,
      decode: (cursor: string | null | undefined, argument: string) => ({ id: decodeCursor(CURSOR_KIND, cursor, argument), value: undefined }),
      encode: (row: PatientRow) => encodeCursor(CURSOR_KIND, row.id),
    };
  }
  const order: PatientOrder = { key: SORT_KEYS[orderBy.field], descending };
  const name = `${orderBy.field}_${descending ? 'DESC' : 'ASC'}`;
  return {
    order,
    decode: (cursor: string | null | undefined, argument: string) => {
      const position = decodeKeysetCursor(CURSOR_KIND, name, cursor, argument);
      return { id: position?.id, value: position?.value };
    },
    encode: (row: PatientRow) => encodeKeysetCursor(CURSOR_KIND, name, { id: row.id, value: patientSortValue(row, order.key) }),
  };
}

/**
 * A page of patients in `orderBy` order (default: id ascending; ties broken by id): the first `first` (after `after`), or the last `last` (before
 * `before`), as Relay's cursor connections specify; hasPreviousPage / hasNextPage say whether a
 * patient lies beyond the cursor given or beyond the page taken from the end.
 */
export async function listPatients(context: ServiceContext, args: PatientPageArgs, given?: PatientCondition): Promise<PatientPage> {
  const condition = given ?? await compileFilter(context, args.where);
  const scope = checkRowAccess(context);
  if (args.first != null && args.last != null) throw badUserInput('Give `first` or `last`, not both.', 'last');
  const fromEnd = args.last != null;
  const limit = fromEnd ? checkPageSize(args.last, context.maxPageSize, 'last') : checkPageSize(args.first, context.maxPageSize);
  const positions = pagePositions(args.orderBy);
  const after = positions.decode(args.after, 'after');
  const before = positions.decode(args.before, 'before');
  const afterId = after.id;
  const beforeId = before.id;
  const rows = await listPatientPage(context.db, {
    condition, scope, limit: limit + 1, afterId, beforeId, fromEnd,
    ...(positions.order === undefined ? {} : { order: positions.order, afterKey: after.value, beforeKey: before.value }),
  });
  const taken = rows.slice(0, limit);
  const nodes = fromEnd ? taken.reverse() : taken;
  for (const row of nodes) context.loaders.patientById.prime(row.id, row);
  const edges = nodes.map((node) => ({ cursor: positions.encode(node), node }));
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
