/**
 * Restricted mean survival time (RMST), as survival 3.5-3 R/print.survfit.R survmean with start
 * time 0 (docs/statistics-spec.md §1.7 and §15).
 *
 * One curve (curveRestrictedMean): the area under the Kaplan–Meier S from 0 to `end`,
 *   rmean = Σ_i (t_{i+1} - t_i) S(t_i)  over the curve up to end (t_0 = 0, S = 1 before the first
 *           time; an end past the last time carries the last value of S to it),
 *   var   = Σ_i A_i² d_i / (n_i (n_i - d_i)),   A_i = ∫_{t_i}^{end} S(u) du   (no n/(n-1) factor;
 *   the n_i = d_i term is 0, as in R).
 *
 * The procedure (restrictedMean): summary(survfit(Surv(time, event) ~ group), rmean = tau)$table,
 * per group rmean, se(rmean), n (n.start) and events (all events, not only those before τ); τ below
 * the first time of all curves is an error, as in R. With exactly two groups (the engine's factor
 * order, survival-data.ts) also their difference, group 2 − group 1, for independent groups:
 *   Δ = rmean₂ − rmean₁,  se = sqrt(se₁² + se₂²),  CI Δ ∓ qnorm(1 − (1 − confLevel)/2)·se,
 *   z = Δ / se,  p = 2Φ(−|z|).
 */
import { normalQuantile, normalTwoSidedP } from './distributions.js';
import { StatsInputError } from './errors.js';
import { riskTable, type RiskTable } from './kaplan-meier-risk-table.js';
import { prepareSurvivalRiskSets, type SurvivalColumn, type SurvivalLabelColumn } from './survival-data.js';

export interface RestrictedMean {
  end: number;
  estimate: number;
  stdErr: number;
}

/** survmean() of R/print.survfit.R with start time 0, for one curve. */
export function curveRestrictedMean(table: RiskTable, end: number): RestrictedMean {
  const { time, nRisk, nEvent, survival } = table;
  let kept = 0;
  while (kept < time.length && time[kept]! <= end) kept++;
  let estimate = kept === 0 ? end : time[0]!;
  for (let i = 0; i < kept; i++) {
    const next = i + 1 < kept ? time[i + 1]! : end;
    estimate += (next - time[i]!) * survival[i]!;
  }
  // A_i = ∫_{t_i}^{end} S, accumulated from the end; the n_i = d_i term is 0, as in R.
  let areaAfter = 0;
  let variance = 0;
  for (let i = kept - 1; i >= 0; i--) {
    const next = i + 1 < kept ? time[i + 1]! : end;
    areaAfter += (next - time[i]!) * survival[i]!;
    const atRisk = nRisk[i]!;
    const events = nEvent[i]!;
    if (atRisk > events) variance += areaAfter * areaAfter * (events / (atRisk * (atRisk - events)));
  }
  return { end, estimate, stdErr: Math.sqrt(variance) };
}

export interface RestrictedMeanInput {
  /** Follow-up times, >= 0. */
  time: SurvivalColumn;
  /** 1 = event, 0 = censored. */
  event: SurvivalColumn;
  /** Optional group label per row: one restricted mean per group. */
  group?: SurvivalLabelColumn | null;
}

export interface RestrictedMeanOptions {
  /** The truncation time τ (required): finite, not below the first time. */
  tau: number;
  /** Level of the difference's confidence interval; default 0.95. */
  confLevel?: number;
}

export interface RestrictedMeanDifference {
  /** rmean of group 2 − rmean of group 1. */
  estimate: number;
  se: number;
  lower: number;
  upper: number;
  /** null when se = 0 (no test). */
  z: number | null;
  p: number | null;
}

export interface RestrictedMeanResult {
  tau: number;
  confLevel: number;
  /** Group labels in the engine's factor order ("all" without groups); the arrays follow it. */
  groups: string[];
  n: number[];
  events: number[];
  rmean: number[];
  rmeanSe: number[];
  /** Group 2 − group 1 with exactly two groups, else null. */
  difference: RestrictedMeanDifference | null;
}

export function restrictedMean(input: RestrictedMeanInput, options: RestrictedMeanOptions): RestrictedMeanResult {
  const tau = options?.tau;
  if (typeof tau !== 'number' || !(tau >= 0 && tau <= Number.MAX_VALUE)) {
    throw new StatsInputError('tau', 'must be a finite time >= 0');
  }
  const confLevel = options.confLevel ?? 0.95;
  if (typeof confLevel !== 'number' || !(confLevel > 0 && confLevel < 1)) {
    throw new StatsInputError('confLevel', 'must be a number between 0 and 1');
  }
  const data = prepareSurvivalRiskSets(input.time, input.event, { strata: { field: 'group', value: input.group } });
  const firstTime = earliestTime(data.time, data.offsets);
  if (tau < firstTime) {
    throw new StatsInputError('tau', `is below the first follow-up time (${firstTime}): the restricted mean needs tau >= it`);
  }
  const groups = data.strata?.labels ?? ['all'];
  const result: RestrictedMeanResult = {
    tau, confLevel, groups, n: [], events: [], rmean: [], rmeanSe: [], difference: null,
  };
  for (let g = 0; g < groups.length; g++) {
    const start = data.offsets[g]!;
    const end = data.offsets[g + 1]!;
    const table = riskTable(data.time.subarray(start, end), data.event.subarray(start, end));
    const { estimate, stdErr } = curveRestrictedMean(table, tau);
    result.n.push(end - start);
    result.events.push(table.events);
    result.rmean.push(estimate);
    result.rmeanSe.push(stdErr);
  }
  if (groups.length === 2) {
    const estimate = result.rmean[1]! - result.rmean[0]!;
    const se = Math.sqrt(result.rmeanSe[0]! ** 2 + result.rmeanSe[1]! ** 2);
    const margin = normalQuantile(1 - (1 - confLevel) / 2) * se;
    const z = se > 0 ? estimate / se : null;
    result.difference = {
      estimate, se, lower: estimate - margin, upper: estimate + margin, z, p: z === null ? null : normalTwoSidedP(z),
    };
  }
  return result;
}

/** The first time of all curves (R checks τ against min(time) over the fit): each stratum's first row. */
function earliestTime(time: Float64Array, offsets: Uint32Array): number {
  let earliest = Infinity;
  for (let s = 0; s + 1 < offsets.length; s++) {
    if (offsets[s + 1]! > offsets[s]!) earliest = Math.min(earliest, time[offsets[s]!]!);
  }
  return earliest;
}
