/**
 * The median of the SPSS KM table with its standard error and symmetric interval (IBM SPSS
 * Statistics Algorithms, KM; Klein & Moeschberger, Survival Analysis 2nd ed., §4.5 practical note 3;
 * docs/statistics-spec.md §2): the first event time with S <= 0.5; SE = SE(S) / f̂ with
 *   f̂ = (S(u) - S(l)) / (l - u),  u the last event time with S >= 0.55, l the first with S <= 0.45,
 * SE(S) = Greenwood se(log S) * S; CI = median ± z SE. Not estimable (no density, a zero SE... ):
 * the limits and SE are null.
 */
import type { RiskTable } from './kaplan-meier-risk-table.js';

/** SPSS's density estimate at the median spans the last event time with S >= 0.55 and the first with S <= 0.45. */
const SPSS_UPPER_SURVIVAL = 0.55;
const SPSS_LOWER_SURVIVAL = 0.45;

export interface SurvivalTimeEstimate {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

export interface SpssMedianEstimate extends SurvivalTimeEstimate {
  stdErr: number | null;
}

/** The SPSS KM median, its SE from the density estimated between S >= 0.55 and S <= 0.45, and CI. */
export function spssMedian(table: RiskTable, z: number): SpssMedianEstimate {
  const { time, nEvent, survival, stdErr } = table;
  let median = -1;
  let upperPoint = -1; // û: last event time with S >= 0.55
  let lowerPoint = -1; // l̂: first event time with S <= 0.45
  for (let i = 0; i < time.length; i++) {
    if (nEvent[i] === 0) continue;
    const s = survival[i]!;
    if (median < 0 && s <= 0.5) median = i;
    if (s >= SPSS_UPPER_SURVIVAL) upperPoint = i;
    if (lowerPoint < 0 && s <= SPSS_LOWER_SURVIVAL) lowerPoint = i;
  }
  if (median < 0) return { estimate: null, lower: null, upper: null, stdErr: null };
  const estimate = time[median]!;
  const seSurvival = stdErr[median]! * survival[median]!;
  const density =
    upperPoint < 0 || lowerPoint < 0
      ? Number.NaN
      : (survival[upperPoint]! - survival[lowerPoint]!) / (time[lowerPoint]! - time[upperPoint]!);
  const se = seSurvival / density;
  if (!Number.isFinite(se)) return { estimate, lower: null, upper: null, stdErr: null };
  return { estimate, lower: estimate - z * se, upper: estimate + z * se, stdErr: se };
}
