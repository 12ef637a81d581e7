/**
 * Pooled survival from the sites' counts on a time grid (docs/federation.md):
 *   - Kaplan–Meier: each site sends, per grid time (survival days rounded up to a multiple of the
 *     grid), its deaths and censorings; the pooled counts at a grid time are the sums, and n at risk
 *     is the pooled n minus everyone before. The estimator (src/stats kaplan-meier.ts, as survfit:
 *     Greenwood variance, R's median and CI rules) is run on the data set those counts describe,
 *     which is survfit(Surv(ceiling(t / grid) * grid, status)) on the pooled rows. Where a site
 *     stopped its counts (fewer than k at risk there), the pooled curve stops at that time: the
 *     patients beyond it enter as censored after it, which changes nothing up to it, and nothing
 *     after it is shown (medians and quantiles beyond it are withheld);
 *   - the log-rank test stratified by site: survdiff(Surv(t, status) ~ group + strata(site)) from
 *     the sites' own O, E and V (src/stats/log-rank-pooled.ts).
 */
import { kaplanMeier, type KaplanMeierCurve, type KaplanMeierOptions } from '../../stats/index.js';
import { pooledLogRankTest } from '../../stats/log-rank-pooled.js';
import { convertDays, type TimeUnit } from '../../clinical/index.js';
import { badUserInput } from '../../errors.js';
import type { CovariateInput } from '../../analyses/covariates.js';
import type { SurvivalOptionsInput } from '../../analyses/survival.js';
import type { FederatedCohort } from './federated-cohort.js';
import { pooledKey, type PooledRelease } from './pooled-release.js';

const CONF_TYPES = { LOG: 'log', LOG_LOG: 'log-log', PLAIN: 'plain', LOGIT: 'logit', ARCSIN: 'arcsin' } as const;
const MAX_TIMES = 200;

interface CheckedOptions {
  timeUnit: TimeUnit;
  km: KaplanMeierOptions;
}

/** The options as `Cohort.survival` checks them (src/analyses/survival.ts). */
function checkOptions(options: SurvivalOptionsInput | null | undefined): CheckedOptions {
  const confLevel = options?.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw badUserInput(`\`confLevel\` must lie strictly between 0 and 1, got ${confLevel}.`, 'options.confLevel');
  const times = options?.times ?? [];
  if (times.length > MAX_TIMES) throw badUserInput(`At most ${MAX_TIMES} \`times\`.`, 'options.times');
  times.forEach((time, index) => {
    if (!Number.isFinite(time) || time < 0) throw badUserInput(`\`times\` must be finite and ≥ 0, got ${time}.`, `options.times[${index}]`);
  });
  const medianCi = options?.medianCi ?? 'R';
  return {
    timeUnit: options?.timeUnit ?? 'MONTHS',
    km: { confType: CONF_TYPES[options?.confType ?? 'LOG'], confLevel, times, ...(medianCi === 'SPSS' ? { medianCi: 'SPSS' as const } : {}) },
  };
}

interface PeerSurvivalGroup {
  label: string;
  n: number;
  nKey: number;
  deaths: number;
  deathsKey: number;
  times: number[];
  events: number[];
  censored: number[];
}

const COUNTS_SELECTION = 'survivalCounts(gridDays: $gridDays, by: $by) { groups { label n nKey deaths deathsKey times events censored } }';

const finiteOrNull = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? null : value);

