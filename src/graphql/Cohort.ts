/**
 * The Cohort fields. Every aggregate field (size, each analysis) is released through the cohort's
 * per-response registry (src/records/cohort-results.ts) under its response key, and
 * `suppressions` reads what they withheld there; analyses run on the request's executor
 * (context.analyses). One line per analysis (docs/architecture.md).
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import type { Disclosed } from '../access/disclosure.js';
import { addAccounting } from '../access/service-context.js';
import { cohortSize, type CohortSelection } from '../records/cohorts.js';
import { listPatients } from '../records/patients.js';
import { isAnalysisName, type AnalysisArgs, type AnalysisName, type AnalysisResult } from '../analyses/registry.js';
import { requestedFields } from './requested-fields.js';

const releasesAggregate = (field: string) => field === 'size' || isAnalysisName(field);

/** A resolver that returns a Cohort: records which of its aggregate fields this response asks for. */
export function expectingFields(cohort: CohortSelection, info: GraphQLResolveInfo): CohortSelection {
  cohort.results.expect(requestedFields(info).filter(({ field }) => releasesAggregate(field)).map(({ responseKey }) => responseKey));
  return cohort;
}

/** Releases one aggregate field of the cohort, adding what computing it served to the request's accounting. */
async function release<Value>(context: Context, cohort: CohortSelection, info: GraphQLResolveInfo, start: () => Promise<Disclosed<Value>>): Promise<Value> {
  const value = await cohort.results.release(String(info.path.key), async () => {
    const released = await start();
    addAccounting(context.accounting, released.accounting);
    return released;
  });
  return value.result;
}

function analysisField<Name extends AnalysisName>(name: Name) {
  return (cohort: CohortSelection, args: AnalysisArgs<Name>, context: Context, info: GraphQLResolveInfo) =>
    release(context, cohort, info, () => context.analyses.run(context, name, cohort, args)) as Promise<AnalysisResult<Name>>;
}

export const Cohort = {
  size: (cohort: CohortSelection, _: unknown, context: Context, info: GraphQLResolveInfo) => release(context, cohort, info, () => cohortSize(context, cohort)),
  suppressions: (cohort: CohortSelection) => cohort.results.suppressions(),
  patients: async (cohort: CohortSelection, args: { first?: number | null; after?: string | null }, context: Context) =>
    await listPatients(context, args, cohort.condition),
  survival: analysisField('survival'),
  compareSurvival: analysisField('compareSurvival'),
  coxRegression: analysisField('coxRegression'),
  coxScreen: analysisField('coxScreen'),
  crossTab: analysisField('crossTab'),
  labTrajectory: analysisField('labTrajectory'),
  toxicityTable: analysisField('toxicityTable'),
  characteristics: analysisField('characteristics'),
};
