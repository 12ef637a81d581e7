/**
 * Time to an endpoint (endpoint.ts; overall survival from the index date by default, competing
 * events censored): Kaplan–Meier (as R's survfit) for a cohort and per group,
 * with the log-rank / G-rho test (as survdiff). Times are reported in the unit asked:
 * days, months (days / 30.4375) or years (days / 365.25). Under disclosure control (the aggregate
 * tier) curves are fitted to released counts over coarsened times and the test is coarsened
 * (survival-disclosure.ts, docs/disclosure.md); the row tier gets the exact estimates.
 */
import { curveRestrictedMean, kaplanMeier, logRank, normalQuantile, restrictedMean, type KaplanMeierCurve, type KaplanMeierOptions } from '../stats/index.js';
import { convertDays, type TimeUnit } from '../clinical/index.js';
import { badUserInput } from '../errors.js';
import { allRows, completeRows, frameColumn, loadEndpointFrame, survivalTimes, type AnalysisFrame } from './analysis-frame.js';
import { endpointNaming, resolveEndpoint, type Endpoint, type EndpointInput, type EndpointNaming } from './endpoint.js';
import { refuseImmortalTime } from './immortal-time.js';
import type { CohortSelection } from '../records/cohorts.js';
import { groupBy, resolveCovariate, type CovariateInput } from './covariates.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor, type DisclosureGuard } from '../access/disclosure.js';
import { canonical, defineAnalysis } from './analysis.js';
import { releasedCountsFor, type ReleasedCounts } from '../access/cell-key-context.js';
import { coarsenDays, releasedSurvivalData, significant } from './survival-disclosure.js';

export interface SurvivalOptionsInput {
  timeUnit?: TimeUnit | null;
  confType?: 'LOG' | 'LOG_LOG' | 'PLAIN' | 'LOGIT' | 'ARCSIN' | null;
  confLevel?: number | null;
  medianCi?: 'R' | 'SPSS' | null;
  times?: number[] | null;
}

/** The restricted means asked by SurvivalEstimate.restrictedMean(tau) and SurvivalComparison.restrictedMeanDifference(tau) (src/graphql/Cohort.ts adds them). */
export interface RestrictedMeanRequests {
  restrictedMeanTaus?: number[] | null;
  restrictedMeanDifferenceTaus?: number[] | null;
}

interface CheckedOptions {
  timeUnit: TimeUnit;
  km: KaplanMeierOptions;
  medianCi: 'R' | 'SPSS';
}

const CONF_TYPES = { LOG: 'log', LOG_LOG: 'log-log', PLAIN: 'plain', LOGIT: 'logit', ARCSIN: 'arcsin' } as const;
const MAX_TIMES = 200;

export function checkOptions(options: SurvivalOptionsInput | null | undefined, argument = 'options'): CheckedOptions {
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
    km: { confType: CONF_TYPES[options?.confType ?? 'LOG'], confLevel, times, cumulativeHazard: true, ...(medianCi === 'SPSS' ? { medianCi: 'SPSS' as const } : {}) },
  };
}

const finiteOrNull = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? null : value);

/** The per-time columns a Kaplan–Meier curve and its summary at given times share. */
type PointColumns = Record<'time' | 'nRisk' | 'nEvent' | 'nCensor' | 'survival' | 'stdErr' | 'lower' | 'upper', ArrayLike<number | null>>;

/** What the aggregate tier releases of a curve beside the curve itself (survival-disclosure.ts). */
interface Release {
  n: number;
  events: number | null;
  trueAtRisk: (time: number) => number;
}

/** An estimate (median, quantile) with every time beyond the last shown one withheld. */
function withinShown<T extends { estimate: number | null; lower: number | null; upper: number | null }>(estimate: T, last: number, guard: DisclosureGuard, path: string): T {
  const shown = { ...estimate };
  for (const key of ['estimate', 'lower', 'upper'] as const) {
    const value = shown[key];
    if (value !== null && value > last) {
      shown[key] = guard.withhold(`${path}.${key}`, `beyond the last time with at least ${guard.threshold} patients at risk (disclosure control)`) as T[typeof key];
    }
  }
  return shown;
}

/**
 * The curve as the API returns it. Under disclosure control the curve was fitted to released
 * counts (`release`); it stops where fewer than k remain at risk (released or true), times asked
 * beyond that are dropped, and medians or quantiles beyond the last shown time are withheld.
 */
