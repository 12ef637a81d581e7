/**
 * The magnitude perturbation of src/access/perturbed-summary.ts on its own: bounded noise that is
 * never negligible, the same for the same records, unrelated for records one patient apart,
 * padding with known patients telling nothing, and quartiles withheld on small sets.
 */
import { describe, expect, it } from 'vitest';
import { describe as exactSummary } from '../../src/stats/index.js';
import { magnitudeNoiseRule, noiseFactor, perturbSummary, statisticKeys } from '../../src/access/perturbed-summary.js';
import { mulberry32 } from '../helpers/prng.js';

const rule = magnitudeNoiseRule(5);
const normal = (random: () => number, mean: number, sd: number) => mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

describe('noiseFactor', () => {
  it('maps [0, 1) onto ±[0.5, 1.5], symmetric, and refuses anything else', () => {
    expect(noiseFactor(0)).toBe(-0.5);
    expect(noiseFactor(0.4999999)).toBeCloseTo(-1.5, 5);
    expect(noiseFactor(0.5)).toBe(0.5);
    expect(noiseFactor(0.9999999)).toBeCloseTo(1.5, 5);
    expect(() => noiseFactor(1)).toThrow(RangeError);
  });
});

describe('perturbSummary', () => {
  const random = mulberry32(11);
  const values = Array.from({ length: 93 }, () => normal(random, 65, 10));
  const exact = exactSummary(values);

  it('moves the mean by between 0.5 and 1.5 times c·σ/n, and the SD by a few percent', () => {
    for (let cell = 0; cell < 50; cell++) {
      const released = perturbSummary([], values, statisticKeys(cell * 7919, 'ageAtIndex'), rule);
      const step = (rule.scale * exact.sd!) / values.length;
      const moved = Math.abs(released.mean! - exact.mean!);
      expect(moved).toBeGreaterThanOrEqual(0.5 * step - 1e-12);
      expect(moved).toBeLessThanOrEqual(1.5 * step + 1e-12);
      expect(Math.abs(released.sd! / exact.sd! - 1)).toBeLessThan(0.04);
      expect(released.q1!).toBeLessThanOrEqual(released.median!);
      expect(released.median!).toBeLessThanOrEqual(released.q3!);
      expect(Math.abs(released.median! - exact.median!)).toBeLessThanOrEqual(1.5 * step + 1e-12);
    }
  });

  it('gives the same records the same noise, and another variable other noise', () => {
    const a = perturbSummary([], values, statisticKeys(42, 'ageAtIndex'), rule);
    expect(perturbSummary([], [...values], statisticKeys(42, 'ageAtIndex'), rule)).toEqual(a);
    expect(perturbSummary([], values, statisticKeys(42, 'followUpMonths'), rule).mean).not.toBe(a.mean);
  });

  it('withholds the quartiles below 2k values but not the mean and SD', () => {
    const released = perturbSummary([], values.slice(0, 9), statisticKeys(1, 'x'), rule);
    expect(released).toMatchObject({ n: 9, median: null, q1: null, q3: null });
    expect(released.mean).not.toBeNull();
    expect(perturbSummary([], values.slice(0, 10), statisticKeys(1, 'x'), rule).median).not.toBeNull();
  });

  it('lets known (own-site) values through exactly: padding changes neither the noise nor its scale', () => {
    const other = values.slice(0, 40);
    const known = values.slice(40, 60);
    const key = statisticKeys(99, 'x');
    const alone = perturbSummary([], other, key, rule);
    const padded = perturbSummary(known, other, key, rule);
    const knownSum = known.reduce((s, v) => s + v, 0);
    expect(padded.mean! * padded.n - knownSum).toBeCloseTo(alone.mean! * alone.n, 9);
  });

  it('defeats mean differencing: (n+1)·mean₂ − n·mean₁ misses the added value by about c·σ', () => {
    const errors: number[] = [];
    for (let trial = 0; trial < 400; trial++) {
      const base = values.slice(0, 60 + (trial % 30));
      const added = values[92]!;
      const n = base.length;
      const before = perturbSummary([], base, statisticKeys(trial * 2, 'x'), rule);
      const after = perturbSummary([], [...base, added], statisticKeys(trial * 2 + 1, 'x'), rule);
      const exactEstimate = (n + 1) * exactSummary([...base, added]).mean! - n * exactSummary(base).mean!;
      expect(exactEstimate).toBeCloseTo(added, 9);
      errors.push(Math.abs((n + 1) * after.mean! - n * before.mean! - added) / exact.sd!);
    }
    const within = (bound: number) => errors.filter((e) => e < bound).length / errors.length;
    expect(within(0.25)).toBeLessThan(0.2);
    expect(errors.reduce((s, e) => s + e, 0) / errors.length).toBeGreaterThan(1);
  });
});
