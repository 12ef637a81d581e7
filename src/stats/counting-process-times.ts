/**
 * Counting-process (start, stop] times read and timefixed together, as survival 3.5-3 prepares
 * Surv(start, stop, event) for coxph (R/aeqSurv.R; docs/statistics-spec.md §1.1 and §11).
 *
 *  1. Validation (StatsInputError naming the field): start and stop finite and >= 0, one start per
 *     stop, start < stop (R's Surv refuses a row with stop <= start).
 *  2. Timefix over the union of both columns: the distinct values y_1 < y_2 < ... of start and stop
 *     together; y_j and y_{j+1} are tied when y_{j+1} - y_j <= sqrt(eps) or (y_{j+1} - y_j) / mean|y|
 *     <= sqrt(eps); every value becomes the first of its run of tied values (aeqSurv's
 *     cuts[findInterval(x, cuts)]). A row whose start and stop merge is an error, as in aeqSurv.
 * The stop times returned are final: prepareSurvivalData must sort them with `timefix: false`. The one
 * sort of the union also gives the rows sorted by stop and by start (stable), handed on so that
 * neither column is sorted again.
 */
import { StatsInputError } from './errors.js';
import { sortAscending } from './radix-sort.js';
import { mergeNearTies, readSurvivalTimes } from './survival-data.js';

export interface CountingProcessTimes {
  /** Timefixed start of each row, input order. */
  start: Float64Array;
  /** Timefixed stop of each row, input order. */
  stop: Float64Array;
  /** Input rows by stop time ascending (stable). */
  stopOrder: Uint32Array;
  /** Input rows by start time ascending (stable). */
  startOrder: Uint32Array;
}

export function readCountingProcessTimes(startColumn: unknown, stopColumn: unknown): CountingProcessTimes {
  const stop = readSurvivalTimes('time', stopColumn);
  const start = readSurvivalTimes('start', startColumn);
  const n = stop.length;
  if (start.length !== n) throw new StatsInputError('start', `has ${start.length} values for ${n} times`);
  for (let i = 0; i < n; i++) {
    if (!(start[i]! < stop[i]!)) {
      throw new StatsInputError('start', `element ${i} (${start[i]}) is not before its stop time (${stop[i]})`);
    }
  }
  const both = new Float64Array(2 * n);
  both.set(start, 0);
  both.set(stop, n);
  const { order, sorted } = sortAscending(both);
  const merged = mergeNearTies(sorted);
  const stopOrder = new Uint32Array(n);
  const startOrder = new Uint32Array(n);
  let stops = 0;
  let starts = 0;
  for (let k = 0; k < 2 * n; k++) {
    const index = order[k]!;
    if (index >= n) stopOrder[stops++] = index - n;
    else startOrder[starts++] = index;
  }
  if (merged === 0) return { start, stop, stopOrder, startOrder };
  for (let k = 0; k < 2 * n; k++) both[order[k]!] = sorted[k]!;
  const fixedStart = both.slice(0, n);
  const fixedStop = both.slice(n);
  for (let i = 0; i < n; i++) {
    if (fixedStart[i] === fixedStop[i]) {
      throw new StatsInputError('start', `element ${i}: start ${start[i]} and stop ${stop[i]} are closer than the timefix tolerance`);
    }
  }
  return { start: fixedStart, stop: fixedStop, stopOrder, startOrder };
}
