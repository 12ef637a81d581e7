import { describe, expect, it } from 'vitest';
import { matchMoments, mean, sampleSd, scaleToMean } from '../../src/demo/moments.js';
import { createRandom } from '../../src/demo/prng.js';

describe('matchMoments', () => {
  const random = createRandom(11);
  const draws = Array.from({ length: 60 }, () => Math.exp(random.normal()));

  it('meets the mean and sample SD exactly when the bounds allow', () => {
    const moved = matchMoments(draws, [], { mean: 143.1, sd: 89.3 });
    expect(mean(moved)).toBeCloseTo(143.1, 8);
    expect(sampleSd(moved)).toBeCloseTo(89.3, 8);
  });

  it('keeps every value within its own bounds, and still meets both moments', () => {
    const bounds = draws.map((_, i) => (i < 6 ? { lower: 301, upper: 600 } : { lower: 35, upper: 300 }));
    const moved = matchMoments(draws, bounds, { mean: 143.1, sd: 89.3 });
    moved.forEach((value, i) => {
      expect(value).toBeGreaterThanOrEqual(bounds[i]?.lower ?? 0);
      expect(value).toBeLessThanOrEqual(bounds[i]?.upper ?? 0);
    });
    expect(mean(moved)).toBeCloseTo(143.1, 6);
    expect(sampleSd(moved)).toBeCloseTo(89.3, 6);
  });

  it('puts the mean first when the bounds leave no room for the SD', () => {
    const bounds = draws.map((_, i) => (i < 2 ? { lower: 3.1, upper: 10 } : { lower: 0.1, upper: 1.5 }));
    const moved = matchMoments(draws, bounds, { mean: 0.8, sd: 0.3 });
    expect(mean(moved)).toBeCloseTo(0.8, 8);
    expect(sampleSd(moved)).toBeGreaterThan(0.3);
  });
});

describe('scaleToMean', () => {
  it('scales positive values to a mean within their bounds, the others making up for a clamped one', () => {
    const bounds = { lower: 1, upper: 216 };
    const scaled = scaleToMean([10, 20, 30, 400], [bounds, bounds, bounds, bounds], 100);
    expect(mean(scaled)).toBeCloseTo(100, 6);
    expect(scaled[3]).toBe(216);
    expect((scaled[1] ?? 0) / (scaled[0] ?? 1)).toBeCloseTo(2, 10);
  });
});
