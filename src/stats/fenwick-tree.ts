/**
 * Sums of weights on the values 1..size with "how much weight on values <= k" in O(log size)
 * (Fenwick 1994, Software: Practice and Experience 24:327); a negative weight takes weight out.
 * reset() costs O(previous size + 1), so resetting once per stratum is O(n) in all.
 */
export class FenwickTree {
  private readonly tree: Float64Array;
  private readonly counts: Float64Array;
  private size = 0;
  total = 0;

  constructor(capacity: number) {
    this.tree = new Float64Array(capacity + 1);
    this.counts = new Float64Array(capacity + 1);
  }

  /** Empties the tree and lets it hold the values 1..size (size <= capacity). */
  reset(size: number): void {
    this.tree.fill(0, 0, this.size + 1);
    this.counts.fill(0, 0, this.size + 1);
    this.size = size;
    this.total = 0;
  }

  add(position: number, weight = 1): void {
    this.total += weight;
    this.counts[position]! += weight;
    for (let k = position; k <= this.size; k += k & -k) this.tree[k]! += weight;
  }

  countUpTo(position: number): number {
    let sum = 0;
    for (let k = position; k > 0; k -= k & -k) sum += this.tree[k]!;
    return sum;
  }

  countAt(position: number): number {
    return this.counts[position]!;
  }
}
