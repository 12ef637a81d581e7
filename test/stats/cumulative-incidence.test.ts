/**
 * Cumulative incidence (Aalen–Johansen) with infinitesimal-jackknife standard errors: an 8-subject
 * example with two causes, the one-cause identity with Kaplan–Meier, summary(times) edges, declared
 * causes without events, the O(n) variance against the subject-by-subject update of survfitci.c,
 * and bad input.
 * Oracle for the decimals: R 4.2.2, survival 3.5-3, the call quoted next to the numbers.
 */
import { describe, expect, test } from 'vitest';
import { cumulativeIncidence, kaplanMeier } from '../../src/stats/index.js';
import { mulberry32, randomInt, randomPermutation } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], relative = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => {
    expect(Math.abs(actual[i]! - value)).toBeLessThanOrEqual(relative * Math.abs(value) + 1e-15);
  });
}

// t <- 1:8; s <- c(1, 2, 1, 0, 1, 2, 0, 1)
// fit <- survfit(Surv(t, factor(s, levels = c(0, 1, 2))) ~ 1); print(fit$std.err, digits = 15)
const EXAMPLE = { time: [1, 2, 3, 4, 5, 6, 7, 8], status: [1, 2, 1, 0, 1, 2, 0, 1] };

describe('8 subjects, two causes (survfit, survival 3.5-3)', () => {
  const [curve] = cumulativeIncidence(EXAMPLE, { times: [-1, 2.5, 100] }).curves;
  const [first, second] = curve!.causes;

  test('S(t) = S(t-)(1 - d/n) and F_k(t) = F_k(t-) + S(t-) d_k/n', () => {
    expect(Array.from(curve!.nRisk)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expectAllClose(curve!.eventFree, [7 / 8, 6 / 8, 5 / 8, 5 / 8, 15 / 32, 10 / 32, 10 / 32, 0]);
    expectAllClose(first!.cumulativeIncidence, [1 / 8, 1 / 8, 2 / 8, 2 / 8, 13 / 32, 13 / 32, 13 / 32, 23 / 32]);
    expectAllClose(second!.cumulativeIncidence, [0, 1 / 8, 1 / 8, 1 / 8, 1 / 8, 9 / 32, 9 / 32, 9 / 32]);
  });

  test('infinitesimal-jackknife standard errors as fit$std.err', () => {
    const a = 0.116926793336686;
    const b = 0.153093108923949;
    const c = 0.18388441087406;
    const d = 0.170090164508416;
    expectAllClose(first!.stdErr, [a, a, b, b, c, c, c, d], 1e-13);
    expectAllClose(second!.stdErr, [0, a, a, a, a, d, d, d], 1e-13);
  });

  test('log CI on the probability: NA where F = 0', () => {
    expect(Number.isNaN(second!.lower[0]!)).toBe(true);
    expect(Number.isNaN(second!.upper[0]!)).toBe(true);
    const z = 1.959963984540054;
    const f = 23 / 32;
    expect(first!.lower[7]).toBeCloseTo(f * Math.exp((-z * 0.170090164508416) / f), 12);
    expect(first!.upper[7]).toBe(1);
  });

  test('atTimes: the time-0 row before the first time, the last row with nRisk 0 after the end', () => {
    // summary(fit, times = c(-1, 2.5, 100), extend = TRUE): n.risk 8, 6, 0; Pr(1) 0, 0.125, 0.71875
    const at = curve!.atTimes!;
    expect(at.nRisk).toEqual([8, 6, 0]);
    expect(at.eventFree).toEqual([1, 0.75, 0]);
    expect(at.causes[0]!.cumulativeIncidence).toEqual([0, 1 / 8, 23 / 32]);
    expect(at.causes[1]!.lower[0]).toBe(0);
    expect(at.causes[1]!.upper[0]).toBe(0);
    expect(at.causes[1]!.stdErr[1]).toBeCloseTo(0.116926793336686, 14);
  });
});

describe('one cause', () => {
  test('cumulative incidence = 1 - Kaplan–Meier, event-free = Kaplan–Meier', () => {
    const random = mulberry32(41);
    const time = Array.from({ length: 60 }, () => randomInt(random, 20));
    const status = time.map(() => (random() < 0.7 ? 1 : 0));
    const [curve] = cumulativeIncidence({ time, status }).curves;
    const [km] = kaplanMeier({ time, event: status }).curves;
    expectAllClose(curve!.eventFree, Array.from(km!.survival));
    expectAllClose(curve!.causes[0]!.cumulativeIncidence, Array.from(km!.survival, (s) => 1 - s), 1e-12);
  });

  test('when everyone fails the standard error ends at exactly 0 (IJ, where Greenwood is undefined)', () => {
    const [curve] = cumulativeIncidence({ time: [1, 2, 3], status: [1, 1, 1] }).curves;
    expect(curve!.causes[0]!.stdErr[2]).toBe(0);
    expect(curve!.causes[0]!.lower[2]).toBe(1);
  });
});

describe('causes', () => {
  test('default: the distinct non-zero statuses in numeric order', () => {
    const result = cumulativeIncidence({ time: [1, 2, 3, 4], status: [10, 2, 0, 2] });
    expect(result.causes).toEqual([2, 10]);
    expect(result.curves[0]!.causes.map(({ cause }) => cause)).toEqual([2, 10]);
  });

  test('a declared cause without events gets a zero curve, in the declared order', () => {
    const result = cumulativeIncidence({ time: [1, 2, 3], status: [1, 0, 1] }, { causes: [3, 1] });
    expect(result.causes).toEqual([3, 1]);
    const [absent, present] = result.curves[0]!.causes;
    expect(Array.from(absent!.cumulativeIncidence)).toEqual([0, 0, 0]);
    expect(Array.from(absent!.stdErr)).toEqual([0, 0, 0]);
    expect(present!.cumulativeIncidence[2]).toBe(1);
  });

  test('groups: one set of curves per group, in factor order', () => {
    const result = cumulativeIncidence({ ...EXAMPLE, group: ['b', 'a', 'b', 'a', 'b', 'a', 'b', 'a'] });
    expect(result.curves.map(({ stratum, n }) => [stratum, n])).toEqual([['a', 4], ['b', 4]]);
  });
});

/**
 * The standard errors of survfitci.c computed as it does: one influence row per subject, updated at
 * every event time (O(n · event times)), for the O(n) result to be checked against.
 */
function subjectBySubjectStdErr(time: number[], status: number[], causeCount: number): number[][] {
  const n = time.length;
  const states = causeCount + 1;
  const influence = Array.from({ length: n }, () => new Array<number>(states).fill(0));
  const probability = new Array<number>(states).fill(0);
  probability[0] = 1;
  const distinct = [...new Set(time)].sort((a, b) => a - b);
  return distinct.map((t) => {
    const atRisk = time.map((ti) => ti >= t);
    const nRisk = atRisk.filter(Boolean).length;
    const events = new Array<number>(states).fill(0);
    time.forEach((ti, j) => { if (ti === t && status[j]! > 0) events[status[j]!]!++; });
    const died = events.reduce((sum, d) => sum + d, 0);
    if (died > 0) {
      const h = events.map((d, k) => (k === 0 ? 1 - died / nRisk : d / nRisk));
      const step = probability[0]! / nRisk;
      for (let j = 0; j < n; j++) {
        const u = influence[j]!;
        const u0 = u[0]!;
        u[0] = u0 * h[0]!;
        for (let k = 1; k < states; k++) u[k] = u[k]! + u0 * h[k]!;
        if (!atRisk[j]) continue;
        for (let k = 0; k < states; k++) u[k] = u[k]! - h[k]! * step;
        const target = time[j] === t ? status[j]! : 0;
        u[target] = u[target]! + step;
      }
      const s = probability[0]!;
      probability[0] = s * h[0]!;
      for (let k = 1; k < states; k++) probability[k] = probability[k]! + s * h[k]!;
    }
    return Array.from({ length: causeCount }, (_, k) => Math.sqrt(influence.reduce((sum, u) => sum + u[k + 1]! ** 2, 0)));
  });
}

describe('the O(n) variance equals the subject-by-subject update', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    test(`seed ${seed}: 150 subjects, three causes, ties and censorings`, () => {
      const random = mulberry32(seed);
      const time = Array.from({ length: 150 }, () => randomInt(random, 40));
      const status = time.map(() => randomInt(random, 4));
      const reference = subjectBySubjectStdErr(time, status, 3);
      const [curve] = cumulativeIncidence({ time, status }, { causes: [1, 2, 3] }).curves;
      for (let k = 0; k < 3; k++) {
        expectAllClose(curve!.causes[k]!.stdErr, reference.map((row) => row[k]!), 1e-10);
      }
    });
  }

  test('row order does not matter', () => {
    const random = mulberry32(9);
    const time = Array.from({ length: 80 }, () => randomInt(random, 15));
    const status = time.map(() => randomInt(random, 3));
    const order = randomPermutation(random, time.length);
    const straight = cumulativeIncidence({ time, status }).curves[0]!;
    const shuffled = cumulativeIncidence({ time: order.map((i) => time[i]!), status: order.map((i) => status[i]!) }).curves[0]!;
    for (let k = 0; k < 2; k++) expectAllClose(shuffled.causes[k]!.stdErr, Array.from(straight.causes[k]!.stdErr), 1e-12);
  });
});

