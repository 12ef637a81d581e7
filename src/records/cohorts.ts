/**
 * Cohorts: a set of patients described by a filter, never by a stored member list. A saved cohort
 * keeps only its definition and is re-evaluated on every use, so it follows the data as it grows.
 */
import type { SavedCohortRow } from '../../db/schema/index.js';
import { ApiError, badUserInput } from '../errors.js';
import { allOf, type PatientCondition, type PatientFilter } from '../store/patient-filter.js';

export type { PatientFilter };
import { countPatients } from '../store/patients.js';
import { ALL_ROWS } from '../store/row-scope.js';
import { disclosed, type ControlledCohort, type Disclosed } from '../access/disclosure.js';
import { perturbedCohortSize } from '../access/cohort-size.js';
import { findSavedCohortByName, findSavedCohortsByIds, insertSavedCohort, listSavedCohorts } from '../store/saved-cohorts.js';
import { compileFilter, parseId } from './patients.js';
import type { ServiceContext } from '../access/service-context.js';
import { CohortResults } from './cohort-results.js';
import { maySaveCohorts, savedCohortScope, savedCohortSite } from '../access/principal.js';

/**
 * A resolved cohort: its definition, the SQL condition it compiles to (once per request), and the
 * values released from it in this response (its Cohort fields, for Cohort.suppressions).
 */
export interface CohortSelection extends ControlledCohort {
  /**
   * The definition: the patients matching every one of these filters (a saved cohort's, then
   * `where`). Plain data: it crosses to a worker thread and into cache keys. A saved cohort's
   * definition is never edited once saved, so carrying it is carrying the saved cohort.
   */
  definition: PatientFilter[];
  condition: PatientCondition;
  results: CohortResults;
  /** Cached: does the cohort include patients outside the principal's site? */
  reachesOtherSites?: boolean;
}

export interface SavedCohort {
  id: number;
  name: string;
  description: string | null;
  where: PatientFilter;
  createdAt: string;
}

function toSavedCohort(row: SavedCohortRow): SavedCohort {
  return { id: row.id, name: row.name, description: row.description, where: JSON.parse(row.filterJson) as PatientFilter, createdAt: row.createdAt };
}

export async function listCohortDefinitions(context: ServiceContext): Promise<SavedCohort[]> {
  return (await listSavedCohorts(context.db, savedCohortScope(context.principal))).map(toSavedCohort);
}

/** `where` and/or a saved cohort `id` (both: the patients in both); neither: every patient. */
export async function selectCohort(context: ServiceContext, args: { where?: PatientFilter | null; id?: string | null }): Promise<CohortSelection> {
  const where = args.where === null || args.where === undefined ? [] : [args.where];
  const whereCondition = await compileFilter(context, args.where);
  if (args.id === null || args.id === undefined) return newSelection(where, whereCondition);
  const rowId = parseId(args.id);
  const saved = rowId === undefined ? undefined : (await findSavedCohortsByIds(context.db, [rowId], savedCohortScope(context.principal)))[0];
  if (saved === undefined) throw badUserInput(`No saved cohort has id "${args.id}"; list them with \`savedCohorts\`.`, 'id');
  const savedCohort = toSavedCohort(saved);
  const savedCondition = await compileFilter(context, savedCohort.where, 'id');
  return newSelection([savedCohort.where, ...where], allOf(savedCondition, whereCondition));
}

function newSelection(definition: PatientFilter[], condition: PatientCondition): CohortSelection {
  return { definition, condition, results: new CohortResults() };
}

export async function selectSavedCohort(context: ServiceContext, cohort: SavedCohort): Promise<CohortSelection> {
  return newSelection([cohort.where], await compileFilter(context, cohort.where, 'where'));
}

/**
 * A cohort from its definition, as a worker thread receives it: each filter compiled once (the
 * main thread compiled and validated the same definition when it resolved the request).
 */
export async function cohortOfDefinition(context: ServiceContext, definition: readonly PatientFilter[]): Promise<CohortSelection> {
  const conditions = await Promise.all(definition.map(async (filter) => await compileFilter(context, filter)));
  return newSelection([...definition], allOf(...conditions));
}

/** The number of patients in the cohort over every site (an aggregate, under disclosure control), with what was withheld. */
export async function cohortSize(context: ServiceContext, selection: CohortSelection): Promise<Disclosed<number | null>> {
  return await disclosed(context, async (own) => await perturbedCohortSize(own, selection, await countPatients(own.db, selection.condition, ALL_ROWS)));
}

/** Saves a definition owned by the principal's key, on its site (a site manager) or shared (an administrator). */
export async function saveCohortDefinition(context: ServiceContext, args: { name: string; description?: string | null; where: PatientFilter }): Promise<SavedCohort> {
  if (!maySaveCohorts(context.principal)) throw new ApiError('FORBIDDEN', `A ${context.principal.role} key may not save cohorts: saving is for the roles that may write (ADMIN, SITE_MANAGER). Pass the definition as cohort(where:) instead.`);
  const name = args.name.trim();
  if (name.length === 0 || name.length > 200) throw badUserInput('`name` must be 1 to 200 characters.', 'name');
  if (args.description != null && args.description.length > 2_000) throw badUserInput('`description` must be at most 2,000 characters.', 'description');
  await compileFilter(context, args.where);
  if (await findSavedCohortByName(context.db, name) !== undefined) throw badUserInput(`A saved cohort is already named "${name}": choose another name.`, 'name');
  const row = await insertSavedCohort(context.db, {
    name,
    description: args.description ?? null,
    filterJson: JSON.stringify(stripNulls(args.where)),
    ownerKeyId: context.principal.keyId,
    siteId: savedCohortSite(context.principal),
  });
  return toSavedCohort(row);
}

/** GraphQL input objects carry explicit nulls for omitted fields only when sent; store the definition as written. */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, stripNulls(v)]));
  }
  return value;
}
