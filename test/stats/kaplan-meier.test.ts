/**
 * Kaplan–Meier: the KM1 and Freireich vectors worked by hand, the edge cases of
 * docs/statistics-spec.md §7 (1–14), bad input, and seeded properties.
 * Oracle for the decimals below: R 4.2.2, survival 3.5-3 (test/golden/vectors/reference_vectors.json,
 * or the R call quoted next to the number).
 */
import { describe, expect, test } from 'vitest';
import {
  kaplanMeier,
  type ConfidenceType,
  type KaplanMeierCurve,
  type KaplanMeierInput,
} from '../../src/stats/kaplan-meier.js';
import { mulberry32, randomInt, randomPermutation, type Random } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

/** R prints 7 significant digits in the vectors quoted here. */
const PRINTED_DIGITS = 6;
/** Exact arithmetic identities (same operations, another order) hold to a few ulps. */
const ROUNDING = 1e-12;

const Z = 1.959963984540054; // qnorm(0.975)

function curveOf(input: KaplanMeierInput, confType: ConfidenceType = 'log'): KaplanMeierCurve {
  const [curve] = kaplanMeier(input, { confType }).curves;
  if (curve === undefined) throw new Error('no curve');
  return curve;
}

// spec §8 KM1
const KM1 = { time: [1, 2, 2, 2, 3, 4, 4, 5, 6, 7], event: [1, 1, 1, 0, 0, 1, 0, 1, 0, 1] };

