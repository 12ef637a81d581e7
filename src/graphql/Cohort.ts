import type { Context } from '../context.js';
import { cohortSize, cohortSuppressions, type CohortSelection } from '../records/cohorts.js';
import { listPatients } from '../records/patients.js';
import { runAnalysis } from '../analyses/execution/analysis-runner.js';
import type { AnalysisArgs } from '../analyses/execution/analysis-task.js';

export const Cohort = {
  size: (cohort: CohortSelection, _: unknown, context: Context) => cohortSize(context, cohort),
  suppressions: (cohort: CohortSelection) => cohortSuppressions(cohort),
  patients: (cohort: CohortSelection, args: { first?: number | null; after?: string | null }, context: Context) =>
    listPatients(context, args, cohort.condition),
  survival: (cohort: CohortSelection, args: AnalysisArgs<'survival'>, context: Context) => runAnalysis(context, 'survival', cohort, args),
  compareSurvival: (cohort: CohortSelection, args: AnalysisArgs<'compareSurvival'>, context: Context) => runAnalysis(context, 'compareSurvival', cohort, args),
  coxRegression: (cohort: CohortSelection, args: AnalysisArgs<'coxRegression'>, context: Context) => runAnalysis(context, 'coxRegression', cohort, args),
  coxScreen: (cohort: CohortSelection, args: AnalysisArgs<'coxScreen'>, context: Context) => runAnalysis(context, 'coxScreen', cohort, args),
  crossTab: (cohort: CohortSelection, args: AnalysisArgs<'crossTab'>, context: Context) => runAnalysis(context, 'crossTab', cohort, args),
  labTrajectory: (cohort: CohortSelection, args: AnalysisArgs<'labTrajectory'>, context: Context) => runAnalysis(context, 'labTrajectory', cohort, args),
  toxicityTable: (cohort: CohortSelection, args: AnalysisArgs<'toxicityTable'>, context: Context) => runAnalysis(context, 'toxicityTable', cohort, args),
  characteristics: (cohort: CohortSelection, args: AnalysisArgs<'characteristics'>, context: Context) => runAnalysis(context, 'characteristics', cohort, args),
};
