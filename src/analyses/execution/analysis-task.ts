/**
 * What crosses the thread boundary for one cohort analysis on the worker pool: only serializable
 * inputs. The analysis name and its field arguments; the cohort's definition (its filters, plain
 * data: a compiled SQL condition does not survive a postMessage), compiled once on the worker
 * (cohortOfDefinition) after the main thread compiled and validated it once when it resolved the
 * request; and what the request's context holds that results depend on (principal, disclosure
 * policy, page limit), from which the worker builds its context as the main thread does
 * (createServiceContext).
 */
import type { Principal } from '../../access/principal.js';
import type { Store } from '../../store/database.js';
import { cohortOfDefinition, type CohortSelection, type PatientFilter } from '../../records/cohorts.js';
import type { DisclosurePolicy } from '../../access/disclosure.js';
import { createServiceContext, type ServiceContext } from '../../access/service-context.js';
import type { AnalysisName } from '../registry.js';

export interface AnalysisTask {
  name: AnalysisName;
  args: unknown;
  definition: PatientFilter[];
  principal: Principal;
  disclosure: DisclosurePolicy;
  maxPageSize: number;
}

export function taskOf(context: ServiceContext, name: AnalysisName, cohort: CohortSelection, args: unknown): AnalysisTask {
  const { principal, disclosure, maxPageSize } = context;
  return { name, args, definition: cohort.definition, principal, disclosure, maxPageSize };
}

/** A worker's request context and cohort: its own connection, loaders scoped to the principal, the definition compiled once. */
export async function requestOfTask(db: Store, task: AnalysisTask): Promise<{ context: ServiceContext; cohort: CohortSelection }> {
  const context = createServiceContext(db, task.principal, task);
  return { context, cohort: await cohortOfDefinition(context, task.definition) };
}
