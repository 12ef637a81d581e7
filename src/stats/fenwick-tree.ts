/**
 * Sums of weights on the values 1..size with "how much weight on values <= k" in O(log size)
 * (Fenwick 1994, Software: Practice and Experience 24:327); a negative weight takes weight out.
 * Blocked for the cache: the weights themselves are kept per value, and a Fenwick tree sums them by
 * block of BLOCK values, so "<= k" is the tree's sum over the blocks before k's plus a short run of
 * k's own block (a few cache lines, which also hold the weight at k). With a million values the
 * tree over the blocks is 62,500 entries (500 kB) where a tree over the values themselves (8 MB)
 * misses the cache at most of its ~20 steps.
 * FenwickTree.pair: two trees over the same values stored interleaved (value v of tree t at
 * 2v + t), so that work on both at one value (concordance.ts: the subjects at risk and the events,
 * at one risk score) reads the same cache lines.
 * reset() costs O(previous size + 1), so resetting once per stratum is O(n) in all.
 */

/** Values per block: 16, so a block of a pair is 32 doubles, four cache lines. */
const BLOCK_BITS = 4;
const BLOCK = 1 << BLOCK_BITS;

export class FenwickTree {
  private size = 0;
  private blockCount = 0;
  total = 0;

  /**
   * One tree: `counts` holds the weight at value v at stride * v + lane, `blocks` the Fenwick tree
   * over the blocks (1-based) at stride * k + lane.
   */
  private constructor(
    private readonly counts: Float64Array,
    private readonly blocks: Float64Array,
    private readonly stride: number,
    private readonly lane: number,
  ) {}

  /** A tree for the values 1..capacity. */
  static create(capacity: number): FenwickTree {
    return new FenwickTree(new Float64Array(capacity + 1), new Float64Array((capacity >>> BLOCK_BITS) + 2), 1, 0);
  }

  /** Two trees for the values 1..capacity, stored interleaved. */
  static pair(capacity: number): [FenwickTree, FenwickTree] {
    const counts = new Float64Array(2 * (capacity + 1));
    const blocks = new Float64Array(2 * ((capacity >>> BLOCK_BITS) + 2));
    return [new FenwickTree(counts, blocks, 2, 0), new FenwickTree(counts, blocks, 2, 1)];
  }

  /** Empties the tree and lets it hold the values 1..size (size <= capacity). */
  reset(size: number): void {
    const { counts, blocks, stride, lane } = this;
    for (let v = 0; v <= this.size; v++) counts[stride * v + lane] = 0;
    for (let k = 0; k <= this.blockCount; k++) blocks[stride * k + lane] = 0;
    this.size = size;
    this.blockCount = (size >>> BLOCK_BITS) + 1;
    this.total = 0;
  }

  add(position: number, weight = 1): void {
    const { counts, blocks, stride, lane, blockCount } = this;
    this.total += weight;
    counts[stride * position + lane]! += weight;
    for (let k = (position >>> BLOCK_BITS) + 1; k <= blockCount; k += k & -k) blocks[stride * k + lane]! += weight;
  }

  countUpTo(position: number): number {
    const { counts, blocks, stride, lane } = this;
    let sum = 0;
    for (let k = position >>> BLOCK_BITS; k > 0; k -= k & -k) sum += blocks[stride * k + lane]!;
    for (let v = position & ~(BLOCK - 1); v <= position; v++) sum += counts[stride * v + lane]!;
    return sum;
  }

  countAt(position: number): number {
    return this.counts[this.stride * position + this.lane]!;
  }
}