/** checkOptions' taus: finite and >= 0. */
function checkTaus(taus: readonly number[] | null | undefined, field: string): number[] {
  for (const tau of taus ?? []) if (!Number.isFinite(tau) || tau < 0) throw badUserInput(`\`tau\` must be a finite time >= 0, got ${tau}.`, field);
  return [...new Set(taus ?? [])];
}

/**
 * survmean's restricted mean up to tau (print(fit, rmean = tau)) with a normal CI; under disclosure
 * control refused beyond the last time shown (the area there would describe fewer than k patients).
 */
/** A restricted mean with tau (its end) and the normal interval at the options' level. */
function withInterval(mean: { end: number; estimate: number; stdErr: number }, options: CheckedOptions) {
  const z = normalQuantile((1 + options.km.confLevel!) / 2);
  return { ...mean, tau: mean.end, lower: mean.estimate - z * mean.stdErr, upper: mean.estimate + z * mean.stdErr };
}

function restrictedMeansOf(curve: KaplanMeierCurve, taus: readonly number[], options: CheckedOptions, guard: DisclosureGuard, last: number | null) {
  return taus.map((tau) => {
    if (last !== null && tau > last) guard.refuse(`restrictedMean(tau: ${tau}) reaches past the last time with at least ${guard.threshold} patients at risk (${last})`);
    return withInterval(curveRestrictedMean(curve, tau), options);
  });
}

function shapeCurve(curve: KaplanMeierCurve, options: CheckedOptions, guard: DisclosureGuard, path: string, release: Release | null, taus: readonly number[] = []) {
  const atRiskEnough = (i: number) => release === null || (curve.nRisk[i]! >= guard.threshold && release.trueAtRisk(curve.time[i]!) >= guard.threshold);
  let shown = 0;
  while (shown < curve.time.length && atRiskEnough(shown)) shown += 1;
  if (shown < curve.time.length) guard.withhold(`${path}.curve`, `truncated after ${shown} of ${curve.time.length} points: fewer than ${guard.threshold} patients at risk (disclosure control)`);
  const last = shown === 0 ? 0 : curve.time[shown - 1]!;
  /** Point i of a curve-like table (the curve, or summary(times)). */
  const pointOf = (table: PointColumns, i: number) => ({
    time: table.time[i]!,
    nRisk: table.nRisk[i]!,
    nEvent: table.nEvent[i]!,
    nCensor: table.nCensor[i]!,
    survival: table.survival[i]!,
    // summary.survfit's std.err is of S; the curve's is of log S, as survfit prints them.
    stdErr: finiteOrNull(table.stdErr[i]),
    lower: finiteOrNull(table.lower[i]),
    upper: finiteOrNull(table.upper[i]),
  });
  const points = Array.from({ length: shown }, (_, i) => pointOf(curve, i));
  const at = curve.atTimes;
  const atTimes = at === null ? [] : at.time.flatMap((time, i) => {
    if (release === null || (time <= last && at.nRisk[i]! >= guard.threshold)) return [pointOf(at, i)];
    guard.withhold(`${path}.atTimes[${i}]`, `fewer than ${guard.threshold} patients at risk at ${time} (disclosure control)`);
    return [];
  });
  const shownOnly = <T extends { estimate: number | null; lower: number | null; upper: number | null }>(estimate: T, at: string) => (release === null ? estimate : withinShown(estimate, last, guard, `${path}.${at}`));
  const events = release === null ? curve.events : release.events ?? guard.withhold(`${path}.events`, guard.smallCountReason());
  return {
    n: release === null ? curve.n : release.n,
    events,
    timeUnit: options.timeUnit,
    median: shownOnly(curve.median, 'median'),
    medianR: shownOnly(curve.medians.quantile, 'medianR'),
    medianSpss: shownOnly(curve.medians.spss, 'medianSpss'),
    quantiles: curve.quantiles.map((quantile, i) => shownOnly(quantile, `quantiles[${i}]`)),
    restrictedMean: withInterval(curve.restrictedMean, options),
    restrictedMeans: restrictedMeansOf(curve, taus, options, guard, release === null ? null : last),
    cumulativeHazard: points.map((point, i) => ({ time: point.time, cumulativeHazard: curve.cumulativeHazard![i]!, stdErr: finiteOrNull(curve.cumulativeHazardStdErr![i]) })),
    curve: points,
    atTimes,
  };
}

