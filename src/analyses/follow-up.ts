/**
 * Cohort.followUp: the median follow-up by the reverse Kaplan–Meier method (Schemper & Smith,
 * Control Clin Trials 1996;17:343-6): Kaplan–Meier of the censoring, survfit(Surv(time, 1 - event))
 * with the endpoint's time and any event (of interest or competing) as censoring (src/stats
 * kaplanMeier, reverse), median and CI by R's quantile rule (quantile(fit, 0.5)). The endpoint is
 * overall survival from the index date when left out.
 * Under disclosure control the curve is fitted to released counts over coarsened times, as the
 * survival curve is (survival-disclosure.ts), and a median or limit beyond the last time with at
 * least k patients still followed is withheld.
 */
import { convertDays } from '../clinical/index.js';
import { kaplanMeier } from '../stats/index.js';
import type { CohortSelection } from '../records/cohorts.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor } from '../access/disclosure.js';
import { releasedCountsFor } from '../access/cell-key-context.js';
import { loadEndpointFrame } from './analysis-frame.js';
import { canonical, defineAnalysis } from './analysis.js';
import type { EndpointInput } from './endpoint.js';
import { checkOptions, type SurvivalOptionsInput } from './survival.js';
import { coarsenDays, releasedSurvivalData } from './survival-disclosure.js';

export interface FollowUpArgs {
  endpoint?: EndpointInput | null;
  options?: SurvivalOptionsInput | null;
}

const METHOD = 'reverse Kaplan-Meier (Schemper & Smith 1996): Kaplan-Meier of the censoring times, median by R\'s quantile rule';

export async function estimateFollowUp(context: ServiceContext, cohort: CohortSelection, args: FollowUpArgs) {
  const checked = checkOptions(args.options);
  const guard = await guardFor(context, cohort, 'followUp');
  const frame = await loadEndpointFrame(context, cohort, [], args.endpoint);
  if (guard.isSmall(frame.patientIds.length)) guard.refuse(`the cohort has ${guard.smallCountReason()}`);
  const ended = frame.status.map((status) => (status > 0 ? 1 : 0));
  const options = { ...checked.km, times: [], reverse: true } as const;
  if (!guard.active) {
    const curve = kaplanMeier({ time: frame.survivalDays.map((days) => convertDays(days, checked.timeUnit)), event: ended }, options).curves[0]!;
    return { n: curve.n, timeUnit: checked.timeUnit, median: curve.medians.quantile, method: METHOD };
  }
  const days = frame.survivalDays.map((value) => convertDays(coarsenDays(value, context.disclosure.survivalGridDays), checked.timeUnit));
  const data = releasedSurvivalData(frame.patientIds, days, ended, await releasedCountsFor(context, cohort, guard), guard.threshold);
  if (data === null) return guard.refuse(`the cohort has ${guard.smallCountReason()}`);
  const curve = kaplanMeier({ time: data.days, event: data.event }, options).curves[0]!;
  let shown = 0;
  while (shown < curve.time.length && curve.nRisk[shown]! >= guard.threshold && data.trueAtRisk(curve.time[shown]!) >= guard.threshold) shown += 1;
  const last = shown === 0 ? 0 : curve.time[shown - 1]!;
  const median = { ...curve.medians.quantile };
  for (const key of ['estimate', 'lower', 'upper'] as const) {
    if (median[key] !== null && median[key]! > last) median[key] = guard.withhold(`.median.${key}`, `beyond the last time with at least ${guard.threshold} patients followed (disclosure control)`);
  }
  return { n: data.n, timeUnit: checked.timeUnit, median, method: METHOD };
}

/** The Cohort field `followUp` (src/analyses/analysis.ts). */
export const followUpAnalysis = defineAnalysis({
  field: 'followUp',
  canonicalArgs: (args: FollowUpArgs) => canonical(args),
  reads: 'the endpoint\'s time and status (endpoint.ts) of every patient of the cohort',
  disclosure: 'as survival: fitted to released counts over coarsened times; a median or limit beyond the last time with k followed is withheld',
  compute: estimateFollowUp,
});
