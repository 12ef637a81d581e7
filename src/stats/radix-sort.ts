/**
 * The engine's one sort of doubles, and a stable regrouping by small integer keys.
 *
 * sortAscending: a stable least-significant-digit radix sort on the IEEE-754 bit patterns, made
 * unsigned-comparable (sign bit flipped for positives, every bit flipped for negatives, so the
 * unsigned order of the 64 bits is the numeric order), four passes of 16 bits; a pass whose digit
 * is the same for every value (e.g. the low mantissa of whole days) is skipped. O(n), unlike a
 * comparison sort (Knuth, TAOCP vol. 3, §5.2.5, "Sorting by distribution"). Conventions: -0 sorts
 * as +0 and comes back as +0; ±Infinity sort at the ends; NaN must not occur (callers validate).
 *
 * countingSort: a stable reordering of a permutation by an integer key per row (Knuth §5.2,
 * "distribution counting"), O(n + keys); e.g. rows sorted by time, regrouped by stratum, keep
 * their time order inside each stratum.
 *
 * sortCarrying and regroupCarrying: the same two sorts for survival data, with a 32-bit payload per
 * row (its event, group and stratum codes) moved along with the keys, so that nothing has to be
 * gathered by row afterwards (a gather reads memory at random: at n = 1e6 the gathers and the
 * regrouping through the permutation cost as much as the sort). sortCarrying counts the digits of
 * all four passes in one read of the keys.
 *
 * sortByDecimalKeys: when the values are decimals with few digits (decimal-keys.ts), the same
 * stable sort by their integer keys, optionally by block first (a stratum code in the payload, so
 * that no regrouping follows): one counting pass when the (block, key) pairs span at most
 * max(2^16, 4n) values (a table of at most 16 bytes a row), else two 16-bit passes (no blocks).
 * Same order, same ties, as the passes over the bit patterns; sortAscending on values >= 0 uses it.
 */
import { decimalKeys, type DecimalKeys } from './decimal-keys.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Digits per pass: 16 bits, so a pass's counts fit a 64k table that stays in cache. */
const DIGIT_BITS = 16;
const DIGIT_VALUES = 1 << DIGIT_BITS;
const DIGIT_MASK = DIGIT_VALUES - 1;

/**
 * The permutation that sorts `values` ascending, stably (ties keep their input order), and the
 * sorted values: order[k] is the input index of the k-th smallest, sorted[k] its value.
 */
export function sortAscending(values: ArrayLike<number>): { order: Uint32Array; sorted: Float64Array } {
  const n = values.length;
  const doubles = new Float64Array(n);
  let anyNegative = false;
  for (let i = 0; i < n; i++) {
    doubles[i] = values[i]! + 0; // -0 becomes +0
    if (doubles[i]! < 0) anyNegative = true;
  }
  if (!anyNegative) return sortNonNegative(doubles);
  const words = new Uint32Array(doubles.buffer);
  const lowWord = LITTLE_ENDIAN ? 0 : 1;
  let high = new Uint32Array(n);
  let low = new Uint32Array(n);
  let index = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1 - lowWord]!;
    const l = words[2 * i + lowWord]!;
    const negative = h >= 0x80000000;
    high[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    low[i] = negative ? ~l >>> 0 : l;
    index[i] = i;
  }
  let nextHigh = new Uint32Array(n);
  let nextLow = new Uint32Array(n);
  let nextIndex = new Uint32Array(n);
  const bucketStart = new Uint32Array(DIGIT_VALUES);
  for (let pass = 0; pass < 4; pass++) {
    const digits = pass < 2 ? low : high;
    const shift = (pass % 2) * DIGIT_BITS;
    bucketStart.fill(0);
    for (let i = 0; i < n; i++) bucketStart[(digits[i]! >>> shift) & DIGIT_MASK]!++;
    if (n === 0 || bucketStart[(digits[0]! >>> shift) & DIGIT_MASK] === n) continue;
    countsToStarts(bucketStart);
    for (let i = 0; i < n; i++) {
      const target = bucketStart[(digits[i]! >>> shift) & DIGIT_MASK]!++;
      nextHigh[target] = high[i]!;
      nextLow[target] = low[i]!;
      nextIndex[target] = index[i]!;
    }
    [high, nextHigh] = [nextHigh, high];
    [low, nextLow] = [nextLow, low];
    [index, nextIndex] = [nextIndex, index];
  }
  for (let i = 0; i < n; i++) {
    const h = high[i]!;
    const negative = h < 0x80000000;
    words[2 * i + 1 - lowWord] = negative ? ~h >>> 0 : h & 0x7fffffff;
    words[2 * i + lowWord] = negative ? ~low[i]! >>> 0 : low[i]!;
  }
  return { order: index, sorted: doubles };
}

