/**
 * Exact counts at any cohort size. The published counts are for 93 patients; a cohort of
 * another size gets the same proportions, rounded by Hamilton's largest-remainder method, so
 * the parts always add up to the total and equal the published counts at 93.
 */

/** `total` split into integers proportional to `weights`; equal remainders go to the earlier part. */
export function apportion(weights: readonly number[], total: number): number[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  if (weightSum <= 0 || total <= 0) return weights.map(() => 0);
  const quotas = weights.map((weight) => (weight * total) / weightSum);
  const parts = quotas.map((quota) => Math.floor(quota));
  let left = total - parts.reduce((sum, part) => sum + part, 0);
  const byRemainder = quotas
    .map((quota, index) => ({ index, remainder: quota - Math.floor(quota) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    left--;
  }
  return parts;
}

/** `count` of `reference` patients, rescaled to a group of `size` (exact when size = reference). */
export function rescaleCount(count: number, reference: number, size: number): number {
  return Math.round((count * size) / reference);
}