test('timefix: times closer than sqrt(eps) are one time, as survfit', () => {
  const [curve] = cumulativeIncidence({ time: [1, 1 + 1e-10, 2], status: [1, 2, 1] }).curves;
  expect(Array.from(curve!.time)).toEqual([1, 2]);
  expect(curve!.causes[1]!.nEvent[0]).toBe(1);
});

describe('bad input', () => {
  test('status must be 0 or a positive integer cause', () => {
    expectInputError(() => cumulativeIncidence({ time: [1, 2], status: [1, 1.5] }), 'status', /element 1 is 1.5/);
    expectInputError(() => cumulativeIncidence({ time: [1, 2], status: [1, -1] }), 'status', /positive integer/);
    expectInputError(() => cumulativeIncidence({ time: [1, 2], status: [1, '2' as unknown as number] }), 'status');
  });

  test('a status outside the declared causes', () => {
    expectInputError(() => cumulativeIncidence({ time: [1, 2], status: [1, 2] }, { causes: [1] }), 'status', /not among causes \(1\)/);
  });

  test('declared causes: positive integers, each once, at least one', () => {
    expectInputError(() => cumulativeIncidence({ time: [1], status: [1] }, { causes: [1, 1] }), 'causes', /twice/);
    expectInputError(() => cumulativeIncidence({ time: [1], status: [1] }, { causes: [0] }), 'causes', /positive integer/);
    expectInputError(() => cumulativeIncidence({ time: [1], status: [1] }, { causes: [] }), 'causes', /empty/);
  });

  test('lengths, times, options', () => {
    expectInputError(() => cumulativeIncidence({ time: [1, 2], status: [1] }), 'status', /1 values for 2 times/);
    expectInputError(() => cumulativeIncidence({ time: [1, -2], status: [1, 1] }), 'time', /negative/);
    expectInputError(() => cumulativeIncidence({ time: [], status: [] }), 'time', /empty/);
    expectInputError(() => cumulativeIncidence({ time: [1], status: [1], group: [''] }), 'group', /empty label/);
    expectInputError(() => cumulativeIncidence({ time: [1], status: [1] }, { confLevel: 1 }), 'confLevel');
    expectInputError(() => cumulativeIncidence({ time: [1], status: [1] }, { times: [Number.NaN] }), 'times');
  });
});
