/**
 * Overall survival from the index date: Kaplan–Meier (as R's survfit) for a cohort and per group,
 * with the log-rank / G-rho test (as survdiff). Times are reported in the unit asked:
 * days, months (days / 30.4375) or years (days / 365.25).
 */
import { kaplanMeier, logRank, type KaplanMeierCurve, type KaplanMeierOptions } from '../stats/index.js';
import type { TimeUnit } from '../clinical/index.js';
import { badUserInput } from '../errors.js';
import { allRows, column, completeRows, loadFrame, survivalTimes } from './analysis-frame.js';
import type { CohortSelection } from '../records/cohorts.js';
import { groupBy, resolveCovariate, type CovariateInput } from './covariates.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor, type DisclosureGuard } from '../access/disclosure.js';
import { canonical, defineAnalysis } from './analysis.js';

export interface SurvivalOptionsInput {
  timeUnit?: TimeUnit | null;
  confType?: 'LOG' | 'LOG_LOG' | 'PLAIN' | 'LOGIT' | 'ARCSIN' | null;
  confLevel?: number | null;
  medianCi?: 'R' | 'SPSS' | null;
  times?: number[] | null;
}

interface CheckedOptions {
  timeUnit: TimeUnit;
  km: KaplanMeierOptions;
  medianCi: 'R' | 'SPSS';
}

const CONF_TYPES = { LOG: 'log', LOG_LOG: 'log-log', PLAIN: 'plain', LOGIT: 'logit', ARCSIN: 'arcsin' } as const;
const MAX_TIMES = 200;

function checkOptions(options: SurvivalOptionsInput | null | undefined, argument = 'options'): CheckedOptions {
  const confLevel = options?.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw badUserInput(`\`confLevel\` must lie strictly between 0 and 1, got ${confLevel}.`, `${argument}.confLevel`);
  const times = options?.times ?? [];
  if (times.length > MAX_TIMES) throw badUserInput(`At most ${MAX_TIMES} \`times\`.`, `${argument}.times`);
  times.forEach((time, index) => {
    if (!Number.isFinite(time) || time < 0) throw badUserInput(`\`times\` must be finite and ≥ 0, got ${time}.`, `${argument}.times[${index}]`);
  });
  const medianCi = options?.medianCi ?? 'R';
  return {
    timeUnit: options?.timeUnit ?? 'MONTHS',
    medianCi,
    km: { confType: CONF_TYPES[options?.confType ?? 'LOG'], confLevel, times, ...(medianCi === 'SPSS' ? { medianCi: 'SPSS' as const } : {}) },
  };
}

const finiteOrNull = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? null : value);

/** The per-time columns a Kaplan–Meier curve and its summary at given times share. */
type PointColumns = Record<'time' | 'nRisk' | 'nEvent' | 'nCensor' | 'survival' | 'stdErr' | 'lower' | 'upper', ArrayLike<number | null>>;

/**
 * The curve as the API returns it. Under disclosure control it stops where fewer than k remain at
 * risk, times asked beyond that are dropped, and counts are rounded.
 */
function shapeCurve(curve: KaplanMeierCurve, options: CheckedOptions, guard: DisclosureGuard, path: string) {
  const atRiskEnough = (nRisk: number) => !guard.active || nRisk >= guard.threshold;
  const shown = Array.from(curve.nRisk).filter(atRiskEnough).length;
  if (shown < curve.time.length) guard.withhold(`${path}.curve`, `truncated after ${shown} of ${curve.time.length} points: fewer than ${guard.threshold} patients at risk (disclosure control)`);
  /** Point i of a curve-like table (the curve, or summary(times)), counts rounded under control. */
  const pointOf = (table: PointColumns, i: number) => ({
    time: table.time[i]!,
    nRisk: guard.round(table.nRisk[i]!),
    nEvent: guard.round(table.nEvent[i]!),
    nCensor: guard.round(table.nCensor[i]!),
    survival: table.survival[i]!,
    // summary.survfit's std.err is of S; the curve's is of log S, as survfit prints them.
    stdErr: finiteOrNull(table.stdErr[i]),
    lower: finiteOrNull(table.lower[i]),
    upper: finiteOrNull(table.upper[i]),
  });
  const points = Array.from({ length: shown }, (_, i) => pointOf(curve, i));
  const at = curve.atTimes;
  const atTimes = at === null ? [] : at.time.flatMap((time, i) => {
    if (atRiskEnough(at.nRisk[i]!)) return [pointOf(at, i)];
    guard.withhold(`${path}.atTimes[${i}]`, `fewer than ${guard.threshold} patients at risk at ${time} (disclosure control)`);
    return [];
  });
  return {
    n: guard.round(curve.n),
    events: guard.round(curve.events),
    timeUnit: options.timeUnit,
    median: curve.median,
    medianR: curve.medians.quantile,
    medianSpss: curve.medians.spss,
    quantiles: curve.quantiles,
    restrictedMean: curve.restrictedMean,
    curve: points,
    atTimes,
  };
}

