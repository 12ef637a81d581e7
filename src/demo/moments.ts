/**
 * Exact sample moments within bounds. Used where a published mean and SD must hold exactly in a
 * small group (age, activity, labs per timepoint) while every value keeps a constraint of its own
 * (a range, a CTCAE grade band). The values are mapped by an affine map, which keeps their
 * shape, and clamped to their bounds; the map is corrected until the moments of the clamped
 * values meet the targets (fixed-point iteration; it stops once within 1e-10). The mean takes
 * precedence: when the bounds leave no room for the SD, the mean is still met if it can be.
 */

export interface Bounds {
  readonly lower: number;
  readonly upper: number;
}

export interface Moments {
  readonly mean: number;
  /** Sample SD (n − 1). */
  readonly sd: number;
}

const MAX_ITERATIONS = 200;
/**
 * How far the map may stretch or shrink the values' spread. When bounds make the SD
 * unreachable (say, values forced into a grade band far from the mean), the scale stops here
 * and the iteration still brings the mean to its target.
 */
const SCALE_LIMIT = 4;
const RELATIVE_TOLERANCE = 1e-10;

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length === 0 ? Number.NaN : sum / values.length;
}

/** Sample standard deviation (n − 1), NaN below two values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const centre = mean(values);
  let squares = 0;
  for (const value of values) squares += (value - centre) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

const UNBOUNDED: Bounds = { lower: -Infinity, upper: Infinity };

export function clamp(value: number, bounds: Bounds): number {
  return Math.min(bounds.upper, Math.max(bounds.lower, value));
}

/** `values` moved to mean `target.mean` and sample SD `target.sd`, each within its bounds. */
export function matchMoments(values: readonly number[], bounds: readonly Bounds[], target: Moments): number[] {
  const n = values.length;
  const centre = mean(values);
  const spread = sampleSd(values);
  if (!(spread > 0)) return values.map((_, index) => clamp(target.mean, bounds[index] ?? UNBOUNDED));
  const lower = Float64Array.from(values, (_, index) => bounds[index]?.lower ?? -Infinity);
  const upper = Float64Array.from(values, (_, index) => bounds[index]?.upper ?? Infinity);
  const centred = Float64Array.from(values, (value) => value - centre);
  const moved = new Float64Array(n);
  const initialScale = target.sd / spread;
  let location = target.mean;
  let scale = initialScale;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const value = Math.min(upper[i] ?? Infinity, Math.max(lower[i] ?? -Infinity, location + scale * (centred[i] ?? 0)));
      moved[i] = value;
      sum += value;
      squares += value * value;
    }
    const movedMean = sum / n;
    const movedSd = n > 1 ? Math.sqrt(Math.max(0, (squares - n * movedMean * movedMean) / (n - 1))) : 0;
    const meanMet = Math.abs(movedMean - target.mean) <= RELATIVE_TOLERANCE * Math.abs(target.mean);
    const sdMet = n < 2 || Math.abs(movedSd - target.sd) <= RELATIVE_TOLERANCE * target.sd;
    if (meanMet && sdMet) break;
    location += target.mean - movedMean;
    if (movedSd > 0) scale = Math.min(SCALE_LIMIT * initialScale, Math.max(initialScale / SCALE_LIMIT, (scale * target.sd) / movedSd));
  }
  return Array.from(moved);
}

/** `values` scaled by a common factor to mean `targetMean`, each within its bounds (positive values). */
export function scaleToMean(values: readonly number[], bounds: readonly Bounds[], targetMean: number): number[] {
  let factor = 1;
  let scaled = values.slice();
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    scaled = values.map((value, index) => clamp(value * factor, bounds[index] ?? UNBOUNDED));
    const scaledMean = mean(scaled);
    if (Math.abs(scaledMean - targetMean) <= RELATIVE_TOLERANCE * targetMean) break;
    factor *= targetMean / scaledMean;
  }
  return scaled;
}
