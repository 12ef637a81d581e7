/**
 * Restricted mean survival time of a Kaplan–Meier curve, as survival 3.5-3 R/print.survfit.R
 * survmean with start time 0 (docs/statistics-spec.md §1.7): the area under S from 0 to `end`,
 *   rmean = Σ_i (t_{i+1} - t_i) S(t_i)  over the curve up to end (t_0 = 0, S = 1 before the first time),
 *   var   = Σ_i A_i² d_i / (n_i (n_i - d_i)),   A_i = ∫_{t_i}^{end} S(u) du   (no n/(n-1) factor;
 *   the n_i = d_i term is 0, as in R).
 */
import type { RiskTable } from './kaplan-meier-risk-table.js';

export interface RestrictedMean {
  end: number;
  estimate: number;
  stdErr: number;
}

/** survmean() of R/print.survfit.R with start time 0. */
export function restrictedMean(table: RiskTable, end: number): RestrictedMean {
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