/** One group's pooled curve: the data set the sites' counts describe, up to the earliest time a site stopped. */
function pooledCurve(groups: readonly PeerSurvivalGroup[], options: CheckedOptions) {
  const stoppedAt = groups.flatMap((group) => {
    const counted = group.events.reduce((a, b) => a + b, 0) + group.censored.reduce((a, b) => a + b, 0);
    return counted < group.n ? [group.times.at(-1) ?? 0] : [];
  });
  const cut = stoppedAt.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...stoppedAt);
  const time: number[] = [];
  const event: number[] = [];
  let beyond = 0;
  for (const group of groups) {
    let counted = 0;
    group.times.forEach((days, i) => {
      if (days > cut) return;
      const at = convertDays(days, options.timeUnit);
      for (let e = 0; e < group.events[i]!; e++) { time.push(at); event.push(1); }
      for (let c = 0; c < group.censored[i]!; c++) { time.push(at); event.push(0); }
      counted += group.events[i]! + group.censored[i]!;
    });
    beyond += group.n - counted;
  }
  const shownUntil = Number.isFinite(cut) ? convertDays(cut, options.timeUnit) : Number.POSITIVE_INFINITY;
  // Those past the cut: censored after it, at a time never shown.
  const after = Number.isFinite(shownUntil) ? shownUntil * 2 + 1 : 0;
  for (let i = 0; i < beyond; i++) { time.push(after); event.push(0); }
  const km = { ...options.km, ...(Number.isFinite(shownUntil) ? { rmean: shownUntil } : {}) };
  return { curve: kaplanMeier({ time, event }, km).curves[0]!, shownUntil };
}

type PointColumns = Record<'time' | 'nRisk' | 'nEvent' | 'nCensor' | 'survival' | 'stdErr' | 'lower' | 'upper', ArrayLike<number | null>>;

/** The curve as SurvivalEstimate (the shape of src/analyses/survival.ts), cut at `shownUntil`. */
function shapeEstimate(curve: KaplanMeierCurve, options: CheckedOptions, release: PooledRelease, path: string, shownUntil: number, counts: { n: number | null; events: number | null }) {
  const pointOf = (table: PointColumns, i: number) => ({
    time: table.time[i]!, nRisk: table.nRisk[i]!, nEvent: table.nEvent[i]!, nCensor: table.nCensor[i]!, survival: table.survival[i]!,
    stdErr: finiteOrNull(table.stdErr[i]), lower: finiteOrNull(table.lower[i]), upper: finiteOrNull(table.upper[i]),
  });
  const atRiskEnough = (i: number) => curve.time[i]! <= shownUntil && (!release.controlled || curve.nRisk[i]! >= release.guard.threshold);
  let shown = 0;
  while (shown < curve.time.length && atRiskEnough(shown)) shown += 1;
  if (shown < curve.time.length) release.withhold(`${path}.curve`, `truncated after ${shown} of ${curve.time.length} points: a site, or the pool, has fewer than ${release.guard.threshold} patients at risk beyond (disclosure control)`);
  const last = shown === 0 ? 0 : curve.time[shown - 1]!;
  const within = <T extends { estimate: number | null; lower: number | null; upper: number | null }>(estimate: T, at: string): T => {
    const copy = { ...estimate };
    for (const key of ['estimate', 'lower', 'upper'] as const) {
      const value = copy[key];
      if (value !== null && value > last && shown < curve.time.length) copy[key] = release.withhold(`${path}.${at}.${key}`, 'beyond the last time shown (disclosure control)') as T[typeof key];
    }
    return copy;
  };
  const at = curve.atTimes;
  const atTimes = at === null ? [] : at.time.flatMap((time, i) => (time <= last || shown === curve.time.length ? [pointOf(at, i)] : []));
  return {
    n: counts.n ?? curve.n,
    events: counts.events,
    timeUnit: options.timeUnit,
    median: within(curve.median, 'median'),
    medianR: within(curve.medians.quantile, 'medianR'),
    medianSpss: within(curve.medians.spss, 'medianSpss'),
    quantiles: curve.quantiles.map((quantile, i) => within(quantile, `quantiles[${i}]`)),
    restrictedMean: curve.restrictedMean,
    curve: Array.from({ length: shown }, (_, i) => pointOf(curve, i)),
    atTimes,
  };
}

function daysPerUnit(unit: TimeUnit): number {
  return 1 / convertDays(1, unit);
}

async function askCounts(cohort: FederatedCohort, gridDays: number, by: CovariateInput | null) {
  return cohort.fanOut.everySite<{ survivalCounts: { groups: PeerSurvivalGroup[] } }>(COUNTS_SELECTION, '$gridDays: Float!, $by: CovariateInput', { ...cohort.variables, gridDays, by });
}

