/**
 * Query.federationPeer and its fields (schema/federation.graphql): each peer operation is an
 * analysis of the registry (src/federation/peer/), run on the request's executor, so it passes
 * the one disclosure stage (execute.ts), the worker pool and the result cache; what it withheld
 * is returned beside it.
 */
import type { Context } from '../context.js';
import { addAccounting } from '../access/service-context.js';
import { selectCohort, type CohortSelection, type PatientFilter } from '../records/cohorts.js';
import type { AnalysisArgs, AnalysisName, AnalysisResult } from '../analyses/registry.js';
import { checkPeerAccess } from '../federation/peer/peer-protocol.js';

interface PeerSelection {
  version: number;
  cohort: CohortSelection;
}

async function run<Name extends AnalysisName>(context: Context, peer: PeerSelection, name: Name, args: AnalysisArgs<Name>) {
  const outcome = await context.analyses.run(context, name, peer.cohort, args);
  addAccounting(context.accounting, outcome.accounting);
  return { result: outcome.result as AnalysisResult<Name>, suppressions: outcome.suppressions };
}

export const federationPeerQuery = async (_: unknown, args: { version: number; where?: PatientFilter | null }, context: Context): Promise<PeerSelection> => {
  checkPeerAccess(context.principal, args.version);
  return { version: args.version, cohort: await selectCohort(context, { where: args.where ?? null }) };
};

export const FederationPeer = {
  size: async (peer: PeerSelection, _: unknown, context: Context) => {
    const { result, suppressions } = await run(context, peer, 'peerSize', {});
    return { value: result, suppressions };
  },
  characteristics: async (peer: PeerSelection, args: AnalysisArgs<'peerCharacteristics'>, context: Context) => {
    const { result, suppressions } = await run(context, peer, 'peerCharacteristics', args);
    return { variables: result, suppressions };
  },
  crossTab: async (peer: PeerSelection, args: AnalysisArgs<'peerCrossTab'>, context: Context) => {
    const { result, suppressions } = await run(context, peer, 'peerCrossTab', args);
    return { ...result, suppressions };
  },
  survivalCounts: async (peer: PeerSelection, args: AnalysisArgs<'peerSurvivalCounts'>, context: Context) => {
    const { result, suppressions } = await run(context, peer, 'peerSurvivalCounts', args);
    return { groups: result, suppressions };
  },
  logRank: async (peer: PeerSelection, args: AnalysisArgs<'peerLogRank'>, context: Context) => {
    const { result, suppressions } = await run(context, peer, 'peerLogRank', args);
    return { ...result, suppressions };
  },
  coxContribution: async (peer: PeerSelection, args: AnalysisArgs<'peerCoxContribution'>, context: Context) => {
    const { result, suppressions } = await run(context, peer, 'peerCoxContribution', args);
    return { ...result, suppressions };
  },
  coxEventTimes: async (peer: PeerSelection, args: AnalysisArgs<'peerCoxEventTimes'>, context: Context) => {
    const { result, suppressions } = await run(context, peer, 'peerCoxEventTimes', args);
    return { ...result, suppressions };
  },
  coxRiskSetSums: async (peer: PeerSelection, args: AnalysisArgs<'peerCoxRiskSetSums'>, context: Context) => {
    const { result, suppressions } = await run(context, peer, 'peerCoxRiskSetSums', args);
    return { ...result, suppressions };
  },
};
