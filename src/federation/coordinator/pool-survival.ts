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
import { perturb } from '../../access/cell-key.js';

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
  cumulativeDeathsKey: number[];
  cumulativeCensoredKey: number[];
  n: number;
  nKey: number;
  deaths: number;
  deathsKey: number;
  times: number[];
  events: number[];
  censored: number[];
}

const COUNTS_SELECTION = 'survivalCounts(gridDays: $gridDays, by: $by) { groups { label n nKey deaths deathsKey times events censored cumulativeDeathsKey cumulativeCensoredKey } }';

const finiteOrNull = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? null : value);

/** The earliest grid day (days) at which a site stopped its counts; +Infinity when none did. */
function stoppedAt(groups: readonly PeerSurvivalGroup[]): number {
  const stops = groups.flatMap((group) => {
    const counted = group.events.reduce((a, b) => a + b, 0) + group.censored.reduce((a, b) => a + b, 0);
    return counted < group.n ? [group.times.at(-1) ?? 0] : [];
  });
  return stops.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...stops);
}

/** The pooled grid (days, up to `cut`) with, per time, the pooled deaths, censorings and the cell keys of the cumulative sets. */
function pooledGrid(groups: readonly PeerSurvivalGroup[], cut: number) {
  const days = [...new Set(groups.flatMap((group) => group.times.filter((t) => t <= cut)))].sort((a, b) => a - b);
  const position = groups.map(() => -1);
  return days.map((day) => {
    let events = 0;
    let censored = 0;
    groups.forEach((group, g) => {
      const i = group.times.indexOf(day);
      if (i < 0) return;
      events += group.events[i]!;
      censored += group.censored[i]!;
      position[g] = i;
    });
    const keyAt = (key: (group: PeerSurvivalGroup) => number[]) => pooledKey(groups.map((group, g) => (position[g]! < 0 ? 0 : key(group)[position[g]!]!)));
    return { day, events, censored, deathsKey: keyAt((group) => group.cumulativeDeathsKey), censoredKey: keyAt((group) => group.cumulativeCensoredKey) };
  });
}

/**
 * One group's pooled curve: the data set the sites' counts describe, up to the earliest time a site
 * stopped; the patients past it enter as censored after it (never shown). Under the coordinator's
 * policy the data set is rebuilt from released cumulative counts instead, as the central tier
 * rebuilds its curves (src/analyses/survival-disclosure.ts): at each grid time the pooled deaths
 * and censorings so far, each perturbed by its pooled cell key, a withheld one shown as ⌈k/2⌉,
 * never decreasing.
 */
function pooledCurve(groups: readonly PeerSurvivalGroup[], options: CheckedOptions, release: PooledRelease, n: number) {
  const cut = stoppedAt(groups);
  const grid = pooledGrid(groups, cut);
  const time: number[] = [];
  const event: number[] = [];
  const push = (at: number, count: number, status: number) => { for (let j = 0; j < count; j++) { time.push(at); event.push(status); } };
  const midpoint = Math.ceil(release.guard.threshold / 2);
  const released = (count: number, key: number, previous: number) => (count === 0 ? previous : Math.max(previous, perturb(count, key, release.guard.threshold) ?? midpoint));
  let trueDeaths = 0;
  let trueCensored = 0;
  let deaths = 0;
  let censored = 0;
  const trueAtRisk = new Map<number, number>();
  const total = groups.reduce((sum, group) => sum + group.n, 0);
  for (const point of grid) {
    const at = convertDays(point.day, options.timeUnit);
    trueAtRisk.set(at, total - trueDeaths - trueCensored);
    trueDeaths += point.events;
    trueCensored += point.censored;
    if (!release.controlled) {
      push(at, point.events, 1);
      push(at, point.censored, 0);
      continue;
    }
    const atRisk = n - deaths - censored;
    if (atRisk <= 0) break;
    const died = Math.min(released(trueDeaths, point.deathsKey, deaths) - deaths, atRisk);
    const left = Math.min(released(trueCensored, point.censoredKey, censored) - censored, atRisk - died);
    push(at, died, 1);
    push(at, left, 0);
    deaths += died;
    censored += left;
  }
  const shownUntil = Number.isFinite(cut) ? convertDays(cut, options.timeUnit) : Number.POSITIVE_INFINITY;
  const beyond = (release.controlled ? n : total) - time.length;
  push(Number.isFinite(shownUntil) ? shownUntil * 2 + 1 : (time.at(-1) ?? 0), beyond, 0);
  const km = { ...options.km, ...(Number.isFinite(shownUntil) ? { rmean: shownUntil } : {}) };
  return { curve: kaplanMeier({ time, event }, km).curves[0]!, shownUntil, trueAtRisk: (at: number) => trueAtRisk.get(at) ?? 0 };
}

type PointColumns = Record<'time' | 'nRisk' | 'nEvent' | 'nCensor' | 'survival' | 'stdErr' | 'lower' | 'upper', ArrayLike<number | null>>;

/** The curve as SurvivalEstimate (the shape of src/analyses/survival.ts), cut at `shownUntil`. */
function shapeEstimate(curve: KaplanMeierCurve, options: CheckedOptions, release: PooledRelease, path: string, shownUntil: number, trueAtRisk: (time: number) => number, counts: { n: number | null; events: number | null }) {
  const pointOf = (table: PointColumns, i: number) => ({
    time: table.time[i]!, nRisk: table.nRisk[i]!, nEvent: table.nEvent[i]!, nCensor: table.nCensor[i]!, survival: table.survival[i]!,
    stdErr: finiteOrNull(table.stdErr[i]), lower: finiteOrNull(table.lower[i]), upper: finiteOrNull(table.upper[i]),
  });
  const atRiskEnough = (i: number) => curve.time[i]! <= shownUntil
    && (!release.controlled || (curve.nRisk[i]! >= release.guard.threshold && trueAtRisk(curve.time[i]!) >= release.guard.threshold));
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
  const n = release.count(`${path}.n`, groups.reduce((sum, g) => sum + g.n, 0), pooledKey(groups.map((g) => g.nKey)));
  if (n === null) release.guard.refuse(`a group has ${release.guard.smallCountReason()}`);
  const events = release.count(`${path}.events`, groups.reduce((sum, g) => sum + g.deaths, 0), pooledKey(groups.map((g) => g.deathsKey)));
  const { curve, shownUntil, trueAtRisk } = pooledCurve(groups, options, release, n);
  return shapeEstimate(curve, options, release, path, shownUntil, trueAtRisk, { n, events });
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
    await askCounts(cohort, cohort.context.disclosure.survivalGridDays, args.by),
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
