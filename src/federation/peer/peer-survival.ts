/**
 * The peer operations for survival (docs/federation.md, "What leaves a site"):
 *   - survivalCounts: per group, the number of patients and, at each grid time (survival days
 *     rounded up to a multiple of `gridDays`, as the aggregate tier's curves: survival-disclosure.ts),
 *     the deaths and censorings there, from which the coordinator rebuilds the pooled Kaplan–Meier
 *     on the grid exactly (n at risk = n minus those before; survfit on the grid-rounded times);
 *     the grid is at least the site's own (DISCLOSURE_SURVIVAL_GRID_DAYS), and the counts stop at the
 *     first grid time with fewer than k at risk, as the aggregate tier's curves stop; with each time
 *     the cell keys of the deaths and of the censorings up to it, for the coordinator's perturbation
 *     of the pooled cumulative counts (as survival-disclosure.ts perturbs a central curve's);
 *   - logRank: the site's observed and expected deaths per group and the variance of O - E, on the
 *     site's own risk sets and exact times (survdiff, src/stats/log-rank.ts): summed over sites they
 *     are survdiff(... + strata(site)) (src/stats/log-rank-pooled.ts). A group with 0 < n < k
 *     patients or 0 < d < k deaths at the site is refused.
 */
import { logRank } from '../../stats/index.js';
import { column, completeRows } from '../../analyses/analysis-frame.js';
import { groupBy, resolveCovariate, type CovariateInput } from '../../analyses/covariates.js';
import { coarsenDays } from '../../analyses/survival-disclosure.js';
import { canonical, defineAnalysis } from '../../analyses/analysis.js';
import { guardFor } from '../../access/disclosure.js';
import type { ServiceContext } from '../../access/service-context.js';
import type { CohortSelection } from '../../records/cohorts.js';
import { badUserInput } from '../../errors.js';
import { loadPeerFrame } from './peer-frame.js';
import { PeerCounter } from './peer-protocol.js';

const CELL_KEY_MODULUS = 2 ** 32;

export interface SurvivalCountsArgs {
  gridDays: number;
  by?: CovariateInput | null;
}

/** The rows of each group (all rows, one group "all", without `by`). */
async function groupsOf(context: ServiceContext, cohort: CohortSelection, by: CovariateInput | null | undefined) {
  const covariate = by == null ? null : resolveCovariate(by, 'by');
  const frame = await loadPeerFrame(context, cohort, covariate === null ? [] : [covariate]);
  if (covariate === null) return { frame, groups: [{ label: 'all', rows: frame.patientIds.map((_, i) => i) }] };
  const grouping = groupBy(covariate, column(frame, covariate.variable.definition.name), 'by');
  const rows = completeRows(frame.patientIds.length, [grouping.codes]);
  return { frame, groups: grouping.labels.map((label, code) => ({ label, rows: rows.filter((i) => grouping.codes[i] === code) })) };
}

