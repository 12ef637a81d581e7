/**
 * Categories with exact counts that still follow a patient's risk profile: patients are ranked
 * by a latent score and the categories are dealt out down the ranking. A Gaussian-copula
 * construction with fixed margins: the score carries the correlation, the counts stay exact.
 */
import type { Random } from './prng.js';

/**
 * A latent score: `loading` on a shared factor (standard normal) plus independent noise, so
 * that the score is standard normal and correlates with the factor by `loading`.
 */
export function latentScore(random: Random, factor: number, loading: number): number {
  return loading * factor + Math.sqrt(1 - loading * loading) * random.normal();
}

/**
 * The category index of each patient: the `counts[0]` highest scores get 0, the next
 * `counts[1]` get 1, and so on. `counts` must add up to `scores.length`; ties keep input order.
 */
export function assignByRank(scores: readonly number[], counts: readonly number[]): number[] {
  const order = scores.map((score, index) => ({ score, index })).sort((a, b) => b.score - a.score || a.index - b.index);
  const categories = new Array<number>(scores.length).fill(-1);
  let position = 0;
  counts.forEach((count, category) => {
    for (let k = 0; k < count; k++) {
      const entry = order[position++];
      if (entry) categories[entry.index] = category;
    }
  });
  if (position !== scores.length) throw new Error(`assignByRank: counts add up to ${position}, expected ${scores.length}`);
  return categories;
}

/** The `count` indices of `eligible` with the highest scores. */
export function topByScore(eligible: readonly number[], score: (index: number) => number, count: number): number[] {
  return eligible
    .map((index) => ({ index, score: score(index) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .map(({ index }) => index);
}
