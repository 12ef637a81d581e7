/**
 * A set of items with positive integer weights, drawn from in proportion to weight and
 * removed in O(log n): a Fenwick (binary indexed) tree of the weights (Fenwick, "A new data
 * structure for cumulative frequency tables", Software: Practice and Experience 24(3), 1994).
 * Integer weights keep every sum exact, so draws do not depend on floating-point drift.
 */
import type { Random } from './prng.js';

export class WeightedPool {
  private readonly tree: Float64Array;
  private readonly weights: Float64Array;
  private highestStep = 1;
  private sum = 0;

  constructor(capacity: number) {
    this.tree = new Float64Array(capacity + 1);
    this.weights = new Float64Array(capacity);
    while (this.highestStep * 2 <= capacity) this.highestStep *= 2;
  }

  get total(): number {
    return this.sum;
  }

  /** Adds item `index` (0-based) with `weight`, a positive integer. */
  add(index: number, weight: number): void {
    this.update(index, weight);
    this.weights[index] = weight;
  }

  remove(index: number): void {
    this.update(index, -(this.weights[index] ?? 0));
    this.weights[index] = 0;
  }

  /** An item drawn with probability weight / total; the pool must not be empty. */
  draw(random: Random): number {
    let target = Math.floor(random.uniform() * this.sum);
    let position = 0;
    for (let step = this.highestStep; step > 0; step >>= 1) {
      const next = position + step;
      const partial = this.tree[next] ?? Infinity;
      if (partial <= target) {
        position = next;
        target -= partial;
      }
    }
    return position;
  }

  private update(index: number, delta: number): void {
    this.sum += delta;
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i] = (this.tree[i] ?? 0) + delta;
  }
}
