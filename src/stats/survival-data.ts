/**
 * Right-censored survival data prepared once, the same way for Kaplan–Meier (survfit), log-rank
 * (survdiff) and Cox regression (coxph), as survival 3.5-3 prepares a Surv object and its factors.
 *
 * Steps, in this order:
 *  1. Validation (StatsInputError naming the field): time finite and >= 0 (-0 read as 0); event
 *     0 (censored) or 1 (event); every column as long as time; a label is a non-empty string or a
 *     finite number. A bare value stands for a column of one (R's JSON writes length-1 vectors so).
 *  2. Factor coding, the one rule of the engine (R's factor() of the column as R receives it):
 *     when every label is a number the levels are the distinct numbers in numeric order (1, 2, 10);
 *     otherwise every label is read as its string (so 1 and "1" are one level, as when R coerces a
 *     mixed column to character) and the levels are the distinct strings sorted by UTF-16 code
 *     unit, which is R's sort() in the C locale for ASCII labels ("10" < "2" < "a" < "b").
 *     Level names are the strings (String(1) = "1").
 *  3. One sort: rows by time ascending, ties in input order (R's order(), which is stable), with
 *     the engine's one radix sort (radix-sort.ts).
 *  4. Timefix (R/aeqSurv.R, applied by survfit, survdiff and coxph alike): sorted distinct times
 *     y_j, y_{j+1} are tied when y_{j+1} - y_j <= sqrt(eps) or (y_{j+1} - y_j) / mean|y| <= sqrt(eps),
 *     mean over the distinct times; every run of tied times becomes its first (smallest) value. Rows
 *     of a merged run are put back in input order, as R's order() sees the merged times.
 *  5. Strata: rows regrouped by stratum level, stably, so each stratum's rows stay in time order.
 *
 * Representation: parallel typed arrays by sorted position (time, event, input row, group code);
 * stratum s holds sorted positions offsets[s] .. offsets[s + 1] - 1. No per-subject objects.
 * Speed: each row's event, group and stratum codes are packed into one 32-bit word
 * (stratum << (groupBits + 1) | group << 1 | event) that the sort and the regrouping by stratum
 * move along with the times (radix-sort.ts sortCarrying, regroupCarrying), so no column is
 * gathered through the permutation afterwards. Decimal times with few digits (decimal-keys.ts) that
 * timefix cannot merge (timefixCannotMerge) skip steps 4 and the separate step 5: one counting sort
 * by (stratum, integer time key) gives the rows in their final order. The codes of a row must fit the 32 bits (e.g. up
 * to 2^15 groups with 2^16 strata); more combinations raise a StatsInputError.
 *
 * Sources: survival 3.5-3 R/aeqSurv.R (timefix), R/survfit.R, R/survdiff.R and R/coxph.R (their
 * model frames and strata()); R's factor() and sort() (base R, ?factor, ?Comparison: the C locale).
 * Spec: docs/statistics-spec.md §1.1 (timefix) and §4.2 (sorting, risk sets, strata).
 */
import { StatsInputError } from './errors.js';
import { decimalKeys, type DecimalKeys } from './decimal-keys.js';
import { regroupCarrying, sortByDecimalKeys, sortCarrying, type CarriedRows, type SortBlocks } from './radix-sort.js';

/** sqrt(.Machine$double.eps): aeqSurv's tolerance for tied times. */
const TIMEFIX_TOLERANCE = 1.4901161193847656e-8;

/** Labels looked up by a linear scan before the Map (see readLevels). */
const SCANNED_LABELS = 8;

/** A numeric column; a bare number stands for a column of one (R's JSON writes length-1 vectors so). */
export type SurvivalColumn = ArrayLike<number> | number;

/** A column of labels (group, strata); a bare label stands for a column of one. */
export type SurvivalLabelColumn = ArrayLike<string | number> | string | number;

export interface LevelCoding {
  /** Code per input row, 0-based in the order of `labels`. */
  codes: Uint32Array;
  labels: string[];
}

/** A label column with the name its errors carry; an absent (null or undefined) value is no column. */
export interface LabelColumnInput {
  field: string;
  value: unknown;
}

