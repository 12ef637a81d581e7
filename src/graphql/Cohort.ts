import type { Context } from '../context.js';
import { cohortSize, cohortSuppressions, trackAnalysis, type CohortSelection } from '../services/cohorts.js';
import { listPatients } from '../services/patients.js';
import { compareSurvival, estimateSurvival, type CompareSurvivalArgs, type SurvivalOptionsInput } from '../services/survival.js';
import { fitCoxModel, screenCoxModels, type CoxArgs, type CoxScreenArgs } from '../services/cox.js';
import { crossTabulate, type Alternative } from '../services/crosstab.js';
import { traceLab, type LabTrajectoryArgs } from '../services/lab-trajectory.js';
import { tabulateToxicity, type ToxicityArgs } from '../services/toxicity.js';
import { describeCharacteristics } from '../services/characteristics.js';
import type { CovariateInput } from '../services/covariates.js';

export const Cohort = {
  size: (cohort: CohortSelection, _: unknown, context: Context) => cohortSize(context, cohort),
  suppressions: (cohort: CohortSelection) => cohortSuppressions(cohort),
  patients: (cohort: CohortSelection, args: { first?: number | null; after?: string | null }, context: Context) =>
    listPatients(context, args, cohort.condition),
  survival: (cohort: CohortSelection, args: { options?: SurvivalOptionsInput | null }, context: Context) => trackAnalysis(cohort, () => estimateSurvival(context, cohort, args.options)),
  compareSurvival: (cohort: CohortSelection, args: CompareSurvivalArgs, context: Context) => trackAnalysis(cohort, () => compareSurvival(context, cohort, args)),
  coxRegression: (cohort: CohortSelection, args: CoxArgs, context: Context) => trackAnalysis(cohort, () => fitCoxModel(context, cohort, args)),
  coxScreen: (cohort: CohortSelection, args: CoxScreenArgs, context: Context) => trackAnalysis(cohort, () => screenCoxModels(context, cohort, args)),
  crossTab: (cohort: CohortSelection, args: { rows: CovariateInput; columns: CovariateInput; alternative?: Alternative | null }, context: Context) =>
    trackAnalysis(cohort, () => crossTabulate(context, cohort, args)),
  labTrajectory: (cohort: CohortSelection, args: LabTrajectoryArgs, context: Context) => trackAnalysis(cohort, () => traceLab(context, cohort, args)),
  toxicityTable: (cohort: CohortSelection, args: ToxicityArgs, context: Context) => trackAnalysis(cohort, () => tabulateToxicity(context, cohort, args)),
  characteristics: (cohort: CohortSelection, args: { variables?: string[] | null }, context: Context) => trackAnalysis(cohort, () => describeCharacteristics(context, cohort, args.variables)),
};
