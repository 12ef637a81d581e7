/**
 * Log-rank / G-rho: a 4-subject example worked by hand, the Freireich vectors, the edge cases of
 * docs/statistics-spec.md §7 (15–20), bad input, and seeded properties.
 * Oracle for the decimals: R 4.2.2, survival 3.5-3 (test/golden/vectors/reference_vectors.json
 * FREIREICH.survdiff_*, or the R call quoted next to the number).
 */
import { describe, expect, test } from 'vitest';
import { logRank, type LogRankInput } from '../../src/stats/log-rank.js';
import { chiSquareUpperTail } from '../../src/stats/distributions.js';
import { mulberry32, randomInt, randomPermutation } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

/** The same quadratic form computed through another group or row order agrees to round-off. */
const ROUNDING = 1e-10;

function expectClose(actual: number | null | undefined, expected: number, relative = 1e-12): void {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('worked by hand', () => {
  // A: events at 1 and 3; B: event at 2, censored at 4.
  // t=1: n=4, d=1, n_A=2: E_A += 1/2, V += (3/3)(2/4)(2/4) = 1/4
  // t=2: n=3, d=1, n_A=1: E_A += 1/3, V += (2/2)(1/3)(2/3) = 2/9
  // t=3: n=2, d=1, n_A=1: E_A += 1/2, V += (1/1)(1/2)(1/2) = 1/4
  // O_A = 2, E_A = 4/3, V_AA = 13/18, chisq = (2/3)² / (13/18) = 8/13
  const result = logRank({ time: [1, 3, 2, 4], event: [1, 1, 1, 0], group: ['A', 'A', 'B', 'B'] });

  test('observed, expected and variance', () => {
    expect(result.groups).toEqual(['A', 'B']);
    expect(result.n).toEqual([2, 2]);
    expect(result.observed).toEqual([2, 1]);
    expectClose(result.expected[0], 4 / 3);
    expectClose(result.expected[1], 5 / 3);
    expectClose(result.variance[0]![0], 13 / 18);
    expectClose(result.variance[0]![1], -13 / 18);
  });

  test('chisq = (O - E)² / V on 1 df', () => {
    expectClose(result.chisq, 8 / 13);
    expect(result.df).toBe(1);
    expectClose(result.p, chiSquareUpperTail(8 / 13, 1));
    expect(result.warning).toBeNull();
  });
});

// Freireich et al. (1963): group 0 = placebo, 1 = 6-MP; sex for the stratified test.
const FREIREICH = {
  time: [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35, 1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23],
  event: [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  group: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  sex: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
};

describe('Freireich (survdiff)', () => {
  test('rho = 0: O (21, 9), E (10.749499, 19.250501), V 6.256961, chisq 16.792941', () => {
    const result = logRank(FREIREICH);
    expect(result.groups).toEqual(['0', '1']);
    expect(result.observed).toEqual([21, 9]);
    expectClose(result.expected[0], 10.7494990519689);
    expectClose(result.expected[1], 19.2505009480311);
    expectClose(result.variance[0]![0], 6.2569605736755);
    expectClose(result.variance[1]![0], -6.2569605736755);
    expectClose(result.chisq, 16.7929409892165);
    expectClose(result.p, 4.16880910933456e-5, 1e-9);
  });

  test('19. rho = 1 (Peto & Peto): observed is weighted, 14.552852 and 5.121515; chisq 14.457151', () => {
    const result = logRank(FREIREICH, { rho: 1 });
    expectClose(result.observed[0], 14.5528516920678);
    expectClose(result.observed[1], 5.12151463950564);
    expectClose(result.expected[0], 7.67580665449588);
    expectClose(result.variance[0]![0], 3.27130490937143);
    expectClose(result.chisq, 14.4571508187171);
    expectClose(result.p, 0.00014338444481939, 1e-9);
  });

  test('stratified by sex: per-stratum O and E, V summed over strata, chisq 16.176085', () => {
    const result = logRank({ ...FREIREICH, strata: FREIREICH.sex });
    expect(result.strata).toEqual([
      { stratum: '0', observed: [10, 5], expected: [expect.closeTo(4.86517452275966, 12), expect.closeTo(10.1348254772403, 12)] },
      { stratum: '1', observed: [11, 4], expected: [expect.closeTo(5.93273218869194, 12), expect.closeTo(9.06726781130806, 12)] },
    ]);
    expectClose(result.variance[0]![0], 6.43435713802834);
    expectClose(result.chisq, 16.176084919672);
  });
});

describe('edge cases (docs/statistics-spec.md §7)', () => {
  test('15. a group with E = 0 (nobody at risk at an event time) is left out of the test and of df', () => {
    const base = { time: [5, 6, 7, 8, 9, 10], event: [1, 0, 1, 1, 0, 1], group: ['a', 'a', 'a', 'b', 'b', 'b'] };
    const withEarlyCensored = {
      time: [...base.time, 1, 2],
      event: [...base.event, 0, 0],
      group: [...base.group, 'c', 'c'],
    };
    const three = logRank(withEarlyCensored);
    expect(three.expected[2]).toBe(0);
    expect(three.df).toBe(1);
    expect(three.chisq).toBe(logRank(base).chisq);
  });

  test('16. fewer than two groups with E > 0: chisq 0 as R, no p', () => {
    // R: survdiff(Surv(t, s) ~ g) with t = 1:6, s = c(0,0,0,1,1,0), g = c(a,a,b,b,b,b): Chisq = 0 on 0 df
    const result = logRank({ time: [1, 2, 3, 4, 5, 6], event: [0, 0, 0, 1, 1, 0], group: ['a', 'a', 'b', 'b', 'b', 'b'] });
    expect(result.expected).toEqual([0, 2]);
    expect([result.chisq, result.df, result.p]).toEqual([0, 0, null]);
    expect(result.warning).toMatch(/fewer than two groups/);
  });

  test('17. a stratum holding one group only: O = E there and no variance from it', () => {
    const result = logRank({
      time: [1, 2, 3, 4, 5, 6, 7, 8],
      event: [1, 1, 0, 1, 1, 0, 1, 1],
      group: ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b'],
      strata: ['x', 'x', 'x', 'x', 'y', 'y', 'y', 'y'],
    });
    const onlyA = result.strata![0]!;
    expect(onlyA.observed).toEqual(onlyA.expected);
    const stratumY = logRank({ time: [5, 6, 7, 8], event: [1, 0, 1, 1], group: ['a', 'b', 'b', 'b'] });
    expect(result.variance).toEqual(stratumY.variance);
  });

  test('18. an event time with one subject at risk adds to E but not to V', () => {
    const result = logRank({ time: [1, 2, 3], event: [1, 1, 1], group: ['a', 'b', 'b'] });
    // t=1: n=3, n_a=1: E_a 1/3, V (2/2)(1/3)(2/3) = 2/9; t=2: n=2, n_a=0; t=3: n=1 (no variance)
    expectClose(result.expected[1], 2 / 3 + 1 + 1);
    expectClose(result.variance[0]![0], 2 / 9);
  });

  test('20. groups aliased with strata: V singular, chisq null with a warning (R: solve() error)', () => {
    const result = logRank({ time: [1, 2, 3, 4], event: [1, 0, 1, 0], group: ['a', 'a', 'b', 'b'], strata: ['x', 'x', 'y', 'y'] });
    expect([result.chisq, result.p]).toEqual([null, null]);
    expect(result.warning).toMatch(/singular/);
  });

  test('tied times in different groups enter one risk set; timefix merges near-identical times', () => {
    const exact = logRank({ time: [1, 1, 2, 3], event: [1, 1, 1, 0], group: ['a', 'b', 'a', 'b'] });
    const near = logRank({ time: [1, 1 + 1e-12, 2, 3], event: [1, 1, 1, 0], group: ['a', 'b', 'a', 'b'] });
    expect(near).toEqual(exact);
  });
});

describe('bad input throws StatsInputError naming the field', () => {
  test.each([
    ['group', { time: [1, 2], event: [1, 0], group: ['a', 'a'] }],
    ['group', { time: [1, 2], event: [1, 0], group: ['a'] }],
    ['group', { time: [1, 2], event: [1, 0] }],
    ['strata', { time: [1, 2], event: [1, 0], group: ['a', 'b'], strata: ['x'] }],
    ['event', { time: [1, 2], event: [1, 3], group: ['a', 'b'] }],
    ['time', { time: [Number.NaN, 2], event: [1, 0], group: ['a', 'b'] }],
    ['time', { time: [], event: [], group: [] }],
  ])('%s: %j', (field, input) => {
    expectInputError(() => logRank(input as unknown as LogRankInput), field);
  });

  test('rho must be a finite number >= 0', () => {
    expectInputError(() => logRank(FREIREICH, { rho: -1 }), 'rho');
    expectInputError(() => logRank(FREIREICH, { rho: Number.NaN }), 'rho');
  });
});

describe('seeded properties', () => {
  const random = mulberry32(11);
  const datasets = Array.from({ length: 40 }, () => {
    const n = 4 + randomInt(random, 150);
    const groupCount = 2 + randomInt(random, 3);
    const time = Array.from({ length: n }, () => Math.round(-Math.log(1 - random()) * 15));
    const event = time.map(() => (random() < 0.3 ? 0 : 1));
    const group = time.map(() => `g${randomInt(random, groupCount)}`);
    const strata = time.map(() => (random() < 0.5 ? 'x' : 'y'));
    return { time, event, group, strata };
  });

  test('relabelling the groups (another order of levels) leaves chisq, df and p unchanged', () => {
    for (const rho of [0, 1]) {
      for (const data of datasets) {
        const relabelled = { ...data, group: data.group.map((g) => `z${9 - Number(g.slice(1))}`) };
        const original = logRank(data, { rho });
        const renamed = logRank(relabelled, { rho });
        expect(renamed.df).toBe(original.df);
        if (original.chisq === null) {
          expect(renamed.chisq).toBeNull();
          continue;
        }
        expect(Math.abs(renamed.chisq! - original.chisq)).toBeLessThanOrEqual(ROUNDING * Math.max(1, original.chisq));
        const byLabel = (result: typeof original, label: (g: string) => string) =>
          Object.fromEntries(result.groups.map((g, k) => [label(g), result.observed[k]]));
        expect(byLabel(renamed, (g) => `g${9 - Number(g.slice(1))}`)).toEqual(byLabel(original, (g) => g));
      }
    }
  });

  test('permuting the rows changes nothing', () => {
    for (const data of datasets) {
      const order = randomPermutation(random, data.time.length);
      const permute = <T>(values: T[]) => order.map((i) => values[i]!);
      const permuted = { time: permute(data.time), event: permute(data.event), group: permute(data.group), strata: permute(data.strata) };
      for (const rho of [0, 1]) {
        const a = logRank(data, { rho });
        const b = logRank(permuted, { rho });
        expect(b.groups).toEqual(a.groups);
        expect(b.n).toEqual(a.n);
        b.expected.forEach((e, k) => expect(Math.abs(e - a.expected[k]!)).toBeLessThanOrEqual(ROUNDING));
        if (a.chisq !== null) expect(Math.abs(b.chisq! - a.chisq)).toBeLessThanOrEqual(ROUNDING * Math.max(1, a.chisq));
      }
    }
  });

  test('O and E have the same total over groups (rho = 0), V rows sum to 0, chisq >= 0', () => {
    for (const data of datasets) {
      const result = logRank(data);
      const observed = result.observed.reduce((a, b) => a + b, 0);
      const expected = result.expected.reduce((a, b) => a + b, 0);
      expect(Math.abs(observed - expected)).toBeLessThanOrEqual(ROUNDING * observed);
      for (const row of result.variance) expect(Math.abs(row.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(ROUNDING * Math.max(1, observed));
      if (result.chisq !== null) expect(result.chisq).toBeGreaterThanOrEqual(0);
    }
  });
});