/** Survival data sorted for procedures that only count risk sets (Kaplan–Meier, log-rank): no input rows. */
export interface SurvivalRiskSets {
  n: number;
  /** Times by sorted position, after timefix. */
  time: Float64Array;
  /** Event indicator by sorted position. */
  event: Uint8Array;
  /** The group factor (codes by input row), null without one. */
  group: LevelCoding | null;
  /** Group code by sorted position, null without a group. */
  groupCode: Uint32Array | null;
  /** The stratum factor (codes by input row), null without one. */
  strata: LevelCoding | null;
  /** Stratum s holds sorted positions offsets[s] .. offsets[s + 1] - 1 (one stratum without strata). */
  offsets: Uint32Array;
}

export interface SurvivalData extends SurvivalRiskSets {
  /** Input row of each sorted position. */
  row: Uint32Array;
}

type SurvivalFactors = { group?: LabelColumnInput; strata?: LabelColumnInput };

/**
 * Validates, codes, sorts and timefixes survival data (steps 1-5 of the header). `group` is carried
 * along each row; `strata` splits the rows into blocks (survfit's curves, survdiff's and coxph's strata).
 * `timefix: false` skips step 4, for times already timefixed (counting-process-times.ts merges start
 * and stop times together, as aeqSurv does for (start, stop] data); `timeOrder`, the rows already
 * sorted by time (stably), skips the sort of step 3.
 */
export function prepareSurvivalData(
  timeColumn: unknown,
  eventColumn: unknown,
  factors: SurvivalFactors = {},
  settings: { timefix?: boolean; timeOrder?: Uint32Array } = {},
): SurvivalData {
  const { row, ...data } = prepare(timeColumn, eventColumn, factors, true, settings);
  return { ...data, row: row! };
}

/**
 * prepareSurvivalData without the input row of each sorted position, for procedures whose results
 * depend only on the counts at each time (Kaplan–Meier, log-rank): the sort moves less, and the
 * order of rows inside a tied time (step 4's input order) is left as the sort gives it, which
 * changes no count and no sum of equal terms.
 */
export function prepareSurvivalRiskSets(timeColumn: unknown, eventColumn: unknown, factors: SurvivalFactors = {}): SurvivalRiskSets {
  const { row: _unused, ...data } = prepare(timeColumn, eventColumn, factors, false, {});
  return data;
}

function prepare(
  timeColumn: unknown,
  eventColumn: unknown,
  factors: SurvivalFactors,
  withRows: boolean,
  settings: { timefix?: boolean; timeOrder?: Uint32Array },
): SurvivalRiskSets & { row: Uint32Array | null } {
  const inputTime = readSurvivalTimes('time', timeColumn);
  const n = inputTime.length;
  const inputEvent = readEventIndicators('event', eventColumn, n);
  const group = readOptionalLevels(factors.group, n);
  const strata = readOptionalLevels(factors.strata, n);

  const stratumCount = strata?.labels.length ?? 1;
  const groupBits = bitsFor(group?.labels.length ?? 1);
  const stratumShift = groupBits + 1;
  if (stratumShift + bitsFor(stratumCount) > 32) {
    throw new StatsInputError(
      factors.strata?.field ?? 'strata',
      `${stratumCount} strata with ${group?.labels.length ?? 1} groups are more combinations than the engine codes (2^31): merge levels`,
    );
  }
  const packed = new Uint32Array(n);
  for (let i = 0; i < n; i++) packed[i] = inputEvent[i]!;
  if (group !== null) for (let i = 0; i < n; i++) packed[i]! |= group.codes[i]! << 1;
  if (strata !== null) for (let i = 0; i < n; i++) packed[i] = (packed[i]! | (strata.codes[i]! << stratumShift)) >>> 0;
  const pack = (i: number): number =>
    ((strata === null ? 0 : strata.codes[i]! << stratumShift) | (group === null ? 0 : group.codes[i]! << 1) | inputEvent[i]!) >>> 0;

  // inputTime is a fresh copy (readSurvivalTimes): the sort may use it as scratch.
  const blocks = strata === null ? null : { shift: stratumShift, count: stratumCount };
  const { offsets, ...rows } = sortRows(inputTime, packed, withRows, blocks, settings, pack);
  const { sorted: time, order: row, payload } = rows;
  const event = new Uint8Array(n);
  for (let i = 0; i < n; i++) event[i] = payload[i]! & 1;
  let groupCode: Uint32Array | null = null;
  if (group !== null) {
    const groupMask = (1 << groupBits) - 1;
    groupCode = new Uint32Array(n);
    for (let i = 0; i < n; i++) groupCode[i] = (payload[i]! >>> 1) & groupMask;
  }
  return { n, time, event, row, group, groupCode, strata, offsets };
}

