/**
 * Nelson–Aalen cumulative hazard of one Kaplan–Meier risk table, as survfit's `cumhaz` and
 * `std.chaz` with its default `ctype = 1` (survival 3.5-3 src/survfitkm.c; docs/statistics-spec.md
 * §1.3 and §16; Klein & Moeschberger, Survival Analysis 2nd ed., eq. 4.2.3 and 4.2.4):
 *   Λ(t_i)       = Σ_{t_j <= t_i} d_j / n_j            (no Fleming–Harrington correction for ties)
 *   se(Λ(t_i))   = sqrt( Σ_{t_j <= t_i} d_j / n_j² )
 * over every row of the table (censor-only rows carry the previous value).
 */
import type { RiskTable } from './kaplan-meier-risk-table.js';

export interface CumulativeHazard {
  cumulativeHazard: Float64Array;
  cumulativeHazardStdErr: Float64Array;
}

/** Λ and its standard error per row of `table`. */
export function cumulativeHazard(table: Pick<RiskTable, 'nRisk' | 'nEvent'>): CumulativeHazard {
  const { nRisk, nEvent } = table;
  const rows = nRisk.length;
  const hazard = new Float64Array(rows);
  const stdErr = new Float64Array(rows);
  let sum = 0;
  let variance = 0;
  for (let i = 0; i < rows; i++) {
    const events = nEvent[i]!;
    if (events > 0) {
      const atRisk = nRisk[i]!;
      sum += events / atRisk;
      variance += events / (atRisk * atRisk);
    }
    hazard[i] = sum;
    stdErr[i] = Math.sqrt(variance);
  }
  return { cumulativeHazard: hazard, cumulativeHazardStdErr: stdErr };
}