/** A cohort's curve; `endpoint` names what it measured (a group's curve inside a comparison leaves it to the comparison). */
export type SurvivalEstimate = ReturnType<typeof shapeCurve> & { endpoint?: EndpointNaming };

/** One group's curve, fitted to released counts under disclosure control (exact otherwise). */
interface FittedCurve {
  curve: KaplanMeierCurve;
  release: Release | null;
}

/**
 * The aggregate tier's curve of one group: times coarsened to the grid, the data set rebuilt from
 * released counts, then fitted twice — the second time with the restricted mean ending at the
 * last shown time. Refused when the group's released size is withheld.
 */
function releasedCurve(context: ServiceContext, frame: AnalysisFrame, rows: readonly number[], options: CheckedOptions, guard: DisclosureGuard, counts: ReleasedCounts, label: string): FittedCurve {
  const unitTime = (days: number) => convertDays(coarsenDays(days, context.disclosure.survivalGridDays), options.timeUnit);
  const data = releasedSurvivalData(rows.map((i) => frame.patientIds[i]!), rows.map((i) => unitTime(frame.survivalDays[i]!)), rows.map((i) => frame.event[i]!), counts, guard.threshold);
  if (data === null) guard.refuse(`${label} has ${guard.smallCountReason()}`);
  const release: Release = { n: data.n, events: data.events, trueAtRisk: data.trueAtRisk };
  const fitted = kaplanMeier({ time: data.days, event: data.event }, options.km).curves[0]!;
  let shown = 0;
  while (shown < fitted.time.length && fitted.nRisk[shown]! >= guard.threshold && data.trueAtRisk(fitted.time[shown]!) >= guard.threshold) shown += 1;
  const last = shown === 0 ? 0 : fitted.time[shown - 1]!;
  if (last === fitted.restrictedMean.end) return { curve: fitted, release };
  return { curve: kaplanMeier({ time: data.days, event: data.event }, { ...options.km, rmean: last }).curves[0]!, release };
}

export async function estimateSurvival(context: ServiceContext, cohort: CohortSelection, options?: SurvivalOptionsInput | null, endpoint?: EndpointInput | null, requests: RestrictedMeanRequests = {}): Promise<SurvivalEstimate> {
  const checked = checkOptions(options);
  const taus = checkTaus(requests.restrictedMeanTaus, 'restrictedMean.tau');
  const guard = await guardFor(context, cohort, 'survival');
  const frame = await loadEndpointFrame(context, cohort, [], endpoint);
  if (guard.isSmall(frame.patientIds.length)) guard.refuse(`the cohort has ${guard.smallCountReason()}`);
  const rows = allRows(frame);
  if (guard.active) {
    const { curve, release } = releasedCurve(context, frame, rows, checked, guard, await releasedCountsFor(context, cohort, guard), 'the cohort');
    return { ...shapeCurve(curve, checked, guard, '', release, taus), endpoint: endpointNaming(frame.endpoint) };
  }
  const { time, event } = survivalTimes(frame, checked.timeUnit, rows);
  const result = kaplanMeier({ time, event }, checked.km);
  return { ...shapeCurve(result.curves[0]!, checked, guard, '', null, taus), endpoint: endpointNaming(frame.endpoint) };
}

export interface CompareSurvivalArgs {
  by: CovariateInput;
  options?: SurvivalOptionsInput | null;
  strata?: CovariateInput | null;
  rho?: number | null;
  endpoint?: EndpointInput | null;
}

type CompareSurvivalRequest = CompareSurvivalArgs & RestrictedMeanRequests;

/**
 * The difference of two groups' restricted means up to tau (group 2 - group 1 in label order),
 * its se, CI, z and P (src/stats restrictedMean, as survRM2's rmst2 difference); under disclosure
 * control on the coarsened times, to 3 significant digits (P to 2).
 */
function restrictedMeanDifferences(time: number[], event: number[], groupLabels: string[], taus: readonly number[], confLevel: number, coarse: boolean) {
  const three = (value: number | null) => (coarse ? significant(value, 3) : value);
  return taus.map((tau) => {
    const result = restrictedMean({ time, event, group: groupLabels }, { tau, confLevel });
    if (result.difference === null) throw badUserInput(`restrictedMeanDifference compares two groups; there are ${result.groups.length}.`, 'by');
    const d = result.difference;
    return { tau, groups: result.groups, estimate: three(d.estimate), stdErr: three(d.se), lower: three(d.lower), upper: three(d.upper), z: three(d.z), p: coarse ? significant(d.p, 2) : d.p };
  });
}