/**
 * Steps 3-5 of the header: the rows sorted by time, timefixed, ties in input order (when the rows are
 * kept), and regrouped by stratum (`blocks`: the stratum code in the payload). Decimal times that
 * timefix cannot merge are sorted by (stratum, time) in one counting sort (radix-sort.ts).
 */
function sortRows(
  time: Float64Array,
  payload: Uint32Array,
  withRows: boolean,
  blocks: SortBlocks | null,
  settings: { timefix?: boolean; timeOrder?: Uint32Array },
  pack: (row: number) => number,
): CarriedRows & { offsets: Uint32Array } {
  const n = time.length;
  const decimal = settings.timeOrder === undefined ? decimalKeys(time) : null;
  if (decimal !== null && (settings.timefix === false || timefixCannotMerge(decimal))) {
    const sorted = sortByDecimalKeys(time, decimal, payload, withRows, blocks);
    if (sorted !== null) return { sorted: sorted.sorted, order: sorted.order, payload: sorted.payload, offsets: sorted.offsets ?? Uint32Array.of(0, n) };
    // Too many (stratum, time) pairs for one table: sort by time, then regroup.
    const byTime = sortByDecimalKeys(time, decimal, payload, withRows)!;
    return regroupCarrying(byTime, blocks!.shift, blocks!.count, byTime.scratch);
  }
  const byTime = settings.timeOrder === undefined ? sortCarrying(time, payload, withRows) : gatherCarrying(time, payload, settings.timeOrder);
  if (settings.timefix !== false) mergeNearTies(byTime.sorted);
  if (byTime.order !== null) restoreInputOrderOfTies(byTime.sorted, byTime.order, byTime.payload, pack);
  if (blocks === null) return { ...byTime, offsets: Uint32Array.of(0, n) };
  return regroupCarrying(byTime, blocks.shift, blocks.count, byTime.scratch);
}

/** Per stratum, its distinct times ascending and how many rows and events each has, by group. */
export interface SurvivalTimeCounts {
  /** The group factor (codes by input row), null without one. */
  group: LevelCoding | null;
  /** The stratum factor (codes by input row), null without one. */
  strata: LevelCoding | null;
  /**
   * One entry per stratum (one without strata), in the order of its labels: rows[j G + g] and
   * events[j G + g] are group g's at time[j] (G = the number of groups, 1 without a group).
   */
  strataCounts: { time: Float64Array; rows: Float64Array; events: Float64Array }[];
}

/**
 * The counts that Kaplan–Meier and log-rank read (steps 1-5 of the header, counts only): for decimal
 * times with few digits that timefix cannot merge, the rows and events at each (stratum, time,
 * group) are counted in one pass over the rows into a table indexed by (stratum, integer time key,
 * group), with no sort at all. Null for other times, or when the table would exceed max(2^16, 8n)
 * cells: prepareSurvivalRiskSets then sorts the rows. Validation and factor coding as prepare's.
 */
