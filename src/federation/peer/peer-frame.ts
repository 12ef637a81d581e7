/**
 * The frame a peer operation reads: as src/analyses/analysis-frame.ts `loadFrame` (one SQL pass over
 * the cohort), except that a cohort with no patient at this site is an answer (it contributes
 * zeros to the pooled numbers), not an error.
 */
import { loadAnalysisFrame, type AnalysisFrame } from '../../store/analysis-frame.js';
import { findSqlVariable, type SqlVariable } from '../../store/patient-variables.js';
import type { ResolvedCovariate } from '../../analyses/covariates.js';
import type { CohortSelection } from '../../records/cohorts.js';
import type { ServiceContext } from '../../access/service-context.js';

export async function loadPeerFrame(context: ServiceContext, cohort: CohortSelection, covariates: readonly ResolvedCovariate[], variableNames: readonly string[] = []): Promise<AnalysisFrame> {
  const variables = new Map<string, SqlVariable>();
  for (const covariate of covariates) variables.set(covariate.variable.definition.name, covariate.variable);
  for (const name of variableNames) variables.set(name, findSqlVariable(name)!);
  return await loadAnalysisFrame(context.db, cohort.condition, [...variables.values()]);
}
