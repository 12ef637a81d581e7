import type { Context } from '../context.js';
import { selectSavedCohort, type SavedCohort as SavedCohortRecord } from '../records/cohorts.js';

export const SavedCohort = {
  cohort: (saved: SavedCohortRecord, _: unknown, context: Context) => selectSavedCohort(context, saved),
};
