/**
 * The counter a request's aggregates use (cell-key.ts): exact when disclosure control is inactive
 * for this cohort, otherwise cell-key perturbed, with the principal's own site counted exactly
 * (the own-site rule) for site roles.
 */
import { CellKeyCounter } from './cell-key.js';
import type { ControlledCohort, DisclosureGuard } from './disclosure.js';
import type { ServiceContext } from './service-context.js';
import { cohortPatientIdsAtSite } from '../store/cohort-members.js';

/** How a request counts a set of distinct patients: the released count, or null when withheld. */
export interface ReleasedCounts {
  readonly perturbed: boolean;
  count(patientIds: Iterable<number>): number | null;
}

const exactCounts: ReleasedCounts = {
  perturbed: false,
  count: (patientIds) => [...patientIds].length,
};

export async function releasedCountsFor(context: ServiceContext, cohort: ControlledCohort, guard: DisclosureGuard): Promise<ReleasedCounts> {
  if (!guard.active) return exactCounts;
  const siteId = context.principal.role === 'CONSORTIUM_ANALYST' ? null : context.principal.siteId;
  const own = siteId === null ? null : await cohortPatientIdsAtSite(context.db, cohort.condition, siteId);
  const counter = new CellKeyCounter({
    secret: context.disclosure.secret,
    threshold: guard.threshold,
    ...(own === null ? {} : { isOwn: (id: number) => own.has(id) }),
  });
  return { perturbed: true, count: (patientIds) => counter.count(patientIds) };
}
