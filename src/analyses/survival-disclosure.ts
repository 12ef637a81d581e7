/**
 * The aggregate tier's survival inputs (docs/disclosure.md, "Kaplan–Meier curves"): times rounded
 * up to a grid (OpenSAFELY's kaplan-meier-function coarsens event times the same way), and a
 * Kaplan–Meier data set rebuilt from released counts only — the cohort size and, at each grid
 * time, the cumulative deaths and censorings, each a cell-key perturbed count of that set of
 * patients (src/access/cell-key.ts). Fitting the ordinary estimator to that data set gives S,
 * its standard error, limits, quantiles and restricted mean that are consistent with the counts
 * shown and carry no exact step ratio. Also the rounding of test statistics and coefficients.
 */
import type { ReleasedCounts } from '../access/cell-key-context.js';

/** Survival days rounded up to a multiple of the grid (0 stays 0). */
export function coarsenDays(days: number, gridDays: number): number {
  return Math.ceil(days / gridDays) * gridDays;
}

/** Rounds to `digits` significant digits; null and non-finite values pass through. */
export function significant(value: number | null | undefined, digits: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

export interface ReleasedSurvivalData {
  /** Coarsened survival days of the rebuilt data set, one per released patient. */
  days: number[];
  event: number[];
  /** The released cohort size (never null here: a withheld size is refused before). */
  n: number;
  /** The released number of deaths; null when withheld. */
  events: number | null;
  /** The true number at risk at a coarsened day (for truncation). */
  trueAtRisk: (day: number) => number;
}

/**
 * Rebuilds a survival data set from released counts. `ids`, `days` (already coarsened) and
 * `event` describe the group's patients. A cumulative count that would be withheld is shown as
 * ⌈k/2⌉ (the midpoint of the withheld range, as OpenSAFELY rounds small KM counts to midpoints),
 * and cumulative counts never decrease; a released size of null returns null (the caller refuses).
 */
export function releasedSurvivalData(ids: readonly number[], days: readonly number[], event: readonly number[], counts: ReleasedCounts, threshold: number): ReleasedSurvivalData | null {
  const n = counts.count(ids);
  if (n === null) return null;
  const order = ids.map((_, i) => i).sort((a, b) => days[a]! - days[b]!);
  const gridTimes = [...new Set(order.map((i) => days[i]!))];
  const sortedDays = order.map((i) => days[i]!);
  const trueAtRisk = (day: number) => sortedDays.length - lowerBound(sortedDays, day);
  const midpoint = Math.ceil(threshold / 2);
  const released = (set: number[], previous: number) => {
    if (set.length === 0) return previous;
    return Math.max(previous, counts.count(set) ?? midpoint);
  };
  const deaths: number[] = [];
  const censored: number[] = [];
  const outDays: number[] = [];
  const outEvent: number[] = [];
  let position = 0;
  let cumulativeDeaths = 0;
  let cumulativeCensored = 0;
  for (const time of gridTimes) {
    while (position < order.length && days[order[position]!] === time) {
      const i = order[position]!;
      (event[i] === 1 ? deaths : censored).push(ids[i]!);
      position += 1;
    }
    const atRisk = n - cumulativeDeaths - cumulativeCensored;
    if (atRisk <= 0) break;
    const died = Math.min(released(deaths, cumulativeDeaths) - cumulativeDeaths, atRisk);
    const left = Math.min(released(censored, cumulativeCensored) - cumulativeCensored, atRisk - died);
    for (let j = 0; j < died; j++) { outDays.push(time); outEvent.push(1); }
    for (let j = 0; j < left; j++) { outDays.push(time); outEvent.push(0); }
    cumulativeDeaths += died;
    cumulativeCensored += left;
  }
  const remaining = n - cumulativeDeaths - cumulativeCensored;
  const lastTime = gridTimes[gridTimes.length - 1] ?? 0;
  for (let j = 0; j < remaining; j++) { outDays.push(lastTime); outEvent.push(0); }
  return { days: outDays, event: outEvent, n, events: counts.count(deaths), trueAtRisk };
}

/** The first index whose value is ≥ target in an ascending array. */
function lowerBound(sorted: readonly number[], target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}