export async function compareSurvival(context: ServiceContext, cohort: CohortSelection, args: CompareSurvivalRequest) {
  const checked = checkOptions(args.options);
  const taus = checkTaus(args.restrictedMeanTaus, 'groups.estimate.restrictedMean.tau');
  const differenceTaus = checkTaus(args.restrictedMeanDifferenceTaus, 'restrictedMeanDifference.tau');
  const by = resolveCovariate(args.by, 'by');
  const strata = args.strata == null ? null : resolveCovariate(args.strata, 'strata');
  const rho = args.rho ?? 0;
  if (!(rho >= 0 && Number.isFinite(rho))) throw badUserInput('`rho` must be a finite number ≥ 0 (0: log-rank, 1: Peto-Peto).', 'rho');
  refuseImmortalTime([{ covariate: by, argument: 'by.variable' }, ...(strata === null ? [] : [{ covariate: strata, argument: 'strata.variable' }])], resolveEndpoint(args.endpoint));
  const guard = await guardFor(context, cohort, 'compareSurvival');
  const frame = await loadEndpointFrame(context, cohort, strata === null ? [by] : [by, strata], args.endpoint);
  const grouping = groupBy(by, frameColumn(frame, by.variable.definition.name), 'by');
  const strataGrouping = strata === null ? null : groupBy(strata, frameColumn(frame, strata.variable.definition.name), 'strata');
  const rows = completeRows(frame.patientIds.length, strataGrouping === null ? [grouping.codes] : [grouping.codes, strataGrouping.codes]);
  const warnings: string[] = [];
  const excluded = frame.patientIds.length - rows.length;
  if (excluded > 0) warnings.push(`${guard.active ? 'Some' : excluded} patient(s) without a value of ${by.label}${strata ? ` or ${strata.label}` : ''} were left out.`);
  for (const { reason, patientIds } of frame.excluded) {
    warnings.push(`${guard.active ? 'Some' : patientIds.length} patient(s) without a usable time for ${frame.endpoint.label} were left out: ${reason}.`);
  }
  const { time, event } = survivalTimes(frame, checked.timeUnit, rows);
  const groupLabels = rows.map((i) => grouping.labels[grouping.codes[i]!]!);
  const present = grouping.labels.filter((label) => groupLabels.includes(label));
  const absent = grouping.labels.filter((label) => !present.includes(label));
  const display = (key: string) => grouping.displayLabels[grouping.labels.indexOf(key)] ?? key;
  if (absent.length > 0) warnings.push(`No patient in: ${absent.map(display).join('; ')}.`);
  if (present.length < 2) {
    throw badUserInput(`Comparing survival needs at least two non-empty groups; ${by.label} gives ${present.length} in this cohort.`, 'by');
  }
  for (const label of present) {
    if (guard.isSmall(groupLabels.filter((g) => g === label).length)) guard.refuse(`the group "${display(label)}" has ${guard.smallCountReason()}`);
  }
  const strataLabels = strataGrouping === null ? null : rows.map((i) => strataGrouping.labels[strataGrouping.codes[i]!]!);
  if (guard.active) return withDisplayLabels(await releasedComparison(context, cohort, frame, rows, groupLabels, strataLabels, present, checked, rho, guard, warnings, taus, differenceTaus), display, frame.endpoint);
  const km = kaplanMeier({ time, event, group: groupLabels }, checked.km);
  const byLabel = new Map(km.curves.map((curve) => [curve.stratum, curve]));
  const test = checkedLogRank(logRank({ time, event, group: groupLabels, strata: strataLabels }, { rho }), warnings);
  return withDisplayLabels({
    groups: present.map((label, index) => ({ label, estimate: shapeCurve(byLabel.get(label)!, checked, guard, `.groups[${index}]`, null, taus) })),
    logRank: { statistic: test.chisq, df: test.df, p: test.p, observed: test.observed, expected: test.expected, groups: test.groups, rho },
    restrictedMeanDifferences: restrictedMeanDifferences(time, event, groupLabels, differenceTaus, checked.km.confLevel!, false),
    n: rows.length,
    warnings,
  }, display, frame.endpoint);
}

