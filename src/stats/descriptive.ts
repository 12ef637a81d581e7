/**
 * Descriptive statistics for tables of characteristics and lab trajectories.
 *   mean = Σx / n;  sd = sqrt(Σ(x - mean)² / (n - 1))  (sample SD, R's sd())
 *   quantile(p) = R's default type 7: h = (n - 1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])
 *   (Hyndman & Fan 1996, definition 7).
 */
import { StatsInputError } from './errors.js';

export interface DescriptiveSummary {
  n: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

/** R's quantile(x, p, type = 7) of already sorted values. */
export function quantileType7(sorted: readonly number[], probability: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * probability;
  const low = Math.floor(h);
  const lowValue = sorted[low]!;
  return low + 1 < sorted.length ? lowValue + (h - low) * (sorted[low + 1]! - lowValue) : lowValue;
}

export function describe(values: readonly number[]): DescriptiveSummary {
  values.forEach((value, index) => {
    if (!Number.isFinite(value)) throw new StatsInputError(`values[${index}]`, `must be a finite number, got ${value}`);
  });
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, median: null, q1: null, q3: null, min: null, max: null };
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n,
    mean,
    sd,
    median: quantileType7(sorted, 0.5),
    q1: quantileType7(sorted, 0.25),
    q3: quantileType7(sorted, 0.75),
    min: sorted[0]!,
    max: sorted[n - 1]!,
  };
}