/**
 * The same sort when no value is negative (survival times, always): the bit patterns of doubles
 * >= 0 already order as unsigned integers, so the passes move the doubles themselves and their
 * input indices, with no flipped copies and no gather afterwards. Takes `doubles` as scratch.
 */
function sortNonNegative(doubles: Float64Array): { order: Uint32Array; sorted: Float64Array } {
  const n = doubles.length;
  const decimal = decimalKeys(doubles);
  if (decimal !== null) {
    // The input indices as the payload: what comes back with each sorted value is its index.
    const index = new Uint32Array(n);
    for (let i = 0; i < n; i++) index[i] = i;
    const { sorted, payload } = sortByDecimalKeys(doubles, decimal, index, false)!;
    return { order: payload, sorted };
  }
  let keys: Float64Array = doubles;
  let index = new Uint32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  let nextKeys: Float64Array = new Float64Array(n);
  let nextIndex = new Uint32Array(n);
  const bucketStart = new Uint32Array(DIGIT_VALUES);
  for (let pass = 0; pass < 4; pass++) {
    const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
    const word = (pass < 2) === LITTLE_ENDIAN ? 0 : 1;
    const shift = (pass % 2) * DIGIT_BITS;
    bucketStart.fill(0);
    for (let i = 0; i < n; i++) bucketStart[(words[2 * i + word]! >>> shift) & DIGIT_MASK]!++;
    if (n === 0 || bucketStart[(words[word]! >>> shift) & DIGIT_MASK] === n) continue;
    countsToStarts(bucketStart);
    for (let i = 0; i < n; i++) {
      const target = bucketStart[(words[2 * i + word]! >>> shift) & DIGIT_MASK]!++;
      nextKeys[target] = keys[i]!;
      nextIndex[target] = index[i]!;
    }
    [keys, nextKeys] = [nextKeys, keys];
    [index, nextIndex] = [nextIndex, index];
  }
  return { order: index, sorted: keys };
}

/**
 * Rows sorted by time (or regrouped): the keys, the input index of each sorted position (null when
 * not asked for) and the payload, by sorted position.
 */
export interface CarriedRows {
  sorted: Float64Array;
  order: Uint32Array | null;
  payload: Uint32Array;
}

/**
 * sortNonNegative's sort of `keys` (all >= 0, no -0, no NaN), stable, moving `payload` along:
 * payload[k] of the result belongs to the k-th smallest key, whose input index is order[k] when
 * `withOrder` (without it the passes move 12 bytes a row instead of 16). Takes `keys` and `payload`
 * as scratch; `scratch` hands the other set of buffers of the passes (null when none ran) to a
 * regroupCarrying after it.
 */
