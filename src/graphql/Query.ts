import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { findPatient, listPatients } from '../records/patients.js';
import { listAllSites } from '../records/sites.js';
import { listVariables } from '../records/variables.js';
import { readAuditLog } from '../access/audit.js';
import { describePrincipal } from '../access/describe-principal.js';
import { listCohortDefinitions, selectCohort } from '../records/cohorts.js';
import type { PatientFilter } from '../records/cohorts.js';
import { expectingFields } from './Cohort.js';

type PatientsArgs = { where?: PatientFilter | null; first?: number | null; after?: string | null };

export const Query = {
  sites: (_: unknown, __: unknown, context: Context) => listAllSites(context),
  patient: (_: unknown, args: { id: string }, context: Context) => findPatient(context, args.id),
  patients: (_: unknown, args: PatientsArgs, context: Context) => listPatients(context, args),
  variables: () => listVariables(),
  cohort: async (_: unknown, args: { where?: PatientFilter | null; id?: string | null }, context: Context, info: GraphQLResolveInfo) =>
    expectingFields(await selectCohort(context, args), info),
  savedCohorts: (_: unknown, __: unknown, context: Context) => listCohortDefinitions(context),
  me: (_: unknown, __: unknown, context: Context) => describePrincipal(context),
  auditLog: (_: unknown, args: { first?: number | null; after?: string | null }, context: Context) => readAuditLog(context, args),
};
