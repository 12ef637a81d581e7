import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { selectSavedCohort, type SavedCohort as SavedCohortRecord } from '../records/cohorts.js';
import { expectingFields } from './Cohort.js';

export const SavedCohort = {
  cohort: async (saved: SavedCohortRecord, _: unknown, context: Context, info: GraphQLResolveInfo) => expectingFields(await selectSavedCohort(context, saved), info),
};
