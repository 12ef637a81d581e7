/**
 * The one survival-data preparation (src/stats/survival-data.ts) and the one sort (radix-sort.ts):
 * validation, R's factor order, timefix with R's tie order, strata blocks; and that Kaplan–Meier,
 * log-rank and Cox code a label column the same way (1 and "1" are one level everywhere).
 */
import { describe, expect, test } from 'vitest';
import { coxRegression, kaplanMeier, logRank } from '../../src/stats/index.js';
import { countingSort, regroupCarrying, sortAscending, sortCarrying } from '../../src/stats/radix-sort.js';
import { mergeNearTies, prepareSurvivalData, prepareSurvivalRiskSets, readLevels } from '../../src/stats/survival-data.js';
import { mulberry32, randomInt } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

describe('validation names the field at fault', () => {
  test.each([
    ['time', [], []],
    ['time', [1, -1], [1, 0]],
    ['time', [1, Number.NaN], [1, 0]],
    ['time', [1, Infinity], [1, 0]],
    ['time', 'soon', [1]],
    ['event', [1, 2], [1]],
    ['event', [1, 2], [1, 2]],
  ])('%s: time %j, event %j', (field, time, event) => {
    expectInputError(() => prepareSurvivalData(time, event), field);
  });

  test('label columns: equal length, no empty or missing label, finite numbers', () => {
    expectInputError(() => prepareSurvivalData([1, 2], [1, 0], { group: { field: 'group', value: ['a'] } }), 'group');
    expectInputError(() => prepareSurvivalData([1, 2], [1, 0], { strata: { field: 'strata', value: ['a', ''] } }), 'strata');
    expectInputError(() => prepareSurvivalData([1, 2], [1, 0], { strata: { field: 'strata', value: ['a', null] } }), 'strata');
    expectInputError(() => prepareSurvivalData([1, 2], [1, 0], { strata: { field: 'arm', value: [1, Number.NaN] } }), 'arm');
  });

  test('a bare value is a column of one; -0 is read as 0', () => {
    const data = prepareSurvivalData(-0, 1, { group: { field: 'group', value: 'a' } });
    expect(Object.is(data.time[0], 0)).toBe(true);
    expect(data.group?.labels).toEqual(['a']);
  });
});

describe("factor coding: R's factor() order", () => {
  test('numbers numerically, strings by code unit (the C locale), a number and its string one level', () => {
    expect(readLevels('g', [10, 2, 1, 2], 4).labels).toEqual(['1', '2', '10']);
    expect(readLevels('g', ['b', 'a', 'B', '10', '2'], 5).labels).toEqual(['10', '2', 'B', 'a', 'b']);
    const mixed = readLevels('g', [1, '1', 2, '10'], 4);
    expect(mixed.labels).toEqual(['1', '10', '2']);
    expect(Array.from(mixed.codes)).toEqual([0, 0, 2, 1]);
  });

  const time = [5, 8, 3, 9, 12, 4, 7, 10, 6, 11];
  const event = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1];
  const age = [61, 55, 70, 48, 66, 59, 73, 52, 64, 57];
  const asNumbers = [1, 1, 2, 2, 1, 2, 1, 2, 1, 2];
  const mixed = [1, '1', 2, '2', '1', 2, 1, '2', '1', 2];
  const asStrings = asNumbers.map(String);

  test('Cox: strata 1 and "1" are one stratum', () => {
    const reference = coxRegression({ time, event, covariates: { age }, strata: asStrings });
    expect(coxRegression({ time, event, covariates: { age }, strata: mixed })).toEqual(reference);
    expect(coxRegression({ time, event, covariates: { age }, strata: asNumbers })).toEqual(reference);
  });

  test('log-rank: groups and strata 1 and "1" are one level', () => {
    const strata = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
    const reference = logRank({ time, event, group: asStrings, strata: strata.map(String) });
    expect(logRank({ time, event, group: mixed, strata: [1, '1', 1, '1', 1, 2, '2', 2, '2', 2] })).toEqual(reference);
    expect(reference.groups).toEqual(['1', '2']);
  });

  test('Kaplan–Meier: groups 1 and "1" give one curve', () => {
    const reference = kaplanMeier({ time, event, group: asStrings });
    expect(kaplanMeier({ time, event, group: mixed })).toEqual(reference);
    expect(reference.curves.map((curve) => curve.stratum)).toEqual(['1', '2']);
  });
});

