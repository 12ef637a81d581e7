import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { findPatient, listPatients, type PatientPageArgs } from '../records/patients.js';
import { listAllSites } from '../records/sites.js';
import { listVariables } from '../records/variables.js';
import { readAuditLog } from '../access/audit.js';
import { describePrincipal } from '../access/describe-principal.js';
import { listCohortDefinitions, selectCohort } from '../records/cohorts.js';
import type { PatientFilter } from '../records/cohorts.js';
import { expectingFields } from './Cohort.js';

export const Query = {
  sites: async (_: unknown, __: unknown, context: Context) => await listAllSites(context),
  patient: async (_: unknown, args: { id: string }, context: Context) => await findPatient(context, args.id),
  patients: async (_: unknown, args: PatientPageArgs, context: Context) => await listPatients(context, args),
  variables: () => listVariables(),
  cohort: async (_: unknown, args: { where?: PatientFilter | null; id?: string | null }, context: Context, info: GraphQLResolveInfo) =>
    expectingFields(await selectCohort(context, args), info),
  savedCohorts: async (_: unknown, __: unknown, context: Context) => await listCohortDefinitions(context),
  me: (_: unknown, __: unknown, context: Context) => describePrincipal(context),
  auditLog: async (_: unknown, args: { first?: number | null; after?: string | null }, context: Context) => await readAuditLog(context, args),
};
