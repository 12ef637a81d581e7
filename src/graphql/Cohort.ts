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
import { listPatients, type PatientPageArgs } from '../records/patients.js';
import { isAnalysisName, type AnalysisArgs, type AnalysisName, type AnalysisResult } from '../analyses/registry.js';
import { nestedFieldArguments, requestedFields } from './requested-fields.js';

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

/** The distinct values of `argument` over the nested fields at `path`, those without it given `fallback` (undefined: left out). */
function nestedValues(info: GraphQLResolveInfo, path: readonly string[], argument: string, fallback?: unknown): unknown[] {
  const values = nestedFieldArguments(info, path).map((args) => args[argument] ?? fallback).filter((value) => value !== undefined && value !== null);
  return [...new Set(values)];
}

/** What sub-fields with arguments ask of an analysis (computed with it, under its disclosure rule); nothing when none is asked. */
const NESTED_REQUESTS: Partial<Record<AnalysisName, (info: GraphQLResolveInfo) => Record<string, unknown[]>>> = {
  survival: (info) => ({ restrictedMeanTaus: nestedValues(info, ['restrictedMean'], 'tau') }),
  compareSurvival: (info) => ({
    restrictedMeanTaus: nestedValues(info, ['groups', 'estimate', 'restrictedMean'], 'tau'),
    restrictedMeanDifferenceTaus: nestedValues(info, ['restrictedMeanDifference'], 'tau'),
  }),
  coxRegression: (info) => ({ proportionalHazards: nestedValues(info, ['proportionalHazards'], 'transform', 'KM') }),
};

function withNestedRequests<Args>(name: AnalysisName, args: Args, info: GraphQLResolveInfo): Args {
  const requests = Object.entries(NESTED_REQUESTS[name]?.(info) ?? {}).filter(([, values]) => values.length > 0);
  return requests.length === 0 ? args : { ...args, ...Object.fromEntries(requests) };
}

function analysisField<Name extends AnalysisName>(name: Name) {
  return async (cohort: CohortSelection, args: AnalysisArgs<Name>, context: Context, info: GraphQLResolveInfo) =>
    await release(context, cohort, info, () => context.analyses.run(context, name, cohort, withNestedRequests(name, args, info))) as Promise<AnalysisResult<Name>>;
}

export const Cohort = {
  size: async (cohort: CohortSelection, _: unknown, context: Context, info: GraphQLResolveInfo) => await release(context, cohort, info, async () => await cohortSize(context, cohort)),
  suppressions: (cohort: CohortSelection) => cohort.results.suppressions(),
  patients: async (cohort: CohortSelection, args: Omit<PatientPageArgs, 'where'>, context: Context) =>
    await listPatients(context, args, cohort.condition),
  survival: analysisField('survival'),
  compareSurvival: analysisField('compareSurvival'),
  coxRegression: analysisField('coxRegression'),
  coxScreen: analysisField('coxScreen'),
  cumulativeIncidence: analysisField('cumulativeIncidence'),
  fineGray: analysisField('fineGray'),
  followUp: analysisField('followUp'),
  crossTab: analysisField('crossTab'),
  labTrajectory: analysisField('labTrajectory'),
  toxicityTable: analysisField('toxicityTable'),
  characteristics: analysisField('characteristics'),
};