describe('KM1 worked by hand', () => {
  const curve = curveOf(KM1);

  test('risk table: every distinct time, censored subjects at risk at their time', () => {
    expect(Array.from(curve.time)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(curve.nRisk)).toEqual([10, 9, 6, 5, 3, 2, 1]);
    expect(Array.from(curve.nEvent)).toEqual([1, 2, 0, 1, 1, 0, 1]);
    expect(Array.from(curve.nCensor)).toEqual([0, 1, 1, 1, 0, 1, 0]);
    expect(curve.n).toBe(10);
    expect(curve.events).toBe(6);
  });

  test('S(t) = Π (n_i - d_i)/n_i and se(log S) = sqrt(Σ d_i / (n_i (n_i - d_i)))', () => {
    const survival = [9 / 10, (9 / 10) * (7 / 9), (9 / 10) * (7 / 9), 0.7 * (4 / 5), 0.56 * (2 / 3), 0.56 * (2 / 3), 0];
    survival.forEach((s, i) => expect(curve.survival[i]).toBeCloseTo(s, 15));
    const greenwood = [1 / 90, 1 / 90 + 2 / 63, 1 / 90 + 2 / 63, 1 / 90 + 2 / 63 + 1 / 20];
    greenwood.forEach((v, i) => expect(curve.stdErr[i]).toBeCloseTo(Math.sqrt(v), 15));
    expect(curve.stdErr[1]).toBeCloseTo(0.2070197, PRINTED_DIGITS);
    expect(curve.stdErr[6]).toBe(Infinity);
  });

  test('log CI: S e^(-z se), upper clipped at 1, NA once S = 0', () => {
    expect(curve.lower[0]).toBeCloseTo(0.9 * Math.exp(-Z * Math.sqrt(1 / 90)), 15);
    [0.7320116, 0.4665332, 0.4665332, 0.308181, 0.1375514, 0.1375514].forEach((v, i) =>
      expect(curve.lower[i]).toBeCloseTo(v, PRINTED_DIGITS),
    );
    expect(Array.from(curve.upper.subarray(0, 6))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(curve.lower[6]).toBeNaN();
    expect(curve.upper[6]).toBeNaN();
  });

  test.each([
    ['log-log', [0.473009271362051, 0.328716593279735, 0.197066961124266, 0.0662463842179029], [0.985281393367343, 0.891949041224844, 0.813030830256581, 0.699320942424782]],
    ['plain', [0.714061490308632, 0.415974234910675, 0.225540315047369, 0.000569763014106273], [1, 0.984025765089325, 0.894459684952631, 0.74609690365256]],
    ['logit', [0.53276327071621, 0.376318072654878, 0.24671254492647, 0.108007946079054], [0.986118342671209, 0.900231684428323, 0.83181523020876, 0.745616086514338]],
    ['arcsin', [0.65133851433881, 0.396612197707924, 0.23716677138815, 0.07217861409608], [0.999859512063824, 0.928986815493393, 0.8566088612605, 0.746068357506727]],
  ] as const)('%s CI at the event times 1, 2, 4, 5 and NA at S = 0', (confType, lower, upper) => {
    const banded = curveOf(KM1, confType);
    [0, 1, 3, 4].forEach((row, k) => {
      expect(banded.lower[row]).toBeCloseTo(lower[k]!, 12);
      expect(banded.upper[row]).toBeCloseTo(upper[k]!, 12);
    });
    expect(banded.lower[6]).toBeNaN();
    expect(banded.upper[6]).toBeNaN();
  });

  test('median 5 (2, NA) and quartiles 2, 5, 7 with lower limits 1, 2, 5 (quantile.survfit)', () => {
    expect(curve.median).toEqual({ estimate: 5, lower: 2, upper: null });
    expect(curve.medians.print).toEqual({ estimate: 5, lower: 2, upper: null });
    expect(curve.quantiles).toEqual([
      { probability: 0.25, estimate: 2, lower: 1, upper: null },
      { probability: 0.5, estimate: 5, lower: 2, upper: null },
      { probability: 0.75, estimate: 7, lower: 5, upper: null },
    ]);
  });

  test('restricted mean to 7: 4.6066667 (se 0.7452477); to 5: 3.86 (se 0.4780377)', () => {
    expect(curve.restrictedMean.end).toBe(7);
    // area = 1·1 + 1·0.9 + 2·0.7 + 1·0.56 + 2·0.373333
    expect(curve.restrictedMean.estimate).toBeCloseTo(1 + 0.9 + 1.4 + 0.56 + (2 * 0.56 * 2) / 3, 14);
    expect(curve.restrictedMean.stdErr).toBeCloseTo(0.745247659556254, 12);
    const toFive = kaplanMeier(KM1, { rmean: 5 }).curves[0]!.restrictedMean;
    expect(toFive.estimate).toBeCloseTo(3.86, 14);
    expect(toFive.stdErr).toBeCloseTo(0.478037655420575, 12);
  });

  test('summary(fit, times = c(0, 2, 2.5, 6, 7)): step function, at risk at the next grid time, counts in (τ_{k-1}, τ_k]', () => {
    const atTimes = kaplanMeier(KM1, { times: [7, 0, 2, 2.5, 6] }).curves[0]!.atTimes!;
    expect(atTimes.time).toEqual([0, 2, 2.5, 6, 7]);
    expect(atTimes.nRisk).toEqual([10, 9, 6, 2, 1]);
    expect(atTimes.nEvent).toEqual([0, 3, 0, 2, 1]);
    expect(atTimes.nCensor).toEqual([0, 1, 0, 3, 0]);
    [1, 0.7, 0.7, 0.373333333333333, 0].forEach((s, i) => expect(atTimes.survival[i]).toBeCloseTo(s, 14));
    [0, 0.144913767461894, 0.144913767461894, 0.190188989828149].forEach((se, i) => expect(atTimes.stdErr[i]).toBeCloseTo(se, 14));
    expect(atTimes.stdErr[4]).toBeNull();
    expect(atTimes.lower).toEqual([1, curve.lower[1], curve.lower[1], curve.lower[5], null]);
  });
});

// Freireich et al. (1963) 6-MP trial, spec §2 and vectors FREIREICH: group 1 = 6-MP, 0 = placebo.
const FREIREICH = {
  time: [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35, 1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23],
  event: [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  group: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
};

describe('Freireich 6-MP vs placebo', () => {
  const [placebo, sixMp] = kaplanMeier(FREIREICH, { medianCi: 'SPSS' }).curves;

  test('curves in factor order (0 = placebo, then 1 = 6-MP) with their sizes', () => {
    expect(placebo!.stratum).toBe('0');
    expect(sixMp!.stratum).toBe('1');
    expect([placebo!.n, placebo!.events, sixMp!.n, sixMp!.events]).toEqual([21, 21, 21, 9]);
  });

  test('6-MP by hand: S(6) = 18/21, S(7) = 18/21 · 16/17, S(10) = · 14/15, ...', () => {
    expect(Array.from(sixMp!.time.subarray(0, 4))).toEqual([6, 7, 9, 10]);
    expect(sixMp!.survival[0]).toBeCloseTo(18 / 21, 15);
    expect(sixMp!.survival[1]).toBeCloseTo((18 / 21) * (16 / 17), 15);
    expect(sixMp!.survival[3]).toBeCloseTo((18 / 21) * (16 / 17) * (14 / 15), 15);
  });

  test('print.survfit table: medians 8 (4, 12) and 23 (16, NA); restricted means 8.666667 and 23.287395', () => {
    expect(placebo!.medians.print).toEqual({ estimate: 8, lower: 4, upper: 12 });
    expect(sixMp!.medians.print).toEqual({ estimate: 23, lower: 16, upper: null });
    expect(placebo!.restrictedMean.estimate).toBeCloseTo(8.66666666666667, 12);
    expect(placebo!.restrictedMean.stdErr).toBeCloseTo(1.37739004126455, 12);
    expect(sixMp!.restrictedMean.estimate).toBeCloseTo(23.2873949579832, 12);
    expect(sixMp!.restrictedMean.stdErr).toBeCloseTo(2.82746762337144, 12);
  });

  test('SPSS median: 23, SE 5.255376 from û = 16, l̂ = 23; 8, SE 1.669046 from û = 5, l̂ = 8', () => {
    expect(sixMp!.median).toEqual(sixMp!.medians.spss);
    const row = (t: number) => sixMp!.time.indexOf(t);
    const density = (sixMp!.survival[row(16)]! - sixMp!.survival[row(23)]!) / (23 - 16);
    const seOfSurvival = sixMp!.stdErr[row(23)]! * sixMp!.survival[row(23)]!;
    expect(sixMp!.medians.spss.stdErr).toBeCloseTo(seOfSurvival / density, 14);
    expect(sixMp!.medians.spss.estimate).toBe(23);
    expect(sixMp!.medians.spss.stdErr).toBeCloseTo(5.25537578801008, 12);
    expect(sixMp!.medians.spss.lower).toBeCloseTo(12.6996527302764, 12);
    expect(sixMp!.medians.spss.upper).toBeCloseTo(33.3003472697236, 12);
    expect(placebo!.medians.spss.estimate).toBe(8);
    expect(placebo!.medians.spss.stdErr).toBeCloseTo(1.66904592079256, 12);
    expect(placebo!.medians.spss.lower).toBeCloseTo(4.72873010670309, 12);
    expect(placebo!.medians.spss.upper).toBeCloseTo(11.2712698932969, 12);
  });
});

describe('edge cases (docs/statistics-spec.md §7)', () => {
  test('1. an event and a censoring at the same time: both counted, the censored subject at risk', () => {
    const curve = curveOf({ time: [2, 2, 2, 3], event: [1, 0, 1, 1] });
    expect(Array.from(curve.nRisk)).toEqual([4, 1]);
    expect(Array.from(curve.nEvent)).toEqual([2, 1]);
    expect(Array.from(curve.nCensor)).toEqual([1, 0]);
    expect(curve.survival[0]).toBe(0.5);
  });

  test('2. several deaths at one time: one factor (n - d)/n and one Greenwood term d/(n(n - d))', () => {
    const curve = curveOf({ time: [1, 1, 1, 2, 3], event: [1, 1, 1, 0, 1] });
    expect(curve.survival[0]).toBe(2 / 5);
    expect(curve.stdErr[0]).toBe(Math.sqrt(3 / (5 * 2)));
  });

  test('3. timefix: times closer than sqrt(eps), absolutely or relative to mean |t|, become the smaller', () => {
    // R: survfit(Surv(c(1, 1+1e-10, 2, 1e6, 1e6+1e-3), c(1,1,0,1,1)) ~ 1): times 1, 2, 1e6 with 2, 0, 2 events
    const merged = curveOf({ time: [1, 1 + 1e-10, 2, 1e6, 1e6 + 1e-3], event: [1, 1, 0, 1, 1] });
    expect(Array.from(merged.time)).toEqual([1, 2, 1e6]);
    expect(Array.from(merged.nEvent)).toEqual([2, 0, 2]);
    // A chain of gaps of 1e-8 collapses to its first time; a gap of 1e-7 is kept.
    const chained = curveOf({ time: [1, 1 + 1e-8, 1 + 2e-8, 1 + 1e-7], event: [1, 1, 1, 1] });
    expect(Array.from(chained.time)).toEqual([1, 1 + 1e-7]);
    expect(Array.from(chained.nEvent)).toEqual([3, 1]);
  });

  test('4. all censored: S = 1, se 0, log CI [1, 1], no median, restricted mean = last time with se 0', () => {
    const curve = curveOf({ time: [5, 8, 12, 20], event: [0, 0, 0, 0] });
    expect(Array.from(curve.survival)).toEqual([1, 1, 1, 1]);
    expect(Array.from(curve.stdErr)).toEqual([0, 0, 0, 0]);
    expect(Array.from(curve.lower)).toEqual([1, 1, 1, 1]);
    expect(Array.from(curve.upper)).toEqual([1, 1, 1, 1]);
    expect(curve.median).toEqual({ estimate: null, lower: null, upper: null });
    expect(curve.medians.print).toEqual({ estimate: null, lower: null, upper: null });
    expect(curve.restrictedMean).toEqual({ end: 20, estimate: 20, stdErr: 0 });
    expect(curve.events).toBe(0);
  });

  test('5. the last subjects die (n = d): S = 0, se Inf, every band NA; summary se NaN', () => {
    for (const confType of ['log', 'log-log', 'plain', 'logit', 'arcsin'] as const) {
      const curve = curveOf({ time: [1, 2, 3, 3], event: [1, 0, 1, 1] }, confType);
      expect(curve.survival[2]).toBe(0);
      expect(curve.stdErr[2]).toBe(Infinity);
      expect(curve.lower[2]).toBeNaN();
      expect(curve.upper[2]).toBeNaN();
    }
    const atTimes = kaplanMeier({ time: [1, 2, 3, 3], event: [1, 0, 1, 1] }, { times: 3 }).curves[0]!.atTimes!;
    expect(atTimes.stdErr).toEqual([null]);
    expect(atTimes.lower).toEqual([null]);
  });

  test('6. censoring before the first event: S = 1, se 0; survival 3.5-3 gives log/plain [1, 1], log-log NA, logit and arcsin NaN', () => {
    const input = { time: [1, 2, 3, 4], event: [0, 1, 1, 0] };
    expect([curveOf(input, 'log').lower[0], curveOf(input, 'log').upper[0]]).toEqual([1, 1]);
    expect([curveOf(input, 'plain').lower[0], curveOf(input, 'plain').upper[0]]).toEqual([1, 1]);
    for (const confType of ['log-log', 'logit', 'arcsin'] as const) {
      expect(curveOf(input, confType).lower[0]).toBeNaN();
      expect(curveOf(input, confType).upper[0]).toBeNaN();
    }
    // R: survfit(Surv(c(1,2,3,4), c(0,1,1,0)) ~ 1, conf.type = 'log-log') at t = 2
    expect(curveOf(input, 'log-log').lower[1]).toBeCloseTo(0.05407342678651676, 14);
    expect(curveOf(input, 'arcsin').lower[1]).toBeCloseTo(0.14420845622961145, 14);
  });

  test('7. median not reached: null, while the lower limit exists (R: LCL 3)', () => {
    const curve = curveOf({ time: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], event: [1, 1, 1, 1, 0, 0, 0, 0, 0, 0] });
    expect(curve.median).toEqual({ estimate: null, lower: 3, upper: null });
    expect(curve.medians.print).toEqual({ estimate: null, lower: 3, upper: null });
    expect(curve.medians.spss.estimate).toBeNull();
  });

  test('8. S exactly 0.5 on an interval: R takes the midpoint (5.5), SPSS the left end (5)', () => {
    const curve = curveOf({ time: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], event: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
    expect(curve.median).toEqual({ estimate: 5.5, lower: 3, upper: null });
    expect(curve.medians.print.estimate).toBe(5.5);
    expect(curve.medians.spss.estimate).toBe(5);
  });

  test('9. the curve ends flat at 0.5: print takes the first time (3), quantile the midpoint with the last time (4.5)', () => {
    const curve = curveOf({ time: [1, 2, 3, 4, 5, 6], event: [1, 1, 1, 0, 0, 0] });
    expect(curve.medians.print).toEqual({ estimate: 3, lower: 2, upper: null });
    expect(curve.median).toEqual({ estimate: 4.5, lower: 2, upper: null });
    expect(curve.medians.spss).toEqual({ estimate: 3, lower: null, upper: null, stdErr: null });
  });

  test('10. round-off: Surv(1:100) is 0.5 - 4.4e-16 at t = 50 and the median is still 50.5 (42, 61)', () => {
    const time = Array.from({ length: 100 }, (_, i) => i + 1);
    const curve = curveOf({ time, event: time.map(() => 1) });
    expect(curve.survival[49]).not.toBe(0.5);
    expect(curve.median).toEqual({ estimate: 50.5, lower: 42, upper: 61 });
    expect(curve.medians.print).toEqual({ estimate: 50.5, lower: 42, upper: 61 });
  });

  test('11. survival at times before the first event and after the last (extend: at risk 0)', () => {
    const atTimes = kaplanMeier({ time: [3, 5, 8], event: [1, 0, 1] }, { times: [1, 100] }).curves[0]!.atTimes!;
    expect(atTimes).toEqual({
      time: [1, 100], nRisk: [3, 0], nEvent: [0, 2], nCensor: [0, 1],
      survival: [1, 0], stdErr: [0, null], lower: [1, null], upper: [1, null],
    });
  });

  test('an empty list of times gives empty columns; no times option gives null', () => {
    const { atTimes } = kaplanMeier(KM1, { times: [] }).curves[0]!;
    expect(atTimes?.time).toEqual([]);
    expect(atTimes?.survival).toEqual([]);
    expect(kaplanMeier(KM1).curves[0]!.atTimes).toBeNull();
  });

  test('12. a single observation', () => {
    const curve = curveOf({ time: 7, event: 1 });
    expect(Array.from(curve.survival)).toEqual([0]);
    expect(curve.median).toEqual({ estimate: 7, lower: null, upper: null });
  });

  test('13. SPSS SE undefined when no event time has S >= 0.55', () => {
    const curve = kaplanMeier({ time: [1, 2], event: [1, 1] }, { medianCi: 'SPSS' }).curves[0]!;
    expect(curve.median).toEqual({ estimate: 1, lower: null, upper: null, stdErr: null });
  });

  test('14. the SPSS interval is symmetric and not clipped at 0', () => {
    // R (make_reference.R's SPSS rule) on these data: 2, SE 73.790243257493, CI -142.626219195136 to 146.626219195136
    const time = [...Array<number>(9).fill(1), 2, ...Array<number>(10).fill(100)];
    const event = [...Array<number>(12).fill(1), ...Array<number>(8).fill(0)];
    const { median } = kaplanMeier({ time, event }, { medianCi: 'SPSS' }).curves[0]!;
    expect(median.estimate).toBe(2);
    expect((median as { stdErr: number }).stdErr).toBeCloseTo(73.790243257493, 10);
    expect(median.lower).toBeCloseTo(-142.626219195136, 10);
    expect(median.upper).toBeCloseTo(146.626219195136, 10);
  });
});

describe('strata and options', () => {
  test('numeric labels are ordered numerically, string labels by code unit (R, C locale)', () => {
    const numbers = kaplanMeier({ time: [1, 2, 3], event: [1, 1, 1], group: [10, 9, 100] }).curves.map((c) => c.stratum);
    expect(numbers).toEqual(['9', '10', '100']);
    const strings = kaplanMeier({ time: [1, 2, 3], event: [1, 1, 1], group: ['b', 'a', 'B'] }).curves.map((c) => c.stratum);
    expect(strings).toEqual(['B', 'a', 'b']);
  });

  test('a number and its string are one level', () => {
    const curves = kaplanMeier({ time: [1, 2, 3], event: [1, 1, 1], group: [1, '1', 'x'] }).curves;
    expect(curves.map((c) => [c.stratum, c.n])).toEqual([['1', 2], ['x', 1]]);
  });

  test("rmean 'common' ends every curve at the latest time of all, 'individual' at its own", () => {
    const input = { time: [1, 2, 3, 10], event: [1, 1, 1, 0], group: ['a', 'a', 'b', 'b'] };
    expect(kaplanMeier(input).curves.map((c) => c.restrictedMean.end)).toEqual([10, 10]);
    expect(kaplanMeier(input, { rmean: 'individual' }).curves.map((c) => c.restrictedMean.end)).toEqual([2, 10]);
  });

  test('confLevel sets z: 0.99 widens the log band', () => {
    const at95 = curveOf(KM1);
    const at99 = kaplanMeier(KM1, { confLevel: 0.99 }).curves[0]!;
    expect(at99.lower[0]).toBeCloseTo(0.9 * Math.exp(-2.5758293035489 * at95.stdErr[0]!), 14);
  });
});

describe('bad input throws StatsInputError naming the field', () => {
  test.each([
    ['event', { time: [1, 2], event: [1] }],
    ['group', { time: [1, 2], event: [1, 0], group: ['a'] }],
    ['time', { time: [1, Number.NaN], event: [1, 0] }],
    ['time', { time: [1, Infinity], event: [1, 0] }],
    ['time', { time: [1, -1], event: [1, 0] }],
    ['time', { time: [1, null], event: [1, 0] }],
    ['time', { time: [], event: [] }],
    ['time', { time: 'soon', event: [1] }],
    ['event', { time: [1, 2], event: [1, 2] }],
    ['event', { time: [1, 2], event: [1, Number.NaN] }],
    ['group', { time: [1, 2], event: [1, 0], group: ['a', ''] }],
    ['group', { time: [1, 2], event: [1, 0], group: ['a', null] }],
  ])('%s: %j', (field, input) => {
    expectInputError(() => kaplanMeier(input as unknown as KaplanMeierInput), field);
  });

  test.each([
    ['confType', { confType: 'log2' }],
    ['confLevel', { confLevel: 1.5 }],
    ['times', { times: [Number.NaN] }],
    ['rmean', { rmean: 'longest' }],
    ['rmean', { rmean: -1 }],
    ['medianCi', { medianCi: 'SAS' }],
    ['reverse', { reverse: 'yes' }],
    ['cumulativeHazard', { cumulativeHazard: 1 }],
  ])('%s: %j', (field, options) => {
    expectInputError(() => kaplanMeier(KM1, options as never), field);
  });
});

describe('reverse Kaplan-Meier and Nelson-Aalen on KM1, by hand', () => {
  test('reverse: the censorings are the events; a death tied with a censoring stays at risk', () => {
    const [curve] = kaplanMeier(KM1, { reverse: true }).curves;
    expect(Array.from(curve!.time)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(curve!.nRisk)).toEqual([10, 9, 6, 5, 3, 2, 1]);
    expect(Array.from(curve!.nEvent)).toEqual([0, 1, 1, 1, 0, 1, 0]);
    expect(Array.from(curve!.nCensor)).toEqual([1, 2, 0, 1, 1, 0, 1]);
    const survival = [1, 8 / 9, (8 / 9) * (5 / 6), (8 / 9) * (5 / 6) * (4 / 5)];
    survival.forEach((s, i) => expect(curve!.survival[i]).toBeCloseTo(s, 15));
    expect(curve!.survival[5]).toBeCloseTo(survival[3]! / 2, 15);
    // median follow-up: 1 - S first reaches 0.5 at t = 6
    expect(curve!.median.estimate).toBe(6);
  });

  test('reverse of the flipped indicator is the ordinary fit', () => {
    const flipped = { time: KM1.time, event: KM1.event.map((e) => 1 - e) };
    expect(kaplanMeier(flipped, { reverse: true })).toEqual(kaplanMeier(KM1));
  });

  test('cumulative hazard: Σ d/n and sqrt(Σ d/n²), carried over censor-only rows and in atTimes', () => {
    const { curves } = kaplanMeier(KM1, { cumulativeHazard: true, times: [0.5, 3, 10] });
    const curve = curves[0]!;
    const hazard = [0.1, 0.1 + 2 / 9, 0.1 + 2 / 9, 0.1 + 2 / 9 + 1 / 5, 0.1 + 2 / 9 + 1 / 5 + 1 / 3];
    hazard.forEach((h, i) => expect(curve.cumulativeHazard![i]).toBeCloseTo(h, 15));
    expect(curve.cumulativeHazard![6]).toBeCloseTo(hazard[4]! + 1, 15);
    expect(curve.cumulativeHazardStdErr![6]).toBeCloseTo(Math.sqrt(1 / 100 + 2 / 81 + 1 / 25 + 1 / 9 + 1), 15);
    expect(curve.atTimes!.cumulativeHazard).toEqual([0, curve.cumulativeHazard![2], curve.cumulativeHazard![6]]);
    expect(curve.atTimes!.cumulativeHazardStdErr).toEqual([0, curve.cumulativeHazardStdErr![2], curve.cumulativeHazardStdErr![6]]);
    expect(kaplanMeier(KM1).curves[0]!.cumulativeHazard).toBeUndefined();
  });
});

/** Random right-censored data with ties (times rounded) and 0-3 groups. */
function randomSurvivalData(random: Random): { time: number[]; event: number[]; group: string[] } {
  const n = 1 + randomInt(random, 120);
  const resolution = [1, 0.5, 0.01][randomInt(random, 3)]!;
  const groups = ['a', 'b', 'c'].slice(0, 1 + randomInt(random, 3));
  const time = Array.from({ length: n }, () => Math.round((-Math.log(1 - random()) * 20) / resolution) * resolution);
  const censoring = random();
  const event = time.map(() => (random() < censoring ? 0 : 1));
  const group = time.map(() => groups[randomInt(random, groups.length)]!);
  return { time, event, group };
}

describe('seeded properties', () => {
  const random = mulberry32(20261127);
  const datasets = Array.from({ length: 60 }, () => randomSurvivalData(random));

  test('S is non-increasing in [0, 1] and inside its band, for every band type', () => {
    for (const data of datasets) {
      for (const confType of ['log', 'log-log', 'plain', 'logit', 'arcsin'] as const) {
        for (const curve of kaplanMeier(data, { confType }).curves) {
          curve.survival.forEach((s, i) => {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(i === 0 ? 1 : curve.survival[i - 1]!);
            if (!Number.isNaN(curve.lower[i]!)) expect(curve.lower[i]).toBeLessThanOrEqual(s + ROUNDING);
            if (!Number.isNaN(curve.upper[i]!)) expect(curve.upper[i]).toBeGreaterThanOrEqual(s - ROUNDING);
          });
        }
      }
    }
  });

  test('permuting the rows changes nothing', () => {
    for (const data of datasets) {
      const order = randomPermutation(random, data.time.length);
      const permuted = {
        time: order.map((i) => data.time[i]!),
        event: order.map((i) => data.event[i]!),
        group: order.map((i) => data.group[i]!),
      };
      expect(kaplanMeier(permuted, { times: [5, 20] })).toEqual(kaplanMeier(data, { times: [5, 20] }));
    }
  });

  test('each curve of a grouped fit is the fit of that group alone', () => {
    for (const data of datasets) {
      const { curves } = kaplanMeier(data, { rmean: 'individual' });
      for (const curve of curves) {
        const rows = data.group.flatMap((g, i) => (g === curve.stratum ? [i] : []));
        const alone = kaplanMeier({ time: rows.map((i) => data.time[i]!), event: rows.map((i) => data.event[i]!) }, { rmean: 'individual' });
        expect({ ...alone.curves[0]!, stratum: curve.stratum }).toEqual(curve);
      }
    }
  });

  test('the quantile median lies where 1 - S crosses 0.5 within the grid', () => {
    for (const data of datasets) {
      for (const curve of kaplanMeier(data).curves) {
        const { estimate } = curve.median;
        const reaches = curve.survival.some((s) => s <= 0.5 + 1.5e-8);
        if (!reaches) expect(estimate).toBeNull();
        if (estimate !== null) {
          expect(estimate).toBeGreaterThanOrEqual(curve.time[0]!);
          expect(estimate).toBeLessThanOrEqual(curve.time[curve.time.length - 1]!);
        }
      }
    }
  });
});