export function sortCarrying(
  keys: Float64Array,
  payload: Uint32Array,
  withOrder: boolean,
): CarriedRows & { scratch: CarriedRows | null } {
  const n = keys.length;
  const histograms = digitHistograms(keys);
  let order: Uint32Array | null = null;
  if (withOrder) {
    order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
  }
  let rows: CarriedRows = { sorted: keys, order, payload };
  let spare: CarriedRows | null = null;
  for (let pass = 0; pass < 4; pass++) {
    const word = (pass < 2) === LITTLE_ENDIAN ? 0 : 1;
    const shift = (pass % 2) * DIGIT_BITS;
    const bucketStart = histograms.subarray(pass * DIGIT_VALUES, (pass + 1) * DIGIT_VALUES);
    const digits = new Uint32Array(rows.sorted.buffer, rows.sorted.byteOffset, 2 * n);
    if (n === 0 || bucketStart[(digits[word]! >>> shift) & DIGIT_MASK] === n) continue;
    countsToStarts(bucketStart);
    spare ??= { sorted: new Float64Array(n), order: withOrder ? new Uint32Array(n) : null, payload: new Uint32Array(n) };
    const { sorted, order: index, payload: carried } = rows;
    const { sorted: nextSorted, order: nextIndex, payload: nextCarried } = spare;
    if (index === null || nextIndex === null) {
      for (let i = 0; i < n; i++) {
        const target = bucketStart[(digits[2 * i + word]! >>> shift) & DIGIT_MASK]!++;
        nextSorted[target] = sorted[i]!;
        nextCarried[target] = carried[i]!;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const target = bucketStart[(digits[2 * i + word]! >>> shift) & DIGIT_MASK]!++;
        nextSorted[target] = sorted[i]!;
        nextIndex[target] = index[i]!;
        nextCarried[target] = carried[i]!;
      }
    }
    [rows, spare] = [spare, rows];
  }
  return { ...rows, scratch: spare };
}

/** Blocks of a sort by (block, key): block = payload >>> shift, 0 <= block < count. */
export interface SortBlocks {
  shift: number;
  count: number;
}

/**
 * sortCarrying by the values' decimal keys, stable; with `blocks`, by (block, key), and offsets[b] ..
 * offsets[b + 1] - 1 are the positions of block b. Null when the blocks' table would be too large
 * (count x range > max(2^16, 4n)): the caller sorts and regroups. Takes `values` and `payload` as
 * scratch, and hands them back as `scratch`.
 */
export function sortByDecimalKeys(
  values: Float64Array,
  { keys, range }: DecimalKeys,
  payload: Uint32Array,
  withOrder: boolean,
  blocks: SortBlocks | null = null,
): (CarriedRows & { scratch: CarriedRows; offsets: Uint32Array | null }) | null {
  const n = values.length;
  const tableLimit = Math.max(DIGIT_VALUES, 4 * n);
  const blockCount = blocks?.count ?? 1;
  if (blockCount * range > tableLimit) {
    if (blocks !== null) return null;
    return { ...sortByKeyDigits(values, keys, payload, withOrder), offsets: null };
  }
  const sorted = new Float64Array(n);
  const carried = new Uint32Array(n);
  const order = withOrder ? new Uint32Array(n) : null;
  const bucketStart = new Uint32Array(blockCount * range);
  const shift = blocks?.shift ?? 0;
  if (blocks === null) {
    for (let i = 0; i < n; i++) bucketStart[keys[i]!]!++;
  } else {
    for (let i = 0; i < n; i++) bucketStart[(payload[i]! >>> shift) * range + keys[i]!]!++;
  }
  countsToStarts(bucketStart);
  let offsets: Uint32Array | null = null;
  if (blocks !== null) {
    offsets = new Uint32Array(blockCount + 1);
    for (let b = 0; b < blockCount; b++) offsets[b] = bucketStart[b * range]!;
    offsets[blockCount] = n;
    for (let i = 0; i < n; i++) {
      const value = payload[i]!;
      const target = bucketStart[(value >>> shift) * range + keys[i]!]!++;
      sorted[target] = values[i]!;
      carried[target] = value;
      if (order !== null) order[target] = i;
    }
  } else if (order === null) {
    for (let i = 0; i < n; i++) {
      const target = bucketStart[keys[i]!]!++;
      sorted[target] = values[i]!;
      carried[target] = payload[i]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const target = bucketStart[keys[i]!]!++;
      sorted[target] = values[i]!;
      carried[target] = payload[i]!;
      order[target] = i;
    }
  }
  return { sorted, order, payload: carried, scratch: { sorted: values, order: null, payload }, offsets };
}