/** The group's pooled estimate: curve from exact counts, n and deaths released by the coordinator's policy. */
function estimateOf(groups: readonly PeerSurvivalGroup[], options: CheckedOptions, release: PooledRelease, path: string) {
  const { curve, shownUntil } = pooledCurve(groups, options);
  const n = release.count(`${path}.n`, groups.reduce((sum, g) => sum + g.n, 0), pooledKey(groups.map((g) => g.nKey)));
  const events = release.count(`${path}.events`, groups.reduce((sum, g) => sum + g.deaths, 0), pooledKey(groups.map((g) => g.deathsKey)));
  return shapeEstimate(curve, options, release, path, shownUntil, { n, events });
}

export async function pooledSurvival(cohort: FederatedCohort, release: PooledRelease, args: { options?: SurvivalOptionsInput | null; grid: number }) {
  const options = checkOptions(args.options);
  if (!(Number.isFinite(args.grid) && args.grid > 0)) throw badUserInput('`grid` must be a positive number in the options\' time unit (1 with MONTHS: a monthly grid).', 'grid');
  const every = await askCounts(cohort, args.grid * daysPerUnit(options.timeUnit), null);
  if (!every.ok) return every.reason;
  return estimateOf(every.answers.map(({ data }) => data.survivalCounts.groups[0]!), options, release, '');
}

interface PeerLogRank {
  n: number;
  groups: string[];
  observed: number[];
  expected: number[];
  variance: number[];
}

const compareCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function pooledComparison(cohort: FederatedCohort, release: PooledRelease, args: { by: CovariateInput; options?: SurvivalOptionsInput | null }) {
  const options = checkOptions(args.options);
  const [counts, tests] = await Promise.all([
    askCounts(cohort, cohort.context.disclosure.survivalGridDays, args.by),
    cohort.fanOut.everySite<{ logRank: PeerLogRank }>('logRank(by: $by) { n groups observed expected variance }', '$by: CovariateInput!', { ...cohort.variables, by: args.by }),
  ]);
  if (!counts.ok) return counts.reason;
  if (!tests.ok) return tests.reason;
  const labels = [...new Set(tests.answers.flatMap(({ data }) => data.logRank.groups))].sort(compareCodeUnits);
  if (labels.length < 2) throw badUserInput(`Comparing survival needs at least two non-empty groups; ${args.by.variable} gives ${labels.length} in this federation.`, 'by');
  const k = labels.length;
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = new Array<number>(k * k).fill(0);
  for (const { data } of tests.answers) {
    const site = data.logRank;
    const index = site.groups.map((label) => labels.indexOf(label));
    index.forEach((g, a) => {
      observed[g]! += site.observed[a]!;
      expected[g]! += site.expected[a]!;
      index.forEach((h, b) => { variance[g * k + h]! += site.variance[a * site.groups.length + b]!; });
    });
  }
  const test = pooledLogRankTest(observed, expected, variance);
  const warnings = test.warning === null ? [] : [`The log-rank test cannot be computed on these data (${test.warning}): its statistic and P are null.`];
  const groupLabels = counts.answers[0]!.data.survivalCounts.groups.map((group) => group.label);
  const groups = groupLabels.flatMap((label, g) => {
    const perSite = counts.answers.map(({ data }) => data.survivalCounts.groups[g]!);
    if (perSite.every((group) => group.n === 0)) return [];
    return [{ label, estimate: estimateOf(perSite, options, release, `.groups[${g}]`) }];
  });
  return {
    groups,
    logRank: {
      statistic: release.statistic(test.chisq), df: test.df, p: release.p(test.p), rho: 0, groups: labels,
      observed: observed.map((o) => release.statistic(o)), expected: expected.map((e) => release.statistic(e)!),
    },
    n: release.count('.n', tests.answers.reduce((sum, { data }) => sum + data.logRank.n, 0), pooledKey(counts.answers.flatMap(({ data }) => data.survivalCounts.groups.map((group) => group.nKey)))) ?? 0,
    warnings,
  };
}
