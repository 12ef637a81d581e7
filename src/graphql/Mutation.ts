import type { Context } from '../context.js';
import { saveCohortDefinition } from '../records/cohorts.js';
import type { PatientFilter } from '../records/cohorts.js';

export const Mutation = {
  saveCohort: async (_: unknown, args: { name: string; description?: string | null; where: PatientFilter }, context: Context) =>
    await saveCohortDefinition(context, args),
};