/** Groups keyed by `variable = LEVEL` (`key`) and labelled for people (`label`); the log-rank test's groups both ways too; the endpoint named. */
function withDisplayLabels<Comparison extends { groups: { label: string }[]; logRank: { groups: string[] } }>(comparison: Comparison, display: (key: string) => string, endpoint: Endpoint) {
  return {
    ...comparison,
    endpoint: endpointNaming(endpoint),
    groups: comparison.groups.map((group) => ({ ...group, key: group.label, label: display(group.label) })),
    logRank: { ...comparison.logRank, groupLabels: comparison.logRank.groups.map(display) },
  };
}

/** "Cannot be computed" is a result: a null statistic and P, with the reason in `warnings`. */
function checkedLogRank(test: ReturnType<typeof logRank>, warnings: string[]) {
  if (test.chisq === null || test.p === null) {
    warnings.push(`The log-rank test cannot be computed on these data (${test.warning ?? 'its variance matrix is singular'}): its statistic and P are null.`);
    return { ...test, chisq: null, p: null };
  }
  return test;
}

/**
 * compareSurvival in the aggregate tier: each group's curve from released counts; the log-rank test
 * on coarsened times with its statistic to 3 significant digits, p to 2 and expected deaths to 3;
 * observed deaths (rho = 0) are released counts, withheld when small (docs/disclosure.md says why).
 */
async function releasedComparison(
  context: ServiceContext, cohort: CohortSelection, frame: AnalysisFrame, rows: readonly number[], groupLabels: readonly string[],
  strataLabels: string[] | null, present: readonly string[], checked: CheckedOptions, rho: number, guard: DisclosureGuard, warnings: string[],
  taus: readonly number[], differenceTaus: readonly number[],
) {
  const counts = await releasedCountsFor(context, cohort, guard);
  const groups = present.map((label, index) => {
    const groupRows = rows.filter((_, r) => groupLabels[r] === label);
    const { curve, release } = releasedCurve(context, frame, groupRows, checked, guard, counts, `the group "${label}"`);
    return { label, estimate: shapeCurve(curve, checked, guard, `.groups[${index}]`, release, taus) };
  });
  const time = rows.map((i) => convertDays(coarsenDays(frame.survivalDays[i]!, context.disclosure.survivalGridDays), checked.timeUnit));
  const event = rows.map((i) => frame.event[i]!);
  const test = checkedLogRank(logRank({ time, event, group: [...groupLabels], strata: strataLabels }, { rho }), warnings);
  const deathsOf = (label: string) => rows.filter((i, r) => groupLabels[r] === label && frame.event[i] === 1).map((i) => frame.patientIds[i]!);
  const observed = test.groups.map((label, g) => (rho === 0
    ? counts.count(deathsOf(label)) ?? guard.withhold(`.logRank.observed[${g}]`, guard.smallCountReason())
    : significant(test.observed[g], 3)));
  const n = counts.count(rows.map((i) => frame.patientIds[i]!)) ?? guard.refuse(`the comparison has ${guard.smallCountReason()}`);
  return {
    groups,
    logRank: { statistic: significant(test.chisq, 3), df: test.df, p: significant(test.p, 2), observed, expected: test.expected.map((e) => significant(e, 3)!), groups: test.groups, rho },
    restrictedMeanDifferences: restrictedMeanDifferences(time, event, [...groupLabels], differenceTaus, checked.km.confLevel!, true),
    n,
    warnings,
  };
}

/** The Cohort fields `survival` and `compareSurvival` (src/analyses/analysis.ts). */
export const survivalAnalysis = defineAnalysis({
  field: 'survival',
  canonicalArgs: (args: { options?: SurvivalOptionsInput | null; endpoint?: EndpointInput | null } & RestrictedMeanRequests) => canonical(args),
  reads: 'the endpoint\'s time and event (endpoint.ts) of every patient of the cohort',
  disclosure: 'the curve stops where fewer than k remain at risk, times asked beyond that are dropped, counts are rounded',
  compute: async (context, cohort, args) => await estimateSurvival(context, cohort, args.options, args.endpoint, args),
});

export const compareSurvivalAnalysis = defineAnalysis({
  field: 'compareSurvival',
  canonicalArgs: (args: CompareSurvivalRequest) => canonical(args),
  reads: 'survival time and event, the grouping variable and the strata variable',
  disclosure: 'refused when a compared group has fewer than k patients; each curve as survival; observed counts rounded',
  compute: compareSurvival,
});