export type SurvivalEstimate = ReturnType<typeof shapeCurve>;

export function estimateSurvival(context: ServiceContext, cohort: CohortSelection, options?: SurvivalOptionsInput | null): SurvivalEstimate {
  const checked = checkOptions(options);
  const guard = guardFor(context, cohort, 'survival');
  const frame = loadFrame(context, cohort, []);
  if (guard.isSmall(frame.patientIds.length)) guard.refuse(`the cohort has ${guard.smallCountReason()}`);
  const { time, event } = survivalTimes(frame, checked.timeUnit, allRows(frame));
  const result = kaplanMeier({ time, event }, checked.km);
  return shapeCurve(result.curves[0]!, checked, guard, '');
}

export interface CompareSurvivalArgs {
  by: CovariateInput;
  options?: SurvivalOptionsInput | null;
  strata?: CovariateInput | null;
  rho?: number | null;
}

export function compareSurvival(context: ServiceContext, cohort: CohortSelection, args: CompareSurvivalArgs) {
  const checked = checkOptions(args.options);
  const by = resolveCovariate(args.by, 'by');
  const strata = args.strata == null ? null : resolveCovariate(args.strata, 'strata');
  const rho = args.rho ?? 0;
  if (!(rho >= 0 && Number.isFinite(rho))) throw badUserInput('`rho` must be a finite number ≥ 0 (0: log-rank, 1: Peto-Peto).', 'rho');
  const guard = guardFor(context, cohort, 'compareSurvival');
  const frame = loadFrame(context, cohort, strata === null ? [by] : [by, strata]);
  const grouping = groupBy(by, column(frame, by.variable.definition.name), 'by');
  const strataGrouping = strata === null ? null : groupBy(strata, column(frame, strata.variable.definition.name), 'strata');
  const rows = completeRows(frame.patientIds.length, strataGrouping === null ? [grouping.codes] : [grouping.codes, strataGrouping.codes]);
  const warnings: string[] = [];
  const excluded = frame.patientIds.length - rows.length;
  if (excluded > 0) warnings.push(`${guard.active ? 'Some' : excluded} patient(s) without a value of ${by.label}${strata ? ` or ${strata.label}` : ''} were left out.`);
  const { time, event } = survivalTimes(frame, checked.timeUnit, rows);
  const groupLabels = rows.map((i) => grouping.labels[grouping.codes[i]!]!);
  const present = grouping.labels.filter((label) => groupLabels.includes(label));
  const absent = grouping.labels.filter((label) => !present.includes(label));
  if (absent.length > 0) warnings.push(`No patient in: ${absent.join('; ')}.`);
  if (present.length < 2) {
    throw badUserInput(`Comparing survival needs at least two non-empty groups; ${by.label} gives ${present.length} in this cohort.`, 'by');
  }
  for (const label of present) {
    if (guard.isSmall(groupLabels.filter((g) => g === label).length)) guard.refuse(`the group "${label}" has ${guard.smallCountReason()}`);
  }
  const km = kaplanMeier({ time, event, group: groupLabels }, checked.km);
  const byLabel = new Map(km.curves.map((curve) => [curve.stratum, curve]));
  const test = logRank({ time, event, group: groupLabels, strata: strataGrouping === null ? null : rows.map((i) => strataGrouping.labels[strataGrouping.codes[i]!]!) }, { rho });
  if (test.chisq === null || test.p === null) warnings.push(`The log-rank test cannot be computed on these data (${test.warning ?? 'its variance matrix is singular'}): its statistic and P are null.`);
  return {
    groups: present.map((label, index) => ({ label, estimate: shapeCurve(byLabel.get(label)!, checked, guard, `.groups[${index}]`) })),
    logRank: { statistic: test.p === null ? null : test.chisq, df: test.df, p: test.p, observed: test.observed.map((o) => guard.round(o)), expected: test.expected, groups: test.groups, rho },
    n: guard.round(rows.length),
    warnings,
  };
}

/** The Cohort fields `survival` and `compareSurvival` (src/analyses/analysis.ts). */
export const survivalAnalysis = defineAnalysis({
  field: 'survival',
  canonicalArgs: (args: { options?: SurvivalOptionsInput | null }) => canonical(args),
  reads: 'the survival time and event of every patient of the cohort',
  disclosure: 'the curve stops where fewer than k remain at risk, times asked beyond that are dropped, counts are rounded',
  compute: (context, cohort, args) => estimateSurvival(context, cohort, args.options),
});

export const compareSurvivalAnalysis = defineAnalysis({
  field: 'compareSurvival',
  canonicalArgs: (args: CompareSurvivalArgs) => canonical(args),
  reads: 'survival time and event, the grouping variable and the strata variable',
  disclosure: 'refused when a compared group has fewer than k patients; each curve as survival; observed counts rounded',
  compute: compareSurvival,
});
