/**
 * The Kaplan–Meier risk table of one stratum: per distinct time t_i (events and censorings alike),
 * n_i at risk (time >= t_i), d_i events, censorings, and (survival 3.5-3 src/survfitkm.c; Klein &
 * Moeschberger, Survival Analysis 2nd ed., eq. 4.2.1 and 4.2.2; docs/statistics-spec.md §1.2-1.3)
 *   S(t_i)         = Π_{t_j <= t_i} (n_j - d_j) / n_j
 *   se(log S(t_i)) = sqrt( Σ_{t_j <= t_i} d_j / (n_j (n_j - d_j)) )      Greenwood, on the log scale
 * Events happen before censorings at one time: a subject censored at t_i is at risk at t_i. When
 * n_i = d_i, S = 0 and se = Infinity, as in R. Input: the stratum's rows sorted by time (survival-data.ts).
 */

export interface RiskTable {
  events: number;
  time: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  survival: Float64Array;
  /** Greenwood standard error of log S (survfit's std.err); Infinity once n = d. */
  stdErr: Float64Array;
}

/** Risk set, KM product and Greenwood sum over the distinct times of one stratum (src/survfitkm.c). */
export function riskTable(time: Float64Array, event: Uint8Array): RiskTable {
  const length = time.length;
  let rows = 0;
  for (let i = 0; i < length; rows++) {
    const t = time[i]!;
    do i++; while (i < length && time[i] === t);
  }
  const table: RiskTable = {
    events: 0,
    time: new Float64Array(rows),
    nRisk: new Float64Array(rows),
    nEvent: new Float64Array(rows),
    nCensor: new Float64Array(rows),
    survival: new Float64Array(rows),
    stdErr: new Float64Array(rows),
  };
  let survival = 1;
  let greenwood = 0;
  for (let i = 0, row = 0; i < length; row++) {
    const t = time[i]!;
    const atRisk = length - i; // n_i
    let events = 0; // d_i
    do {
      events += event[i]!;
      i++;
    } while (i < length && time[i] === t);
    if (events > 0) {
      table.events += events;
      survival *= (atRisk - events) / atRisk;
      greenwood += events / (atRisk * (atRisk - events));
    }
    table.time[row] = t;
    table.nRisk[row] = atRisk;
    table.nEvent[row] = events;
    table.nCensor[row] = atRisk - (length - i) - events;
    table.survival[row] = survival;
    table.stdErr[row] = Math.sqrt(greenwood);
  }
  return table;
}