/** Two stable counting passes over 16-bit digits of the keys (low, then high), moving the keys along. */
function sortByKeyDigits(
  values: Float64Array,
  keys: Uint32Array,
  payload: Uint32Array,
  withOrder: boolean,
): CarriedRows & { scratch: CarriedRows } {
  const n = values.length;
  const sorted = new Float64Array(n);
  const carried = new Uint32Array(n);
  const order = withOrder ? new Uint32Array(n) : null;
  const low = new Uint32Array(DIGIT_VALUES);
  const high = new Uint32Array(DIGIT_VALUES);
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    low[key & DIGIT_MASK]!++;
    high[key >>> DIGIT_BITS]!++;
  }
  countsToStarts(low);
  countsToStarts(high);
  // Low digit: into the new buffers, with the keys; high digit: back into the callers' (scratch) buffers.
  const lowKeys = new Uint32Array(n);
  const lowOrder = withOrder ? new Uint32Array(n) : null;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const target = low[key & DIGIT_MASK]!++;
    lowKeys[target] = key;
    sorted[target] = values[i]!;
    carried[target] = payload[i]!;
    if (lowOrder !== null) lowOrder[target] = i;
  }
  for (let i = 0; i < n; i++) {
    const target = high[lowKeys[i]! >>> DIGIT_BITS]!++;
    values[target] = sorted[i]!;
    payload[target] = carried[i]!;
    if (order !== null) order[target] = lowOrder![i]!;
  }
  return { sorted: values, order, payload, scratch: { sorted, order: null, payload: carried } };
}

/** The digit counts of the four 16-bit passes over the bit patterns of `keys`, in one read. */
function digitHistograms(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const histograms = new Uint32Array(4 * DIGIT_VALUES);
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  const low = LITTLE_ENDIAN ? 0 : 1;
  for (let i = 0; i < n; i++) {
    const l = words[2 * i + low]!;
    const h = words[2 * i + 1 - low]!;
    histograms[l & DIGIT_MASK]!++;
    histograms[DIGIT_VALUES + (l >>> DIGIT_BITS)]!++;
    histograms[2 * DIGIT_VALUES + (h & DIGIT_MASK)]!++;
    histograms[3 * DIGIT_VALUES + (h >>> DIGIT_BITS)]!++;
  }
  return histograms;
}

/**
 * Stable regrouping of `rows` by the key payload >>> shift (0 <= key < keyCount), as countingSort:
 * each group keeps the rows' order. offsets[k] .. offsets[k + 1] - 1 are the positions of key k.
 * Writes into `into` when given (buffers as long as `rows`', no longer needed), else into new ones.
 */
export function regroupCarrying(
  rows: CarriedRows,
  shift: number,
  keyCount: number,
  into: CarriedRows | null = null,
): CarriedRows & { offsets: Uint32Array } {
  const { sorted, order, payload } = rows;
  const n = sorted.length;
  const offsets = new Uint32Array(keyCount + 1);
  for (let i = 0; i < n; i++) offsets[(payload[i]! >>> shift) + 1]!++;
  for (let k = 0; k < keyCount; k++) offsets[k + 1]! += offsets[k]!;
  const next = offsets.slice(0, keyCount);
  const nextSorted = into?.sorted ?? new Float64Array(n);
  const nextPayload = into?.payload ?? new Uint32Array(n);
  const nextOrder = order === null ? null : (into?.order ?? new Uint32Array(n));
  for (let i = 0; i < n; i++) {
    const value = payload[i]!;
    const target = next[value >>> shift]!++;
    nextSorted[target] = sorted[i]!;
    nextPayload[target] = value;
    if (nextOrder !== null) nextOrder[target] = order![i]!;
  }
  return { sorted: nextSorted, order: nextOrder, payload: nextPayload, offsets };
}

/** Turns a pass's digit counts into each digit's first position (an exclusive prefix sum), in place. */
function countsToStarts(bucketStart: Uint32Array): void {
  let position = 0;
  for (let d = 0; d < bucketStart.length; d++) {
    const count = bucketStart[d]!;
    bucketStart[d] = position;
    position += count;
  }
}

/** Stable reordering of `order` by the integer key of each row (0 <= key[row] < keyCount). */
export function countingSort(order: Uint32Array, key: ArrayLike<number>, keyCount: number): Uint32Array {
  const start = new Uint32Array(keyCount + 1);
  for (let i = 0; i < order.length; i++) start[key[order[i]!]! + 1]!++;
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const sorted = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    sorted[start[key[row]!]!++] = row;
  }
  return sorted;
}
