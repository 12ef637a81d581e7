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
  let distinct = 0;
  for (let i = 0; i < length; distinct++) {
    const t = time[i]!;
    do i++; while (i < length && time[i] === t);
  }
  const distinctTime = new Float64Array(distinct);
  const rows = new Float64Array(distinct);
  const events = new Float64Array(distinct);
  for (let i = 0, row = 0; i < length; row++) {
    const t = time[i]!;
    const first = i;
    let deaths = 0;
    do {
      deaths += event[i]!;
      i++;
    } while (i < length && time[i] === t);
    distinctTime[row] = t;
    rows[row] = i - first;
    events[row] = deaths;
  }
  return riskTableOfCounts(distinctTime, rows, events);
}

/**
 * The same table from the stratum's distinct times (ascending) and the rows and events at each
 * (survival-data.ts countSurvivalTimes). Takes `time` and `events` as the table's columns.
 */
export function riskTableOfCounts(time: Float64Array, rows: Float64Array, events: Float64Array): RiskTable {
  const distinct = time.length;
  let length = 0;
  for (let row = 0; row < distinct; row++) length += rows[row]!;
  const table: RiskTable = {
    events: 0,
    time,
    nRisk: new Float64Array(distinct),
    nEvent: events,
    nCensor: new Float64Array(distinct),
    survival: new Float64Array(distinct),
    stdErr: new Float64Array(distinct),
  };
  let survival = 1;
  let greenwood = 0;
  let atRisk = length; // n_i
  for (let row = 0; row < distinct; row++) {
    const deaths = events[row]!; // d_i
    if (deaths > 0) {
      table.events += deaths;
      survival *= (atRisk - deaths) / atRisk;
      greenwood += deaths / (atRisk * (atRisk - deaths));
    }
    table.nRisk[row] = atRisk;
    table.nCensor[row] = rows[row]! - deaths;
    table.survival[row] = survival;
    table.stdErr[row] = Math.sqrt(greenwood);
    atRisk -= rows[row]!;
  }
  return table;
}
