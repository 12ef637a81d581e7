import type { Context } from '../context.js';
import { cohortSize, type CohortSelection } from '../services/cohorts.js';
import { listPatients } from '../services/patients.js';

export const Cohort = {
  size: (cohort: CohortSelection, _: unknown, context: Context) => cohortSize(context, cohort),
  suppressions: () => [],
  patients: (cohort: CohortSelection, args: { first?: number | null; after?: string | null }, context: Context) =>
    listPatients(context, args, cohort.condition),
};
