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
 */

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
