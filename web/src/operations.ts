/**
 * The operations the page sends, each paired with the types graphql-codegen generated for it from
 * the same .graphql file (web/src/generated/graphql.ts), so that a query and the code reading its
 * answer cannot disagree without the type check noticing.
 */
import type {
  CohortOverviewQuery, CohortOverviewQueryVariables, CoxForestQuery, CoxForestQueryVariables, CumulativeIncidenceQuery,
  CumulativeIncidenceQueryVariables, DictionaryQuery,
  DictionaryQueryVariables, LabTrajectoryQuery, LabTrajectoryQueryVariables, SurvivalByGroupQuery, SurvivalByGroupQueryVariables,
} from './generated/graphql';
import cohortOverview from './operations/cohort-overview.graphql?raw';
import coxForest from './operations/cox-forest.graphql?raw';
import cumulativeIncidence from './operations/cumulative-incidence.graphql?raw';
import dictionary from './operations/dictionary.graphql?raw';
import labTrajectory from './operations/lab-trajectory.graphql?raw';
import survivalByGroup from './operations/survival-by-group.graphql?raw';

/** A GraphQL document with the result and variables types of its one operation (phantom fields, never set). */
export interface Operation<TData, TVariables> {
  readonly document: string;
  readonly resultType?: TData;
  readonly variablesType?: TVariables;
}

const operation = <TData, TVariables>(document: string): Operation<TData, TVariables> => ({ document });

export const OPERATIONS = {
  dictionary: operation<DictionaryQuery, DictionaryQueryVariables>(dictionary),
  cohortOverview: operation<CohortOverviewQuery, CohortOverviewQueryVariables>(cohortOverview),
  survivalByGroup: operation<SurvivalByGroupQuery, SurvivalByGroupQueryVariables>(survivalByGroup),
  coxForest: operation<CoxForestQuery, CoxForestQueryVariables>(coxForest),
  cumulativeIncidence: operation<CumulativeIncidenceQuery, CumulativeIncidenceQueryVariables>(cumulativeIncidence),
  labTrajectory: operation<LabTrajectoryQuery, LabTrajectoryQueryVariables>(labTrajectory),
};

export type Variable = DictionaryQuery['variables'][number];
