/**
 * `Cohort.size` as a principal may see it: the small-count and complement checks of
 * cohortSizeWithheld (disclosure.ts), then, in the aggregate tier, the cell-key perturbed count of
 * the cohort's patients instead of a rounded one — rounding flips at a fixed point, which padding
 * with known patients finds (docs/disclosure.md); perturbation with the own-site rule has none.
 */
import { cohortSizeWithheld, guardFor, type ControlledCohort } from './disclosure.js';
import { releasedCountsFor } from './cell-key-context.js';
import type { ServiceContext } from './service-context.js';
import { cohortPatientIds } from '../store/cohort-members.js';

export async function perturbedCohortSize(context: ServiceContext, cohort: ControlledCohort, size: number): Promise<number | null> {
  if (await cohortSizeWithheld(context, cohort, size)) return null;
  const guard = await guardFor(context, cohort, '');
  if (!guard.active) return size;
  const released = (await releasedCountsFor(context, cohort, guard)).count(await cohortPatientIds(context.db, cohort.condition));
  return released ?? guard.withhold('size', guard.smallCountReason());
}
