/**
 * Gray's test: an 8-subject example, the singular-variance convention (stat = -1), invariances, the
 * rank rule of R's qr(), and bad input.
 * Oracle for the decimals: R 4.2.2, cmprsk 2.2-11, the call quoted next to the numbers.
 */
import { describe, expect, test } from 'vitest';
import { grayTest } from '../../src/stats/index.js';
import { qrDecompose, qrSolve } from '../../src/stats/qr-rank.js';
import { mulberry32, randomInt } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

// t <- 1:8; s <- c(1, 2, 1, 0, 1, 2, 0, 1); g <- rep(c("a", "b"), each = 4)
const EXAMPLE = { time: [1, 2, 3, 4, 5, 6, 7, 8], status: [1, 2, 1, 0, 1, 2, 0, 1], group: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'] };

describe('8 subjects, two groups', () => {
  test('cuminc(t, s, g)$Tests: stat 2.232308182546312 and 36/37, p = 1 - pchisq(stat, 1)', () => {
    const result = grayTest(EXAMPLE);
    expect(result.groups).toEqual(['a', 'b']);
    expect(result.causes).toEqual([1, 2]);
    expect(result.df).toEqual([1, 1]);
    expect(result.stat[0]).toBeCloseTo(2.232308182546312, 13);
    expect(result.stat[1]).toBeCloseTo(36 / 37, 13);
    expect(result.p[0]).toBeCloseTo(0.13515181272506, 13);
    expect(result.p[1]).toBeCloseTo(0.323939845598534, 13);
    expect(result.warnings).toEqual([]);
  });

  test('the groups swapped: the same statistics', () => {
    const swapped = grayTest({ ...EXAMPLE, group: EXAMPLE.group.map((g) => (g === 'a' ? 'b' : 'a')) });
    const straight = grayTest(EXAMPLE);
    swapped.stat.forEach((stat, k) => expect(stat).toBeCloseTo(straight.stat[k]!, 12));
  });

  test('one stratum label for every row is no stratification', () => {
    const stratified = grayTest({ ...EXAMPLE, strata: EXAMPLE.time.map(() => 'all') });
    expect(stratified.stat).toEqual(grayTest(EXAMPLE).stat);
  });
});

test('groups aliased with strata: the score variance is 0, stat = -1 and p = 1 as cmprsk', () => {
  // cuminc(t, s, g, strata = g)$Tests: stat -1, pv 1, df 1 for both causes
  const result = grayTest({ ...EXAMPLE, strata: EXAMPLE.group });
  expect(result.stat).toEqual([-1, -1]);
  expect(result.p).toEqual([1, 1]);
  expect(result.warnings).toHaveLength(2);
  expect(result.warnings[0]).toMatch(/cause 1: the score variance is singular/);
});

test('three groups: df 2, scores for the first two groups', () => {
  const random = mulberry32(7);
  const time = Array.from({ length: 90 }, () => randomInt(random, 30));
  const status = time.map(() => randomInt(random, 3));
  const group = time.map(() => randomInt(random, 3));
  const result = grayTest({ time, status, group });
  expect(result.groups).toEqual(['0', '1', '2']);
  expect(result.df).toEqual([2, 2]);
  expect(result.score.every((scores) => scores.length === 2)).toBe(true);
  expect(result.stat.every((stat) => stat >= 0)).toBe(true);
});

describe('rank as R qr() (tol 1e-7)', () => {
  test('a singular matrix has rank 1, a nearly singular one rank 2 while its pivots stay above tol', () => {
    expect(qrDecompose(Float64Array.from([1, 1, 1, 1]), 2).rank).toBe(1);
    expect(qrDecompose(Float64Array.from([1, 1, 1, 1 + 1e-9]), 2).rank).toBe(1);
    expect(qrDecompose(Float64Array.from([1, 1, 1, 1 + 1e-5]), 2).rank).toBe(2);
    expect(qrDecompose(Float64Array.from([0]), 1).rank).toBe(0);
  });

  test('solves a full-rank system', () => {
    const matrix = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]);
    const solution = qrSolve(qrDecompose(matrix, 3), Float64Array.from([1, 2, 3]));
    for (let i = 0; i < 3; i++) {
      const row = matrix[i * 3]! * solution[0]! + matrix[i * 3 + 1]! * solution[1]! + matrix[i * 3 + 2]! * solution[2]!;
      expect(row).toBeCloseTo(i + 1, 13);
    }
  });
});

describe('bad input', () => {
  test('fewer than two groups, no group, no failures', () => {
    expectInputError(() => grayTest({ time: [1, 2], status: [1, 1], group: ['a', 'a'] }), 'group', /two groups/);
    expectInputError(() => grayTest({ time: [1, 2], status: [1, 1], group: null as unknown as string[] }), 'group', /required/);
    expectInputError(() => grayTest({ time: [1, 2], status: [0, 0], group: ['a', 'b'] }), 'status', /no failures/);
  });

  test('status, lengths, rho', () => {
    expectInputError(() => grayTest({ time: [1, 2], status: [1, 0.5], group: ['a', 'b'] }), 'status', /positive integer/);
    expectInputError(() => grayTest({ time: [1, 2], status: [1, 1], group: ['a'] }), 'group', /1 values for 2 times/);
    expectInputError(() => grayTest({ time: [1, 2], status: [1, 1], group: ['a', 'b'], strata: ['x'] }), 'strata');
    expectInputError(() => grayTest(EXAMPLE, { rho: -1 }), 'rho');
  });
});
