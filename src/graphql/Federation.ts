/**
 * Query.federation and the FederatedCohort fields (schema/federation.graphql): thin; the fan-out
 * to the sites, the pooling and the coordinator's disclosure policy are in src/federation/coordinator/.
 * Each pooled field is released under its response key, so `suppressions` and `sites` wait for
 * exactly the fields the query asks (src/records/cohort-results.ts, as Cohort's).
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { addAccounting } from '../access/service-context.js';
import type { PatientFilter } from '../records/cohorts.js';
import { FederatedCohort, notACoordinator } from '../federation/coordinator/federated-cohort.js';
import { SiteFanOut } from '../federation/coordinator/fan-out.js';
import type { PooledRelease } from '../federation/coordinator/pooled-release.js';
import { pooledCharacteristics, pooledCrossTab, pooledSize } from '../federation/coordinator/pool-tables.js';
import { pooledComparison, pooledSurvival } from '../federation/coordinator/pool-survival.js';
import { federatedCox, type FederatedCoxArgs } from '../federation/coordinator/pool-cox.js';
import { requestedFields } from './requested-fields.js';

const POOLED_FIELDS = new Set(['size', 'characteristics', 'crossTab', 'survival', 'compareSurvival', 'coxRegression']);

function pooledField<Args, Value>(field: string, compute: (cohort: FederatedCohort, release: PooledRelease, args: Args) => Promise<Value | string>) {
  return async (cohort: FederatedCohort, args: Args, context: Context, info: GraphQLResolveInfo) => {
    const released = await cohort.release(String(info.path.key), field, (release) => compute(cohort, release, args));
    addAccounting(context.accounting, released.accounting);
    return released.result;
  };
}

export const federationQuery = (_: unknown, __: unknown, context: Context) => {
  if (context.config.federation === null) throw notACoordinator();
  return { context };
};

export const Federation = {
  sites: async ({ context }: { context: Context }) => {
    const fanOut = new SiteFanOut(context.config.federation!);
    await fanOut.ask('version', '', { where: null });
    return fanOut.reportsSoFar();
  },
  cohort: ({ context }: { context: Context }, args: { where?: PatientFilter | null }, _: Context, info: GraphQLResolveInfo) => {
    const cohort = new FederatedCohort(context, context.config.federation!, args.where ?? null);
    cohort.results.expect(requestedFields(info).filter(({ field }) => POOLED_FIELDS.has(field)).map(({ responseKey }) => responseKey));
    return cohort;
  },
};

export const FederatedCohortResolvers = {
  size: pooledField('size', async (cohort, release) => await pooledSize(cohort, release)),
  characteristics: pooledField('characteristics', async (cohort, release, args: { variables: string[] }) => await pooledCharacteristics(cohort, release, args.variables)),
  crossTab: pooledField('crossTab', pooledCrossTab),
  survival: pooledField('survival', pooledSurvival),
  compareSurvival: pooledField('compareSurvival', pooledComparison),
  coxRegression: pooledField('coxRegression', async (cohort, release, args: FederatedCoxArgs) => await federatedCox(cohort, release, args)),
  sites: async (cohort: FederatedCohort) => {
    await cohort.results.suppressions();
    if (!cohort.fanOut.asked) await cohort.pooledSize();
    return cohort.fanOut.reportsSoFar();
  },
  suppressions: (cohort: FederatedCohort) => cohort.results.suppressions(),
};
