/**
 * Every Cohort analysis, once: the executor, the result cache, the worker and the GraphQL
 * resolvers find an analysis here by its Cohort field name. Adding an analysis is one file in
 * src/analyses/ declaring its module (analysis.ts), one line here, and its SDL and resolver
 * lines (docs/architecture.md).
 */
import { characteristicsAnalysis } from './characteristics.js';
import { coxRegressionAnalysis, coxScreenAnalysis } from './cox.js';
import { crossTabAnalysis } from './crosstab.js';
import { cumulativeIncidenceAnalysis } from './cumulative-incidence.js';
import { fineGrayAnalysis } from './fine-gray.js';
import { followUpAnalysis } from './follow-up.js';
import { labTrajectoryAnalysis } from './lab-trajectory.js';
import { compareSurvivalAnalysis, survivalAnalysis } from './survival.js';
import { toxicityTableAnalysis } from './toxicity.js';
import { peerCharacteristicsAnalysis, peerCrossTabAnalysis, peerSizeAnalysis } from '../federation/peer/peer-tables.js';
import { peerLogRankAnalysis, peerSurvivalCountsAnalysis } from '../federation/peer/peer-survival.js';
import { peerCoxContributionAnalysis, peerCoxEventTimesAnalysis, peerCoxRiskSetSumsAnalysis } from '../federation/peer/peer-cox.js';
import type { CohortSelection } from '../records/cohorts.js';
import type { ServiceContext } from '../access/service-context.js';

const MODULES = [
  survivalAnalysis,
  compareSurvivalAnalysis,
  coxRegressionAnalysis,
  coxScreenAnalysis,
  cumulativeIncidenceAnalysis,
  fineGrayAnalysis,
  followUpAnalysis,
  crossTabAnalysis,
  labTrajectoryAnalysis,
  toxicityTableAnalysis,
  characteristicsAnalysis,
  // The federation peer operations (schema/federation.graphql, FederationPeer): through the same stage.
  peerSizeAnalysis,
  peerCharacteristicsAnalysis,
  peerCrossTabAnalysis,
  peerSurvivalCountsAnalysis,
  peerLogRankAnalysis,
  peerCoxContributionAnalysis,
  peerCoxEventTimesAnalysis,
  peerCoxRiskSetSumsAnalysis,
] as const;

type Module = (typeof MODULES)[number];

export type AnalysisName = Module['field'];
type ModuleOf<Name extends AnalysisName> = Extract<Module, { field: Name }>;
export type AnalysisArgs<Name extends AnalysisName> = Parameters<ModuleOf<Name>['compute']>[2];
export type AnalysisResult<Name extends AnalysisName> = Awaited<ReturnType<ModuleOf<Name>['compute']>>;

/** An analysis as the executor sees it: arguments and result opaque (GraphQL validated their shape against the SDL). */
export interface RegisteredAnalysis {
  field: AnalysisName;
  canonicalArgs(args: unknown): unknown;
  compute(context: ServiceContext, cohort: CohortSelection, args: unknown): unknown;
}

const BY_NAME = new Map<string, RegisteredAnalysis>(MODULES.map((analysis) => [analysis.field, analysis as unknown as RegisteredAnalysis]));

export function isAnalysisName(name: string): name is AnalysisName {
  return BY_NAME.has(name);
}

export function analysisNamed(name: AnalysisName): RegisteredAnalysis {
  return BY_NAME.get(name)!;
}
