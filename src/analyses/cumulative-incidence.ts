/**
 * Cohort.cumulativeIncidence: the Aalen–Johansen cumulative incidence of the endpoint's event of
 * interest and of each competing event, per group of `by`, as survfit(Surv(time, factor(status)) ~ by)
 * with its infinitesimal-jackknife standard error and log CI (src/stats/cumulative-incidence.ts), and
 * Gray's test per cause between the groups, as cmprsk::cuminc()$Tests (src/stats/gray-test.ts).
 * Causes are named after the endpoint's events (endpoint.ts causeLabels); groups are keyed by
 * `variable = LEVEL` (`key`) and labelled for people (`label`, labels.ts), as compareSurvival's.
 * Under disclosure control (the aggregate tier): times coarsened up to the grid; a group under k
 * patients refused; each curve stops where fewer than k patients (true, or released) remain at risk;
 * nRisk, group sizes and event counts are cell-key released counts (a small one withheld); estimates
 * and Gray's statistic to 3 significant digits, P to 2 (docs/disclosure.md).
 */
import { convertDays } from '../clinical/index.js';
import { cumulativeIncidence, grayTest, type CumulativeIncidenceCurve } from '../stats/index.js';
import type { CohortSelection } from '../records/cohorts.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor, type DisclosureGuard } from '../access/disclosure.js';
import { releasedCountsFor, type ReleasedCounts } from '../access/cell-key-context.js';
import { completeRows, frameColumn, loadEndpointFrame } from './analysis-frame.js';
import { canonical, defineAnalysis } from './analysis.js';
import { groupBy, resolveCovariate, type CovariateInput } from './covariates.js';
import { resolveEndpoint, type EndpointInput } from './endpoint.js';
import { refuseImmortalTime } from './immortal-time.js';
import { checkOptions, type SurvivalOptionsInput } from './survival.js';
import { coarsenDays, significant } from './survival-disclosure.js';

export interface CumulativeIncidenceArgs {
  endpoint: EndpointInput;
  by?: CovariateInput | null;
  options?: SurvivalOptionsInput | null;
}

const finite = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? null : value);

/** The aggregate tier's release: the patients of a group in time order, for released at-risk counts. */
interface Release {
  guard: DisclosureGuard;
  counts: ReleasedCounts;
  /** Patient ids and times of the group, by ascending time. */
  ids: number[];
  times: number[];
  statusOf: Map<number, number>;
}