async function countOnGrid(context: ServiceContext, cohort: CohortSelection, args: SurvivalCountsArgs) {
  const guard = await guardFor(context, cohort, 'survivalCounts');
  if (!(Number.isFinite(args.gridDays) && args.gridDays > 0)) throw badUserInput('`gridDays` must be a positive number of days.', 'gridDays');
  if (guard.active && args.gridDays < context.disclosure.survivalGridDays) {
    guard.refuse(`the grid is finer than this site's survival grid of ${context.disclosure.survivalGridDays} days`);
  }
  const { frame, groups } = await groupsOf(context, cohort, args.by);
  const counter = new PeerCounter(guard, context);
  return groups.map(({ label, rows }) => {
    if (guard.isSmall(rows.length)) guard.refuse(`the group "${label}" has ${guard.smallCountReason()}`);
    const byTime = new Map<number, { dead: number[]; censored: number[] }>();
    for (const i of rows) {
      const time = coarsenDays(frame.survivalDays[i]!, args.gridDays);
      const cell = byTime.get(time) ?? { dead: [], censored: [] };
      (frame.event[i] === 1 ? cell.dead : cell.censored).push(frame.patientIds[i]!);
      byTime.set(time, cell);
    }
    const times: number[] = [];
    const events: number[] = [];
    const censored: number[] = [];
    const cumulativeDeathsKey: number[] = [];
    const cumulativeCensoredKey: number[] = [];
    // Cell keys add over disjoint sets (the sum of record keys mod 2^32): the cumulative key grows with each time.
    let deadKey = 0;
    let censoredKey = 0;
    let atRisk = rows.length;
    for (const time of [...byTime.keys()].sort((a, b) => a - b)) {
      if (guard.active && atRisk < guard.threshold) {
        guard.withhold(`[${label}].times`, `truncated: fewer than ${guard.threshold} patients at risk (disclosure control)`);
        break;
      }
      const cell = byTime.get(time)!;
      deadKey = (deadKey + counter.key(cell.dead)) % CELL_KEY_MODULUS;
      censoredKey = (censoredKey + counter.key(cell.censored)) % CELL_KEY_MODULUS;
      times.push(time);
      events.push(cell.dead.length);
      censored.push(cell.censored.length);
      cumulativeDeathsKey.push(deadKey);
      cumulativeCensoredKey.push(censoredKey);
      atRisk -= cell.dead.length + cell.censored.length;
    }
    const ids = rows.map((i) => frame.patientIds[i]!);
    const deaths = rows.filter((i) => frame.event[i] === 1).map((i) => frame.patientIds[i]!);
    return { label, n: rows.length, nKey: counter.key(ids), deaths: deaths.length, deathsKey: counter.key(deaths), times, events, censored, cumulativeDeathsKey, cumulativeCensoredKey };
  });
}

async function siteLogRank(context: ServiceContext, cohort: CohortSelection, args: { by: CovariateInput }) {
  const guard = await guardFor(context, cohort, 'logRank');
  const { frame, groups } = await groupsOf(context, cohort, args.by);
  const present = groups.filter(({ rows }) => rows.length > 0);
  for (const { label, rows } of present) {
    if (guard.isSmall(rows.length)) guard.refuse(`the group "${label}" has ${guard.smallCountReason()}`);
    if (guard.isSmall(rows.filter((i) => frame.event[i] === 1).length)) guard.refuse(`the group "${label}" has fewer than ${guard.threshold} deaths (disclosure control)`);
  }
  const n = present.reduce((sum, { rows }) => sum + rows.length, 0);
  if (present.length < 2) {
    // One group at the site: its risk sets hold that group only, so E = O and V = 0 there.
    const deaths = present.map(({ rows }) => rows.filter((i) => frame.event[i] === 1).length);
    return { n, groups: present.map(({ label }) => label), observed: deaths, expected: deaths, variance: present.map(() => 0) };
  }
  const rows = present.flatMap(({ rows }) => rows);
  const labels = present.flatMap(({ label, rows }) => rows.map(() => label));
  const test = logRank({ time: rows.map((i) => frame.survivalDays[i]!), event: rows.map((i) => frame.event[i]!), group: labels });
  return { n, groups: test.groups, observed: test.observed, expected: test.expected, variance: test.variance.flat() };
}

export const peerSurvivalCountsAnalysis = defineAnalysis({
  field: 'peerSurvivalCounts',
  canonicalArgs: (args: SurvivalCountsArgs) => canonical(args),
  reads: 'survival days and status, and the grouping variable',
  disclosure: 'deaths and censorings per grid time (no finer than the site\'s survival grid), stopping where fewer than k are at risk; groups under k refused',
  compute: countOnGrid,
});

export const peerLogRankAnalysis = defineAnalysis({
  field: 'peerLogRank',
  canonicalArgs: (args: { by: CovariateInput }) => canonical(args),
  reads: 'survival days and status, and the grouping variable',
  disclosure: 'observed, expected and variance per group; groups with fewer than k patients or deaths refused',
  compute: siteLogRank,
});