export function countSurvivalTimes(timeColumn: unknown, eventColumn: unknown, factors: SurvivalFactors = {}): SurvivalTimeCounts | null {
  const inputTime = readSurvivalTimes('time', timeColumn);
  const n = inputTime.length;
  const inputEvent = readEventIndicators('event', eventColumn, n);
  const group = readOptionalLevels(factors.group, n);
  const strata = readOptionalLevels(factors.strata, n);
  const decimal = decimalKeys(inputTime);
  const stratumCount = strata?.labels.length ?? 1;
  const groupCount = group?.labels.length ?? 1;
  if (decimal === null || !timefixCannotMerge(decimal) || stratumCount * decimal.range * groupCount > Math.max(1 << 16, 8 * n)) return null;
  const { keys, range, scale, minKey } = decimal;
  // Rows and events of a cell side by side (2 cell, 2 cell + 1): one cache line per row counted.
  const cells = new Uint32Array(2 * stratumCount * range * groupCount);
  const stratumCodes = strata?.codes ?? null;
  const groupCodes = group?.codes ?? null;
  for (let i = 0; i < n; i++) {
    const timeCell = stratumCodes === null ? keys[i]! : stratumCodes[i]! * range + keys[i]!;
    const cell = 2 * (groupCodes === null ? timeCell : timeCell * groupCount + groupCodes[i]!);
    cells[cell]!++;
    cells[cell + 1]! += inputEvent[i]!;
  }
  const strataCounts: SurvivalTimeCounts['strataCounts'] = [];
  for (let s = 0; s < stratumCount; s++) {
    const rowsAt = (k: number, g: number): number => cells[2 * ((s * range + k) * groupCount + g)]!;
    const present = (k: number): boolean => {
      for (let g = 0; g < groupCount; g++) if (rowsAt(k, g) !== 0) return true;
      return false;
    };
    let distinct = 0;
    for (let k = 0; k < range; k++) if (present(k)) distinct++;
    const time = new Float64Array(distinct);
    const rows = new Float64Array(distinct * groupCount);
    const events = new Float64Array(distinct * groupCount);
    let j = 0;
    for (let k = 0; k < range; k++) {
      if (!present(k)) continue;
      time[j] = (minKey + k) / scale;
      for (let g = 0; g < groupCount; g++) {
        const cell = 2 * ((s * range + k) * groupCount + g);
        rows[j * groupCount + g] = cells[cell]!;
        events[j * groupCount + g] = cells[cell + 1]!;
      }
      j++;
    }
    strataCounts.push({ time, rows, events });
  }
  return { group, strata, strataCounts };
}

/** The rows in a given ascending order of time (the sort of step 3 done by the caller), carrying the payload. */
function gatherCarrying(time: Float64Array, payload: Uint32Array, timeOrder: Uint32Array): CarriedRows & { scratch: null } {
  const n = timeOrder.length;
  const order = Uint32Array.from(timeOrder);
  const sorted = new Float64Array(n);
  const carried = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    sorted[k] = time[order[k]!]!;
    carried[k] = payload[order[k]!]!;
  }
  return { sorted, order, payload: carried, scratch: null };
}

/**
 * Whether timefix leaves decimal times as they are: two distinct times 10^-d apart or more are tied
 * only when the gap is at most sqrt(eps) (never, as 10^-6 > sqrt(eps)) or the gap over the mean of
 * the distinct times is (at least 1 / (10^d max), so never when 10^d max sqrt(eps) < 1; 1/2 leaves
 * room for the round-off of the gap).
 */
function timefixCannotMerge({ scale, max }: DecimalKeys): boolean {
  return 1 / scale > TIMEFIX_TOLERANCE && scale * max * TIMEFIX_TOLERANCE < 0.5;
}

/** Reads times: finite and >= 0, as a fresh Float64Array (-0 becomes 0). */
export function readSurvivalTimes(field: string, value: unknown): Float64Array {
  const column = readColumn(field, value);
  const length = column.length;
  if (length === 0) throw new StatsInputError(field, 'is empty');
  const time = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const t = column[i];
    // t >= 0 && t <= MAX_VALUE rejects NaN, negatives and Infinity in one test.
    if (typeof t !== 'number' || !(t >= 0 && t <= Number.MAX_VALUE)) {
      const reason = typeof t === 'number' && t < 0 ? `is negative (${t})` : 'is not a finite number';
      throw new StatsInputError(field, `element ${i} ${reason}`);
    }
    time[i] = t + 0;
  }
  return time;
}

/** Reads event indicators: each 0 (censored) or 1 (event), one per time. */
export function readEventIndicators(field: string, value: unknown, length: number): Uint8Array {
  const column = readColumn(field, value);
  if (column.length !== length) {
    throw new StatsInputError(field, `has ${column.length} values for ${length} times`);
  }
  const event = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const e = column[i];
    if (e === 1) event[i] = 1;
    else if (e !== 0) throw new StatsInputError(field, `element ${i} is ${String(e)}, not 0 or 1`);
  }
  return event;
}

