import { describe, expect, it } from 'vitest';
import { apportion, rescaleCount } from '../../src/demo/apportion.js';

describe('apportion (largest remainder)', () => {
  it('returns the published counts at the published size', () => {
    expect(apportion([37, 43, 7, 6], 93)).toEqual([37, 43, 7, 6]);
    expect(apportion([36, 31, 26], 93)).toEqual([36, 31, 26]);
  });

  it('always adds up to the total, within one of the exact quota', () => {
    const weights = [24, 21, 15, 10, 35];
    for (const total of [1, 7, 20, 94, 1000, 100_000]) {
      const parts = apportion(weights, total);
      expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total);
      parts.forEach((part, k) => expect(Math.abs(part - ((weights[k] ?? 0) * total) / 105)).toBeLessThan(1));
    }
  });

  it('gives equal remainders to the earlier part', () => {
    expect(apportion([1, 1, 1], 2)).toEqual([1, 1, 0]);
  });

  it('rescales a count, exactly at the reference size', () => {
    expect(rescaleCount(29, 52, 52)).toBe(29);
    expect(rescaleCount(29, 52, 1040)).toBe(580);
  });
});
