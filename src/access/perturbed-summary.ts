/**
 * The distribution of a continuous variable as an aggregate-only principal may see it: mean, SD and
 * quartiles with noise tied to the records behind them, quartiles only over enough patients, and
 * never the extremes. docs/disclosure.md, "Tables and summaries" gives the attacks this answers.
 *
 * Why noise on the magnitudes themselves. From the exact means of a cohort A (n patients) and of A
 * plus one patient p, x_p = (n+1)·mean(A+p) − n·mean(A); from the exact SDs,
 * (x_p − mean(A))² = (n+1)/n · (SS(A+p) − SS(A)) with SS = (n−1)·SD². Rounding or perturbing n
 * alone does not help: an error of ±2 in n moves the first estimate by about 2·(mean(A+p) − mean(A)),
 * a small fraction of the variable's spread. The ABS TableBuilder answers this for magnitude tables
 * by perturbing each released sum or mean with noise drawn from the cell key, a deterministic
 * function of the records in the cell (Fraser & Wooton 2005; Thompson, Broadfoot & Elazar 2013):
 * the same records always give the same noise, so asking again does not average it away, and a
 * cohort that differs by one patient gets unrelated noise.
 *
 * The rule: the sum of the n values gets c·σ·Z_mean and their sum of squared deviations
 * 2c·σ²·Z_sd, σ the sample SD, each Z drawn from that statistic's own key with |Z| uniform on
 * [0.5, 1.5] and a random sign (no perturbation is negligible). The differencing estimate of x_p
 * then errs by c·(σ₂Z₂ − σ₁Z₁) ≈ c·σ·(Z₂ − Z₁), of the order of the variable's spread, while the
 * mean over n patients moves by at most 1.5·c·σ/n (0.03 σ at c = 2, n = 93) and the SD by about
 * 1.5·c/n of itself; from the SDs, (x_p − mean)² errs by about 2√2·c·σ², so |x_p − mean| by
 * about c·σ for a typical patient.
 *
 * Quartiles: below minQuantileN = 2k patients the three quartiles are withheld (with n = 5, R's
 * type-7 q1, median and q3 are exactly the 2nd, 3rd and 4th patients' values; from 2k on each
 * interpolates between two order statistics with at least two patients beyond it on either side)
 * and above it each moves by c·σ/n·Z, like the mean. Minimum and maximum are single patients' values and
 * are never released (DataSHIELD's ds.quantileMean leaves them out for the same reason).
 */
import { createHash } from 'node:crypto';
import { describe, type DescriptiveSummary } from '../stats/index.js';

/** A uniform draw in [0, 1) for one named statistic, the same every time for the same records. */
export type StatisticKey = (statistic: string) => number;

/**
 * The keys of one variable's statistics over a set of records: SHA-256 of the set's cell key (the
 * sum of its secret record keys, src/access/cell-key.ts), the variable and the statistic. The same
 * records and variable always give the same draw; another variable, or a set one patient apart,
 * an unrelated one. Without the secret the cell key, and so the noise, cannot be computed.
 */
export function statisticKeys(cellKey: number, variable: string): StatisticKey {
  return (statistic) => createHash('sha256').update(`${cellKey}\u0000${variable}\u0000${statistic}`).digest().readUInt32BE(0) / 2 ** 32;
}

export interface MagnitudeNoiseRule {
  /** c: the noise on the implied sum n·s is c·σ·Z. */
  scale: number;
  /** Quartiles are withheld below this many values. */
  minQuantileN: number;
}

/** c = 2: the differencing estimate errs by about 2σ·(Z₂ − Z₁) (|error| < σ/4 with probability ≈ 1/8). */
export const MAGNITUDE_NOISE_SCALE = 2;

export function magnitudeNoiseRule(threshold: number): MagnitudeNoiseRule {
  return { scale: MAGNITUDE_NOISE_SCALE, minQuantileN: 2 * threshold };
}

/** A released summary: no extremes; the quartiles null when fewer than minQuantileN values are perturbed ones. */
export type PerturbedSummary = Omit<DescriptiveSummary, 'min' | 'max'>;

/** Z from a uniform draw u: the sign from which half u is in, the magnitude uniform on [0.5, 1.5]. */
export function noiseFactor(u: number): number {
  if (!(u >= 0 && u < 1)) throw new RangeError(`A statistic key must be in [0, 1), got ${u}`);
  return u < 0.5 ? -(0.5 + 2 * u) : 0.5 + 2 * (u - 0.5);
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const squares = (values: readonly number[], centre: number) => values.reduce((total, value) => total + (value - centre) ** 2, 0);

/**
 * The released summary of `known` ∪ `perturbed` values. `perturbed` are the values the principal
 * may not see (every value for a consortium analyst; those of other sites for a site role), and
 * `key` is drawn from their records only; `known` are the principal's own site's, which it can
 * read anyway and could add to any cohort at will. Their part enters exactly and the noise scale
 * is the other part's, so padding a cohort with known patients changes neither the noise nor its
 * scale and tells nothing (the own-site rule of src/access/cell-key.ts, applied to magnitudes).
 *
 * Sums are perturbed, then recombined: S̃ = S + c·σ·Z_mean over the perturbed part, its sum of
 * squared deviations SS̃ = SS + 2c·σ²·Z_ss (≥ 0), and the parts joined as for a pooled variance:
 * SS = SS_known + SS̃ + n_known·n_other/n · (mean_known − S̃/n_other)².
 */
export function perturbSummary(known: readonly number[], perturbed: readonly number[], key: StatisticKey, rule: MagnitudeNoiseRule): PerturbedSummary {
  const n = known.length + perturbed.length;
  if (n === 0) return { n, mean: null, sd: null, median: null, q1: null, q3: null };
  const exact = describe([...known, ...perturbed]);
  const m = perturbed.length;
  const sigma = m < 2 ? 0 : Math.sqrt(squares(perturbed, sum(perturbed) / m) / (m - 1));
  const otherSum = sum(perturbed) + rule.scale * sigma * noiseFactor(key('mean'));
  const otherSquares = m === 0 ? 0 : Math.max(0, squares(perturbed, sum(perturbed) / m) + 2 * rule.scale * sigma ** 2 * noiseFactor(key('sd')));
  const knownMean = known.length === 0 ? 0 : sum(known) / known.length;
  const pooledSquares = squares(known, knownMean) + otherSquares + (m === 0 || known.length === 0 ? 0 : ((known.length * m) / n) * (knownMean - otherSum / m) ** 2);
  const mean = (sum(known) + otherSum) / n;
  const sd = n < 2 ? null : Math.sqrt(pooledSquares / (n - 1));
  if (m < rule.minQuantileN) return { n, mean, sd, median: null, q1: null, q3: null };
  const step = m === 0 ? 0 : (rule.scale * sigma) / m;
  const [q1, median, q3] = [exact.q1! + step * noiseFactor(key('q1')), exact.median! + step * noiseFactor(key('median')), exact.q3! + step * noiseFactor(key('q3'))].sort((a, b) => a - b);
  return { n, mean, sd, median: median!, q1: q1!, q3: q3! };
}
