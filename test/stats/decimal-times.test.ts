/**
 * Times that are short decimals (whole days, days to 0.01) take the counting path of the
 * survival core (src/stats/decimal-keys.ts, countSurvivalTimes); any other doubles take the sort
 * of their bit patterns. Kaplan–Meier and the log-rank test depend on the times only through
 * their order and ties, so the same data with every time multiplied by π (no longer a short
 * decimal) must give the same curves and test, number for number: each path checks the other.
 */
import { describe, expect, it } from 'vitest';
import { decimalKeys } from '../../src/stats/decimal-keys.js';
import { mulberry32 } from '../helpers/prng.js';
import { kaplanMeier, logRank } from '../../src/stats/index.js';

function cohort(n: number, decimals: number, seed: number) {
  const next = mulberry32(seed);
  const scale = 10 ** decimals;
  const time = Array.from({ length: n }, () => Math.round(next() * 400 * scale) / scale);
  const event = time.map(() => (next() < 0.6 ? 1 : 0));
  const group = time.map(() => ['A', 'B', 'C'][Math.floor(next() * 3)]!);
  const strata = time.map(() => (next() < 0.5 ? 'x' : 'y'));
  return { time, event, group, strata };
}

const curveNumbers = (curve: ReturnType<typeof kaplanMeier>['curves'][number]) => ({
  stratum: curve.stratum, n: curve.n, events: curve.events,
  nRisk: [...curve.nRisk], nEvent: [...curve.nEvent], nCensor: [...curve.nCensor], survival: [...curve.survival], stdErr: [...curve.stdErr],
});

describe('decimal times', () => {
  it('have integer keys in the order of the values, and none when a value is not such a decimal', () => {
    const keys = decimalKeys(Float64Array.from([2.25, 0, 1.5, 2.25]))!;
    expect(keys.scale).toBe(100);
    expect([...keys.keys]).toEqual([225, 0, 150, 225]);
    expect(decimalKeys(Float64Array.from([1, 0.1 + 0.2]))).toBeNull();
    expect(decimalKeys(Float64Array.from([1 / 3]))).toBeNull();
  });

  for (const decimals of [0, 2]) {
    it(`give the same Kaplan–Meier curves and log-rank test as the sorted path (${decimals} decimals, ties, groups, strata)`, () => {
      for (const seed of [1, 2, 3]) {
        const data = cohort(2000, decimals, seed);
        const scaled = { ...data, time: data.time.map((t) => t * Math.PI) };
        const decimal = kaplanMeier({ time: data.time, event: data.event, group: data.group });
        const sorted = kaplanMeier({ time: scaled.time, event: scaled.event, group: scaled.group });
        expect(decimal.curves.map(curveNumbers)).toEqual(sorted.curves.map(curveNumbers));
        decimal.curves.forEach((curve, c) => curve.time.forEach((t, i) => expect(t * Math.PI).toBe(sorted.curves[c]!.time[i])));
        for (const rho of [0, 1]) {
          const test = logRank({ time: data.time, event: data.event, group: data.group, strata: data.strata }, { rho });
          const reference = logRank({ time: scaled.time, event: scaled.event, group: scaled.group, strata: scaled.strata }, { rho });
          expect(test).toEqual(reference);
        }
      }
    });
  }
});