function atRiskIds(release: Release, time: number): number[] {
  let lo = 0;
  let hi = release.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (release.times[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return release.ids.slice(lo);
}

function shapeGroup(curve: CumulativeIncidenceCurve, key: string, label: string, causeLabels: readonly string[], path: string, release: Release | null) {
  const coarse = (value: number | null) => (release === null ? value : significant(value, 3));
  const shownRisk: number[] = [];
  for (let i = 0; i < curve.time.length; i++) {
    if (release === null) { shownRisk.push(curve.nRisk[i]!); continue; }
    const ids = atRiskIds(release, curve.time[i]!);
    const released = ids.length < release.guard.threshold ? null : release.counts.count(ids);
    if (released === null || released < release.guard.threshold) break;
    shownRisk.push(released);
  }
  if (release !== null && shownRisk.length < curve.time.length) {
    release.guard.withhold(`${path}.curve`, `truncated after ${shownRisk.length} of ${curve.time.length} points: fewer than ${release.guard.threshold} patients at risk (disclosure control)`);
  }
  const last = shownRisk.length === 0 ? -Infinity : curve.time[shownRisk.length - 1]!;
  const n = release === null ? curve.n : release.counts.count(release.ids) ?? release.guard.refuse(`the group "${label}" has ${release.guard.smallCountReason()}`);
  return {
    key,
    label,
    n,
    causes: curve.causes.map((cause, k) => {
      const eventIds = release === null ? [] : release.ids.filter((id) => release.statusOf.get(id) === cause.cause);
      const events = release === null
        ? cause.nEvent.reduce((sum, d) => sum + d, 0)
        : release.counts.count(eventIds) ?? release.guard.withhold(`${path}.causes[${k}].events`, release.guard.smallCountReason());
      const at = curve.atTimes;
      return {
        cause: causeLabels[cause.cause - 1] ?? `status ${cause.cause}`,
        events,
        curve: shownRisk.map((nRisk, i) => ({
          time: curve.time[i]!, nRisk, estimate: coarse(cause.cumulativeIncidence[i]!)!, stdErr: coarse(finite(cause.stdErr[i])),
          lower: coarse(finite(cause.lower[i])), upper: coarse(finite(cause.upper[i])),
        })),
        atTimes: at === null ? [] : at.time.flatMap((time, i) => {
          if (release !== null && (time > last || at.nRisk[i]! < release.guard.threshold)) {
            release.guard.withhold(`${path}.causes[${k}].atTimes[${i}]`, `fewer than ${release.guard.threshold} patients at risk at ${time} (disclosure control)`);
            return [];
          }
          const c = at.causes[k]!;
          return [{
            time, nRisk: release === null ? at.nRisk[i]! : release.counts.count(atRiskIds(release, time)) ?? 0, estimate: coarse(c.cumulativeIncidence[i]!)!,
            stdErr: coarse(finite(c.stdErr[i])), lower: coarse(finite(c.lower[i])), upper: coarse(finite(c.upper[i])),
          }];
        }),
      };
    }),
  };
}

export async function estimateCumulativeIncidence(context: ServiceContext, cohort: CohortSelection, args: CumulativeIncidenceArgs) {
  const checked = checkOptions(args.options);
  const endpoint = resolveEndpoint(args.endpoint);
  const by = args.by == null ? null : resolveCovariate(args.by, 'by');
  if (by !== null) refuseImmortalTime([{ covariate: by, argument: 'by.variable' }], endpoint);
  const guard = await guardFor(context, cohort, 'cumulativeIncidence');
  const frame = await loadEndpointFrame(context, cohort, by === null ? [] : [by], args.endpoint);
  const grouping = by === null ? null : groupBy(by, frameColumn(frame, by.variable.definition.name), 'by');
  const rows = grouping === null ? frame.patientIds.map((_, i) => i) : completeRows(frame.patientIds.length, [grouping.codes]);
  const labels = rows.map((i) => (grouping === null ? 'all' : grouping.labels[grouping.codes[i]!]!));
  const days = rows.map((i) => (guard.active ? coarsenDays(frame.survivalDays[i]!, context.disclosure.survivalGridDays) : frame.survivalDays[i]!));
  const time = days.map((value) => convertDays(value, checked.timeUnit));
  const status = rows.map((i) => frame.status[i]!);
  const present = grouping === null ? ['all'] : grouping.labels.filter((label) => labels.includes(label));
  const display = (key: string) => (grouping === null ? 'All patients' : grouping.displayLabels[grouping.labels.indexOf(key)] ?? key);
  for (const label of present) {
    if (guard.isSmall(labels.filter((l) => l === label).length)) guard.refuse(`the group "${display(label)}" has ${guard.smallCountReason()}`);
  }
  const causes = endpoint.causeLabels.map((_, k) => k + 1);
  const result = cumulativeIncidence({ time, status, group: labels }, { confLevel: checked.km.confLevel, times: checked.km.times ?? [], causes });
  const counts = guard.active ? await releasedCountsFor(context, cohort, guard) : null;
  const groups = present.map((label, g) => {
    const curve = result.curves.find((c) => c.stratum === label)!;
    const members = rows.map((i, r) => ({ id: frame.patientIds[i]!, time: time[r]!, status: status[r]!, label: labels[r]! }))
      .filter((m) => m.label === label).sort((a, b) => a.time - b.time);
    const release = counts === null ? null : {
      guard, counts, ids: members.map((m) => m.id), times: members.map((m) => m.time), statusOf: new Map(members.map((m) => [m.id, m.status])),
    };
    return shapeGroup(curve, label, display(label), endpoint.causeLabels, `.groups[${g}]`, release);
  });
  const gray = grouping === null || present.length < 2 ? null : grayTest({ time, status, group: labels });
  return {
    groups,
    grayTest: gray === null ? [] : gray.causes.map((cause, k) => ({
      cause: endpoint.causeLabels[cause - 1] ?? `status ${cause}`,
      statistic: guard.active ? significant(gray.stat[k]!, 3)! : gray.stat[k]!,
      df: gray.df[k]!,
      p: guard.active ? significant(gray.p[k]!, 2)! : gray.p[k]!,
    })),
    timeUnit: checked.timeUnit,
  };
}

/** The Cohort field `cumulativeIncidence` (src/analyses/analysis.ts). */
export const cumulativeIncidenceAnalysis = defineAnalysis({
  field: 'cumulativeIncidence',
  canonicalArgs: (args: CumulativeIncidenceArgs) => canonical(args),
  reads: 'the endpoint\'s time and status (event of interest, competing events; endpoint.ts) and the grouping variable',
  disclosure: 'refused over a group under k; curves stop where fewer than k remain at risk; counts released; estimates to 3 significant digits',
  compute: estimateCumulativeIncidence,
});
