/**
 * The stage every analysis passes, the same inline and on a worker thread: the analysis is found
 * in the registry, the disclosure rule common to every analysis is applied
 * (`refuseUnreleasableCohort`: no analysis of a small cohort, or of one whose complement in the
 * registry is small, for a principal under disclosure control), then the analysis computes with a
 * suppression list and accounting of its own (`disclosed`), which leave with its result as one
 * value, with the result's approximate size for the result cache's bound (result-size.ts). A new
 * analysis cannot skip the common rule: nothing else calls `compute`.
 */
import { disclosed, refuseUnreleasableCohort } from '../../access/disclosure.js';
import type { ServiceContext } from '../../access/service-context.js';
import type { CohortSelection } from '../../records/cohorts.js';
import { analysisNamed, type AnalysisName } from '../registry.js';
import type { AnalysisOutcome } from './executor.js';
import { approximateBytes } from './result-size.js';

export async function executeAnalysis(context: ServiceContext, name: AnalysisName, cohort: CohortSelection, args: unknown): Promise<AnalysisOutcome> {
  const analysis = analysisNamed(name);
  const outcome = await disclosed(context, async (own) => {
    await refuseUnreleasableCohort(own, cohort);
    return analysis.compute(own, cohort, args);
  });
  return { ...outcome, bytes: approximateBytes(outcome.result) };
}
