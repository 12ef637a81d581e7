/**
 * Cohorts: a set of patients described by a filter, never by a stored member list. A saved cohort
 * keeps only its definition and is re-evaluated on every use, so it follows the data as it grows.
 */
import type { SavedCohortRow } from '../../db/schema/index.js';
import { badUserInput } from '../errors.js';
import { allOf, type PatientCondition, type PatientFilter } from '../store/patient-filter.js';

export type { PatientFilter };
import { countPatients } from '../store/patients.js';
import { ALL_ROWS } from '../store/row-scope.js';
import { type ControlledCohort, type Suppression } from '../access/disclosure.js';
import { perturbedCohortSize } from '../access/cohort-size.js';
import { findSavedCohortByName, findSavedCohortsByIds, insertSavedCohort, listSavedCohorts } from '../store/saved-cohorts.js';
import { compileFilter, parseId } from './patients.js';
import type { ServiceContext } from '../access/service-context.js';

/** A resolved cohort: its definition, the SQL condition it compiles to, and what disclosure control withheld from its results in this request. */
export interface CohortSelection extends ControlledCohort {
  where: PatientFilter | null;
  savedCohortId: number | null;
  condition: PatientCondition;
  suppressions: Suppression[];
  /** The analyses of this cohort under way in this request (Cohort.suppressions waits for them). */
  pending: Promise<unknown>[];
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

export function listCohortDefinitions(context: ServiceContext): SavedCohort[] {
  return listSavedCohorts(context.db).map(toSavedCohort);
}

/** `where` and/or a saved cohort `id` (both: the patients in both); neither: every patient. */
export function selectCohort(context: ServiceContext, args: { where?: PatientFilter | null; id?: string | null }): CohortSelection {
  const whereCondition = compileFilter(context, args.where);
  if (args.id === null || args.id === undefined) return newSelection(args.where ?? null, null, whereCondition);
  const rowId = parseId(args.id);
  const saved = rowId === undefined ? undefined : findSavedCohortsByIds(context.db, [rowId])[0];
  if (saved === undefined) throw badUserInput(`No saved cohort has id "${args.id}"; list them with \`savedCohorts\`.`, 'id');
  const savedCohort = toSavedCohort(saved);
  const savedCondition = compileFilter(context, savedCohort.where, 'id');
  return newSelection(args.where ?? savedCohort.where, savedCohort.id, allOf(savedCondition, whereCondition));
}

function newSelection(where: PatientFilter | null, savedCohortId: number | null, condition: PatientCondition): CohortSelection {
  return { where, savedCohortId, condition, suppressions: [], pending: [] };
}

export function selectSavedCohort(context: ServiceContext, cohort: SavedCohort): CohortSelection {
  return newSelection(cohort.where, cohort.id, compileFilter(context, cohort.where, 'where'));
}

/** The number of patients in the cohort over every site (an aggregate, under disclosure control). */
export function cohortSize(context: ServiceContext, selection: CohortSelection): number | null {
  return perturbedCohortSize(context, selection, countPatients(context.db, selection.condition, ALL_ROWS));
}

/** Runs one analysis of the cohort, registering it so that the cohort's suppressions include its own. */
export function trackAnalysis<T>(cohort: CohortSelection, analysis: () => T | Promise<T>): Promise<T> {
  const running = Promise.resolve().then(analysis);
  cohort.pending.push(running);
  return running;
}

/**
 * What disclosure control withheld from this cohort's results. GraphQL invokes every sibling field
 * resolver synchronously before awaiting any, so after one microtask all analyses of the request
 * are registered; this waits for them to settle.
 */
export async function cohortSuppressions(cohort: CohortSelection): Promise<Suppression[]> {
  await Promise.resolve();
  await Promise.allSettled(cohort.pending);
  return cohort.suppressions;
}

export function saveCohortDefinition(context: ServiceContext, args: { name: string; description?: string | null; where: PatientFilter }): SavedCohort {
  const name = args.name.trim();
  if (name.length === 0 || name.length > 200) throw badUserInput('`name` must be 1 to 200 characters.', 'name');
  if (args.description != null && args.description.length > 2_000) throw badUserInput('`description` must be at most 2,000 characters.', 'description');
  compileFilter(context, args.where);
  if (findSavedCohortByName(context.db, name) !== undefined) throw badUserInput(`A saved cohort is already named "${name}": choose another name.`, 'name');
  const row = insertSavedCohort(context.db, { name, description: args.description ?? null, filterJson: JSON.stringify(stripNulls(args.where)) });
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