describe('sort, timefix and strata', () => {
  test("rows by time, ties in input order, also across a run that timefix merged (R's order())", () => {
    // 2 + 1e-9 and 2 merge into 2: the rows 0, 1, 3 are then tied and come in input order.
    const data = prepareSurvivalData([2 + 1e-9, 2, 1, 2], [1, 0, 1, 1]);
    expect(Array.from(data.time)).toEqual([1, 2, 2, 2]);
    expect(Array.from(data.row)).toEqual([2, 0, 1, 3]);
    expect(Array.from(data.event)).toEqual([1, 1, 0, 1]);
  });

  test('strata are blocks in level order, each in time order, carrying the group code', () => {
    const data = prepareSurvivalData([4, 3, 2, 1], [1, 1, 0, 1], {
      group: { field: 'group', value: ['x', 'y', 'x', 'y'] },
      strata: { field: 'strata', value: ['b', 'a', 'b', 'a'] },
    });
    expect(data.strata?.labels).toEqual(['a', 'b']);
    expect(Array.from(data.offsets)).toEqual([0, 2, 4]);
    expect(Array.from(data.row)).toEqual([3, 1, 2, 0]);
    expect(Array.from(data.time)).toEqual([1, 3, 2, 4]);
    expect(Array.from(data.groupCode ?? [])).toEqual([1, 1, 0, 0]);
  });

  test('without input rows: the same times, events, group codes and offsets', () => {
    const random = mulberry32(17);
    const n = 500;
    const time = Array.from({ length: n }, () => randomInt(random, 40) / 4 + (random() < 0.1 ? 1e-10 : 0));
    const event = Array.from({ length: n }, () => randomInt(random, 2));
    const factors = {
      group: { field: 'group', value: Array.from({ length: n }, () => ['x', 'y', 'z'][randomInt(random, 3)]!) },
      strata: { field: 'strata', value: Array.from({ length: n }, () => randomInt(random, 4)) },
    };
    const full = prepareSurvivalData(time, event, factors);
    const { row, ...withoutRows } = full;
    expect(row).toHaveLength(n);
    const light = prepareSurvivalRiskSets(time, event, factors);
    expect(Array.from(light.time)).toEqual(Array.from(withoutRows.time));
    expect(Array.from(light.offsets)).toEqual(Array.from(withoutRows.offsets));
    // inside a tied time the rows may come in another order: compare the counts per (time, group, event)
    const tally = (data: typeof light) => {
      const counts = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const key = `${data.time[i]}|${data.groupCode![i]}|${data.event[i]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts].sort();
    };
    expect(tally(light)).toEqual(tally(full));
    for (let i = 0; i < n; i++) expect(full.event[i]).toBe(event[row[i]!]);
  });

  test('more group × stratum combinations than 32 bits code raise StatsInputError', () => {
    const labels = Array.from({ length: 70_000 }, (_, i) => i);
    expectInputError(
      () => prepareSurvivalData(labels, labels.map(() => 1), { group: { field: 'group', value: labels }, strata: { field: 'arm', value: labels } }),
      'arm',
      /more combinations than the engine codes/,
    );
  });

  test('timefix is applied to all rows before the split by stratum', () => {
    // Over all rows mean |t| = (1e9 + 1e9 + 1 + 1 + 2) / 4 ~ 5e8, so gaps of 1 are below sqrt(eps)
    // relative and merge, in stratum b too; stratum b alone (mean 1.5) would keep 1 and 2 apart.
    const data = prepareSurvivalData([1e9, 1e9 + 1, 1, 2], [1, 1, 1, 1], { strata: { field: 'strata', value: ['a', 'a', 'b', 'b'] } });
    expect(Array.from(data.time)).toEqual([1e9, 1e9, 1, 1]);
  });
});

describe('the one radix sort', () => {
  test('sorts signed doubles ascending and stably, with -0 as 0 and infinities at the ends', () => {
    const random = mulberry32(11);
    const pool = [-Infinity, -1e300, -2.5, -5e-324, -0, 0, 5e-324, 1, 1, 1e300, Infinity];
    const values = Array.from({ length: 400 }, () => pool[randomInt(random, pool.length)]!);
    const expected = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]! || a - b);
    const { order, sorted } = sortAscending(values);
    expect(Array.from(order)).toEqual(expected);
    expect(Array.from(sorted)).toEqual(expected.map((i) => values[i]! + 0));
  });

  test('sorts non-negative doubles (the survival-time path) ascending and stably, with -0 as 0', () => {
    const random = mulberry32(13);
    const pool = [-0, 0, 5e-324, 0.5, 1, 1, 30.4375, 365.25, 1e9, 1e300, Infinity];
    const values = Array.from({ length: 400 }, () => pool[randomInt(random, pool.length)]!);
    const expected = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]! || a - b);
    const { order, sorted } = sortAscending(values);
    expect(Array.from(order)).toEqual(expected);
    expect(Array.from(sorted)).toEqual(expected.map((i) => values[i]! + 0));
  });

  test('sortCarrying sorts stably and moves each payload with its key, with or without the order', () => {
    const random = mulberry32(19);
    const pool = [0, 5e-324, 0.5, 1, 1, 30.4375, 365.25, 1e9, 1e300, Infinity];
    const values = Array.from({ length: 400 }, () => pool[randomInt(random, pool.length)]!);
    const expected = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]! || a - b);
    const withOrder = sortCarrying(Float64Array.from(values), Uint32Array.from(values.keys(), (i) => i * 7), true);
    expect(Array.from(withOrder.order!)).toEqual(expected);
    expect(Array.from(withOrder.payload)).toEqual(expected.map((i) => i * 7));
    expect(Array.from(withOrder.sorted)).toEqual(expected.map((i) => values[i]!));
    const withoutOrder = sortCarrying(Float64Array.from(values), Uint32Array.from(values.keys(), (i) => i * 7), false);
    expect(withoutOrder.order).toBeNull();
    expect(Array.from(withoutOrder.payload)).toEqual(expected.map((i) => i * 7));
  });

  test('regroupCarrying regroups stably by the payload key and gives the offsets', () => {
    const rows = { sorted: Float64Array.of(1, 2, 3, 4), order: Uint32Array.of(3, 0, 2, 1), payload: Uint32Array.of(4 | 1, 0, 4, 0) };
    const regrouped = regroupCarrying(rows, 2, 2);
    expect(Array.from(regrouped.sorted)).toEqual([2, 4, 1, 3]);
    expect(Array.from(regrouped.order!)).toEqual([0, 1, 3, 2]);
    expect(Array.from(regrouped.payload)).toEqual([0, 0, 5, 4]);
    expect(Array.from(regrouped.offsets)).toEqual([0, 2, 4]);
  });

  test('countingSort regroups stably by key', () => {
    expect(Array.from(countingSort(Uint32Array.of(3, 0, 2, 1), [1, 0, 1, 0], 2))).toEqual([3, 1, 0, 2]);
  });
});

describe('timefix', () => {
  test('mergeNearTies collapses runs to their first value and leaves distinct times alone', () => {
    const sorted = Float64Array.of(0, 1, 1 + 1e-9, 1 + 2e-9, 3, 3 + 1e-6);
    mergeNearTies(sorted);
    expect(Array.from(sorted)).toEqual([0, 1, 1, 1, 3, 3 + 1e-6]);
  });
});
