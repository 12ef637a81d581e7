/**
 * What crosses the thread boundary for one cohort analysis, and how it is executed, the same way
 * on a worker thread and inline.
 *
 * The task holds only serializable inputs: the analysis name and its field arguments, the
 * cohort's definition (its `where` filter and saved cohort id, recompiled on the worker with the
 * services' own selectCohort, because a compiled SQL condition does not survive a postMessage),
 * and what the ServiceContext holds that results depend on (principal, disclosure policy, page
 * limit). The outcome carries the result and the request-scoped side effects the analysis had on
 * the main thread's objects (disclosure suppressions on the cohort, the accounting the audit log
 * reads), so the runner can replay them on the request, and on every later cache hit.
 */
import type { Principal } from '../../access/principal.js';
import { rowScope } from '../../access/principal.js';
import type { Db } from '../../store/database.js';
import { createLoaders } from '../../store/loaders.js';
import { describeCharacteristics } from '../characteristics.js';
import { selectCohort, type CohortSelection, type PatientFilter } from '../../records/cohorts.js';
import { fitCoxModel, screenCoxModels } from '../cox.js';
import { crossTabulate } from '../crosstab.js';
import type { DisclosurePolicy, Suppression } from '../../access/disclosure.js';
import { traceLab } from '../lab-trajectory.js';
import { newAccounting, type RequestAccounting, type ServiceContext } from '../../access/service-context.js';
import { compareSurvival, estimateSurvival, type SurvivalOptionsInput } from '../survival.js';
import { tabulateToxicity } from '../toxicity.js';

/** Every Cohort analysis field, as (context, cohort, field arguments) → result. */
export const ANALYSES = {
  survival: (context: ServiceContext, cohort: CohortSelection, args: { options?: SurvivalOptionsInput | null }) =>
    estimateSurvival(context, cohort, args.options),
  compareSurvival,
  coxRegression: fitCoxModel,
  coxScreen: screenCoxModels,
  crossTab: crossTabulate,
  labTrajectory: traceLab,
  toxicityTable: tabulateToxicity,
  characteristics: (context: ServiceContext, cohort: CohortSelection, args: { variables?: string[] | null }) =>
    describeCharacteristics(context, cohort, args.variables),
};

export type AnalysisName = keyof typeof ANALYSES;
export type AnalysisArgs<Name extends AnalysisName> = Parameters<(typeof ANALYSES)[Name]>[2];
export type AnalysisResult<Name extends AnalysisName> = Awaited<ReturnType<(typeof ANALYSES)[Name]>>;

export interface AnalysisTask {
  name: AnalysisName;
  args: unknown;
  where: PatientFilter | null;
  savedCohortId: number | null;
  principal: Principal;
  disclosure: DisclosurePolicy;
  maxPageSize: number;
}

export interface AnalysisOutcome {
  result: unknown;
  /** What disclosure control withheld from this result (paths already prefixed with the field). */
  suppressions: Suppression[];
  accounting: RequestAccounting;
  /** Approximate memory the result holds (UTF-16 JSON), for the cache's bound. */
  bytes: number;
}

/** JSON with object keys sorted and null or missing fields left out: equal inputs, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value)
    .filter(([, field]) => field !== null && field !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, field]) => [key, canonical(field)]));
}

export function taskOf(context: ServiceContext, name: AnalysisName, cohort: CohortSelection, args: unknown): AnalysisTask {
  const { principal, disclosure, maxPageSize } = context;
  return { name, args, where: cohort.where, savedCohortId: cohort.savedCohortId, principal, disclosure, maxPageSize };
}

/** A worker's request context: its own connection, loaders scoped to the principal, fresh accounting. */
export function contextOfTask(db: Db, task: AnalysisTask): ServiceContext {
  const { principal, disclosure, maxPageSize } = task;
  return { db, principal, loaders: createLoaders(db, rowScope(principal)), maxPageSize, disclosure, accounting: newAccounting() };
}

/**
 * The cohort of a task, compiled again. A saved cohort queried by id alone carries its own
 * definition as `where`; it is compiled once rather than intersected with itself.
 */
export function cohortOfTask(context: ServiceContext, task: AnalysisTask): CohortSelection {
  if (task.savedCohortId === null) return selectCohort(context, { where: task.where });
  const id = String(task.savedCohortId);
  const saved = selectCohort(context, { id });
  return canonicalJson(saved.where) === canonicalJson(task.where) ? saved : selectCohort(context, { where: task.where, id });
}

/** Runs one analysis on a copy of the cohort and a fresh accounting, and reports what it produced and recorded. */
export async function executeAnalysis(context: ServiceContext, name: AnalysisName, cohort: CohortSelection, args: unknown): Promise<AnalysisOutcome> {
  const isolatedCohort: CohortSelection = { ...cohort, suppressions: [], pending: [] };
  const isolatedContext: ServiceContext = { ...context, accounting: newAccounting() };
  const analysis = ANALYSES[name] as (context: ServiceContext, cohort: CohortSelection, args: unknown) => unknown;
  const result = await analysis(isolatedContext, isolatedCohort, args);
  return {
    result,
    suppressions: isolatedCohort.suppressions,
    accounting: isolatedContext.accounting,
    bytes: 2 * (JSON.stringify(result)?.length ?? 0),
  };
}
