/**
 * Distribution functions against R 4.2.2 (values printed with options(digits = 17)).
 */
import { describe, expect, test } from 'vitest';
import {
  chiSquareQuantile,
  chiSquareUpperTail,
  fUpperTail,
  logChoose,
  logGamma,
  normalQuantile,
  normalTwoSidedP,
  normalUpperTail,
  tQuantile,
} from '../../src/stats/distributions.js';

/** @stdlib and R use different algorithms; they agree to a few ulps, far below any printed digit. */
const RELATIVE = 1e-12;

function expectRelative(actual: number, expected: number, relative = RELATIVE): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('normal', () => {
  test('qnorm(0.975) = 1.959963984540054 (never 1.96) and qnorm(0.995)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 15);
    expectRelative(normalQuantile(0.995), 2.5758293035488999);
  });

  test('upper tail directly, not 1 - cdf: pnorm(-5), pnorm(-30)', () => {
    expectRelative(normalUpperTail(5), 2.8665157187919391e-7);
    expectRelative(normalUpperTail(30), 4.9067139271481872e-198);
    expectRelative(normalTwoSidedP(1.959963984540054), 0.050000000000000024);
  });
});

describe('chi-square', () => {
  test.each([
    [1000, 1, 1.7958327848007259e-219],
    [3.841458820694124, 1, 0.049999999999999975],
    [10.3267419548856, 1, 0.0013111645203555116],
    [25.4037003457854, 3, 1.2712459390060682e-5],
    [700, 2, 9.9295903962649796e-153],
    [1e-10, 2, 0.99999999995],
  ])('pchisq(%d, %d, lower.tail = FALSE) = %d', (x, df, p) => {
    expectRelative(chiSquareUpperTail(x, df), p);
  });

  test('edges: x <= 0 gives 1, df <= 0 gives NaN', () => {
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(chiSquareUpperTail(5, 0)).toBeNaN();
  });

  test('qchisq(0.95, 1) and qchisq(0.95, 3)', () => {
    expectRelative(chiSquareQuantile(0.95, 1), 3.841458820694124);
    expectRelative(chiSquareQuantile(0.95, 3), 7.8147279032511792);
  });
});

describe('F, t, gamma', () => {
  test('pf upper tail', () => {
    expectRelative(fUpperTail(47.9582644102305, 3, 24), 2.7366654677403949e-10);
    expectRelative(fUpperTail(1e-3, 2, 10), 0.9990005997201119);
  });

  test('qt(0.975, 10), lgamma(0.5), lgamma(100), lchoose(50, 25)', () => {
    expectRelative(tQuantile(0.975, 10), 2.2281388519862739);
    expectRelative(logGamma(0.5), 0.57236494292470008);
    expectRelative(logGamma(100), 359.1342053695754);
    expectRelative(logChoose(50, 25), 32.470556505811984);
  });
});
