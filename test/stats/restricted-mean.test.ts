/**
 * restrictedMean (summary(survfit(...), rmean = tau)$table and the two-group difference): KM1 by
 * hand, τ before, at and past the curve's times, the difference's formulas, and bad input.
 * Oracle for the decimals: R 4.2.2, survival 3.5-3 (the call quoted next to the number).
 */
import { describe, expect, test } from 'vitest';
import { kaplanMeier, restrictedMean, type RestrictedMeanInput } from '../../src/stats/index.js';
import { expectInputError } from '../helpers/stats-input-error.js';

// spec §8 KM1: S = 0.9, 0.7, 0.7, 0.56, 0.3733, 0.3733, 0 at t = 1..7
const KM1 = { time: [1, 2, 2, 2, 3, 4, 4, 5, 6, 7], event: [1, 1, 1, 0, 0, 1, 0, 1, 0, 1] };

describe('restrictedMean', () => {
  test('one curve: the area under S up to τ, past the last time the last value (0) carried', () => {
    const toFive = restrictedMean(KM1, { tau: 5 });
    expect(toFive.groups).toEqual(['all']);
    expect(toFive.n).toEqual([10]);
    expect(toFive.events).toEqual([6]);
    expect(toFive.rmean[0]).toBeCloseTo(1 + 0.9 + 0.7 + 0.7 + 0.56, 14); // tau at an event time: 3.86 in R
    expect(toFive.rmeanSe[0]).toBeCloseTo(0.478037655420575, 12);
    expect(toFive.difference).toBeNull();
    const beyond = restrictedMean(KM1, { tau: 12 });
    expect(beyond.rmean[0]).toBeCloseTo(4.60666666666667, 12);
    expect(beyond.rmeanSe[0]).toBeCloseTo(0.745247659556254, 12);
  });

  test('agrees with the restricted mean of kaplanMeier at the same end', () => {
    const curve = kaplanMeier(KM1, { rmean: 4.5 }).curves[0]!;
    const result = restrictedMean(KM1, { tau: 4.5 });
    expect(result.rmean[0]).toBe(curve.restrictedMean.estimate);
    expect(result.rmeanSe[0]).toBe(curve.restrictedMean.stdErr);
  });

  test('a curve whose first time is after τ has rmean τ and se 0 (S = 1 up to τ)', () => {
    // R: summary(survfit(Surv(t, e) ~ g), rmean = 2) with a: 3, 5, 7 and b: 1.5, 9
    const input = { time: [3, 5, 7, 1.5, 9], event: [1, 0, 1, 1, 1], group: ['a', 'a', 'a', 'b', 'b'] };
    const result = restrictedMean(input, { tau: 2 });
    expect(result.rmean).toEqual([2, 1.75]);
    expect(result.rmeanSe[0]).toBe(0);
    expect(result.rmeanSe[1]).toBeCloseTo(0.1767767, 6);
  });

  test('two groups: difference group 2 − group 1 with se, CI, z and p from the normal', () => {
    // R: tb <- summary(survfit(Surv(t, e) ~ g), rmean = 8)$table; d = rmean[2] - rmean[1], se = sqrt(sum(se^2)),
    // CI d -/+ qnorm(0.95) se, p = 2 pnorm(-|d / se|); groups 2 < 10 numerically
    const input = { time: [3, 5, 7, 9, 11, 6, 2, 8], event: [1, 0, 1, 1, 0, 1, 1, 0], group: [2, 2, 2, 2, 2, 10, 10, 10] };
    const result = restrictedMean(input, { tau: 8, confLevel: 0.9 });
    expect(result.groups).toEqual(['2', '10']);
    const expected = { estimate: -1.4, se: 1.67880027709384, lower: -4.16138072470495, upper: 1.36138072470495, z: -0.833928859258665, p: 0.404321073589384 };
    for (const [key, value] of Object.entries(expected)) {
      expect(result.difference![key as keyof typeof expected]).toBeCloseTo(value, 12);
    }
  });

  test('no test when both standard errors are 0; no difference with three groups', () => {
    const censoredOnly = { time: [1, 2, 3, 4], event: [0, 0, 0, 0], group: ['a', 'a', 'b', 'b'] };
    const difference = restrictedMean(censoredOnly, { tau: 5 }).difference!;
    expect(difference).toMatchObject({ estimate: 0, se: 0, z: null, p: null });
    const three = { time: [1, 2, 3], event: [1, 1, 1], group: ['a', 'b', 'c'] };
    expect(restrictedMean(three, { tau: 3 }).difference).toBeNull();
  });

  test.each([
    ['tau', {}],
    ['tau', { tau: -1 }],
    ['tau', { tau: Infinity }],
    ['tau', { tau: '365' }],
    ['tau', { tau: 0.5 }],
    ['confLevel', { tau: 5, confLevel: 95 }],
  ])('%s: %j raises StatsInputError', (field, options) => {
    expectInputError(() => restrictedMean(KM1, options as never), field);
  });

  test('bad input columns name their field', () => {
    expectInputError(() => restrictedMean({ time: [1, 2], event: [1] }, { tau: 1 }), 'event');
    expectInputError(() => restrictedMean({ time: [1, 2], event: [1, 0], group: ['a', ''] } as RestrictedMeanInput, { tau: 1 }), 'group');
  });

  test('τ below the first time of all curves is an error naming it', () => {
    expectInputError(() => restrictedMean(KM1, { tau: 0.5 }), 'tau', /below the first follow-up time \(1\)/);
  });
});
