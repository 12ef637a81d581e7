import type { Context } from '../context.js';
import { cohortSize, type CohortSelection } from '../services/cohorts.js';
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
  suppressions: () => [],
  patients: (cohort: CohortSelection, args: { first?: number | null; after?: string | null }, context: Context) =>
    listPatients(context, args, cohort.condition),
  survival: (cohort: CohortSelection, args: { options?: SurvivalOptionsInput | null }, context: Context) => estimateSurvival(context, cohort, args.options),
  compareSurvival: (cohort: CohortSelection, args: CompareSurvivalArgs, context: Context) => compareSurvival(context, cohort, args),
  coxRegression: (cohort: CohortSelection, args: CoxArgs, context: Context) => fitCoxModel(context, cohort, args),
  coxScreen: (cohort: CohortSelection, args: CoxScreenArgs, context: Context) => screenCoxModels(context, cohort, args),
  crossTab: (cohort: CohortSelection, args: { rows: CovariateInput; columns: CovariateInput; alternative?: Alternative | null }, context: Context) =>
    crossTabulate(context, cohort, args),
  labTrajectory: (cohort: CohortSelection, args: LabTrajectoryArgs, context: Context) => traceLab(context, cohort, args),
  toxicityTable: (cohort: CohortSelection, args: ToxicityArgs, context: Context) => tabulateToxicity(context, cohort, args),
  characteristics: (cohort: CohortSelection, args: { variables?: string[] | null }, context: Context) => describeCharacteristics(context, cohort, args.variables),
};