/** Codes a label column by the factor rule of the header (step 2). */
export function readLevels(field: string, value: unknown, length: number): LevelCoding {
  const column = readColumn(field, value);
  if (column.length !== length) {
    throw new StatsInputError(field, `has ${column.length} values for ${length} times`);
  }
  const codes = new Uint32Array(length);
  const seen = new Map<unknown, number>();
  // The first labels are also kept in a short array: a linear scan with === beats a Map lookup for
  // the usual handful of groups.
  const firstLabels: unknown[] = [];
  let allNumbers = true;
  for (let i = 0; i < length; i++) {
    const label = column[i];
    let code = firstLabels.indexOf(label);
    if (code < 0) {
      if (typeof label === 'number') {
        if (!Number.isFinite(label)) throw new StatsInputError(field, `element ${i} is not a finite number`);
      } else if (typeof label === 'string') {
        if (label === '') throw new StatsInputError(field, `element ${i} is an empty label`);
        allNumbers = false;
      } else {
        throw new StatsInputError(field, `element ${i} is missing or not a label`);
      }
      code = seen.get(label) ?? -1;
      if (code < 0) {
        code = seen.size;
        seen.set(label, code);
        if (firstLabels.length < SCANNED_LABELS) firstLabels.push(label);
      }
    }
    codes[i] = code;
  }
  const distinct = [...seen.keys()] as (string | number)[];
  let labels: string[];
  let rank: Uint32Array;
  if (allNumbers) {
    const order = distinct.map((_, k) => k).sort((a, b) => (distinct[a] as number) - (distinct[b] as number));
    labels = order.map((k) => String(distinct[k]));
    rank = new Uint32Array(distinct.length);
    order.forEach((k, position) => { rank[k] = position; });
  } else {
    labels = [...new Set(distinct.map(String))].sort(compareCodeUnits);
    const position = new Map(labels.map((label, k) => [label, k]));
    rank = Uint32Array.from(distinct, (label) => position.get(String(label)) ?? 0);
  }
  for (let i = 0; i < length; i++) codes[i] = rank[codes[i]!]!;
  return { codes, labels };
}

/**
 * Timefix (step 4) on times sorted ascending, in place: every run of tied times becomes its first value.
 * Returns how many times it changed.
 */
export function mergeNearTies(sortedTime: Float64Array): number {
  const length = sortedTime.length;
  if (length === 0) return 0;
  let sum = 0;
  let distinct = 0;
  let previous = Number.NaN;
  for (let i = 0; i < length; i++) {
    const t = sortedTime[i]!;
    if (t !== previous) {
      sum += Math.abs(t);
      distinct++;
      previous = t;
    }
  }
  const meanAbsolute = sum / distinct;
  previous = sortedTime[0]!;
  let representative = previous;
  let changed = 0;
  for (let i = 1; i < length; i++) {
    const t = sortedTime[i]!;
    if (t !== previous) {
      const gap = t - previous;
      if (!(gap <= TIMEFIX_TOLERANCE || gap / meanAbsolute <= TIMEFIX_TOLERANCE)) representative = t;
      previous = t;
    }
    if (t !== representative) {
      sortedTime[i] = representative;
      changed++;
    }
  }
  return changed;
}

function readOptionalLevels(column: LabelColumnInput | undefined, length: number): LevelCoding | null {
  if (column === undefined || column.value === undefined || column.value === null) return null;
  return readLevels(column.field, column.value, length);
}

/**
 * Inside each run of equal times, the rows in input order, as R's order() on the merged times: the
 * stable sort left exact ties so already; only runs that timefix merged can need it (their
 * payloads are packed again from the input rows).
 */
function restoreInputOrderOfTies(sortedTime: Float64Array, order: Uint32Array, payload: Uint32Array, pack: (row: number) => number): void {
  const length = sortedTime.length;
  for (let start = 0; start < length; ) {
    let end = start + 1;
    let inOrder = true;
    while (end < length && sortedTime[end] === sortedTime[start]) {
      if (order[end]! < order[end - 1]!) inOrder = false;
      end++;
    }
    if (!inOrder) {
      order.subarray(start, end).sort();
      for (let k = start; k < end; k++) payload[k] = pack(order[k]!);
    }
    start = end;
  }
}

/** Bits to code the values 0 .. count - 1 (0 for a single value). */
function bitsFor(count: number): number {
  return count <= 1 ? 0 : 32 - Math.clz32(count - 1);
}

/** A column as given: an array (plain or typed), or a bare value standing for a column of one. */
export function readColumn(field: string, value: unknown): ArrayLike<unknown> {
  if (typeof value === 'number' || typeof value === 'string') return [value];
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    return value as ArrayLike<unknown>;
  }
  throw new StatsInputError(field, 'must be an array');
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
