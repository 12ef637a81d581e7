/**
 * Cox regression with counting-process data, case weights and clusters (docs/statistics-spec.md §13):
 * identities that hold exactly in arithmetic (a split follow-up is the same fit, an integer weight is a
 * duplicated row under Breslow ties, one cluster per row is the non-integer-weight robust fit), the
 * O(n) score residuals against agscore2.c's O(n x deaths) definition, and bad input. Agreement with R
 * itself is the golden cases' job (test/golden/cases-extended, cox-tv, cox-cluster, cox-weights).
 */
import { describe, expect, test } from 'vitest';
import { buildSortedDesign } from '../../src/stats/cox-design.js';
import { scoreResiduals } from '../../src/stats/cox-score-residuals.js';
import { coxRegression, type CoxRegressionInput, type CoxRegressionResult } from '../../src/stats/cox-regression.js';
import { readCountingProcessTimes } from '../../src/stats/counting-process-times.js';
import { prepareSurvivalData } from '../../src/stats/survival-data.js';
import { mulberry32, randomInt, type Random } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

/** Identities of converged fits: equal up to the round-off of a different summation order. */
const IDENTITY_RELATIVE = 1e-7;

function expectClose(actual: readonly (number | null)[] | number | null, expected: readonly (number | null)[] | number | null): void {
  const a = Array.isArray(actual) ? actual : [actual];
  const e = Array.isArray(expected) ? expected : [expected];
  expect(a).toHaveLength(e.length);
  e.forEach((value, j) => {
    expect(value).not.toBeNull();
    expect(Math.abs((a[j] as number) - (value as number))).toBeLessThanOrEqual(IDENTITY_RELATIVE * Math.max(1, Math.abs(value as number)));
  });
}

function expectSameFit(actual: CoxRegressionResult, expected: CoxRegressionResult): void {
  expectClose(actual.coef, expected.coef);
  expectClose(actual.se, expected.se);
  expectClose([...actual.logLik], [...expected.logLik]);
  expectClose(actual.score.chisq, expected.score.chisq);
}

/** Right-censored data with ties (times on a grid of 30) and two covariates. */
function cohort(random: Random, n: number): { time: number[]; event: number[]; x: number[]; z: number[] } {
  const data = { time: [] as number[], event: [] as number[], x: [] as number[], z: [] as number[] };
  for (let i = 0; i < n; i++) {
    const x = randomInt(random, 2);
    const z = Math.round(random() * 40) / 10;
    data.time.push(1 + randomInt(random, 30) + (x === 1 ? 0 : randomInt(random, 10)));
    data.event.push(random() < 0.7 ? 1 : 0);
    data.x.push(x);
    data.z.push(z);
  }
  return data;
}

/** Each subject's (0, time] split at random visits into (start, stop] rows; the event ends the last row. */
interface SplitRows extends CoxRegressionInput {
  start: number[];
  time: number[];
  event: number[];
  id: number[];
}

function splitFollowUp(random: Random, data: ReturnType<typeof cohort>): SplitRows {
  const rows = { start: [] as number[], time: [] as number[], event: [] as number[], x: [] as number[], z: [] as number[], id: [] as number[] };
  data.time.forEach((time, i) => {
    const cuts = [0];
    for (let visit = 1; visit < time; visit++) if (random() < 0.2) cuts.push(visit + (random() < 0.5 ? 0 : 0.5));
    cuts.push(time);
    for (let k = 0; k + 1 < cuts.length; k++) {
      if (!(cuts[k]! < cuts[k + 1]!)) continue;
      rows.start.push(cuts[k]!);
      rows.time.push(cuts[k + 1]!);
      rows.event.push(k + 2 === cuts.length ? data.event[i]! : 0);
      rows.x.push(data.x[i]!);
      rows.z.push(data.z[i]!);
      rows.id.push(i);
    }
  });
  return { start: rows.start, time: rows.time, event: rows.event, covariates: { x: rows.x, z: rows.z }, id: rows.id };
}

describe('counting-process (start, stop] data', () => {
  test.each(['efron', 'breslow'] as const)('splitting each follow-up into (start, stop] rows leaves the %s fit unchanged', async (ties) => {
    const random = mulberry32(11);
    const data = cohort(random, 120);
    const whole = coxRegression({ time: data.time, event: data.event, covariates: { x: data.x, z: data.z } }, { ties });
    const split = splitFollowUp(random, data);
    expect(split.time.length).toBeGreaterThan(200);
    const pieces = coxRegression(split, { ties });
    expectSameFit(pieces, whole);
    expectClose(pieces.concordance, whole.concordance);
    expect(pieces.n).toBe(split.time.length);
    expect(pieces.nEvent).toBe(whole.nEvent);
    // Clustered on the subject, the split rows give the robust fit of the whole follow-ups (and the concordance's se,
    // whose influences are per row: unclustered, the split rows' se differs).
    const robustWhole = coxRegression({ time: data.time, event: data.event, covariates: { x: data.x, z: data.z }, cluster: data.time.map((_, i) => i) }, { ties });
    const robustPieces = coxRegression({ ...split, cluster: split.id }, { ties });
    expectClose(robustPieces.robustSe!, robustWhole.robustSe!);
    expectClose(robustPieces.robustScore!.chisq, robustWhole.robustScore!.chisq);
    expectClose(robustPieces.concordanceSe, robustWhole.concordanceSe);
  });

  test('a row is at risk at t when start < t <= stop: late entry and a row starting at an event time', () => {
    const fit = coxRegression({ start: [0, 0, 1, 2], time: [2, 5, 4, 6], event: [1, 0, 1, 0], covariates: { x: [1, 0, 0, 1] } }, { ties: 'breslow' });
    // Rows: 1 (0,2] x=1 death; 2 (0,5] x=0; 3 (1,4] x=0 death; 4 (2,6] x=1 (enters at 2: not at risk at 2). u = exp(beta).
    // t = 2: at risk 1, 2, 3 (x = 1, 0, 0): S0 = u + 2, death x = 1: U_2 = 1 - u/(u + 2).
    // t = 4: at risk 2, 3, 4 (x = 0, 0, 1): S0 = u + 2, death x = 0: U_4 = -u/(u + 2).
    // U = 1 - 2u/(u + 2) = (2 - u)/(u + 2) = 0 at u = 2: beta = ln 2.
    expectClose(fit.coef, [Math.log(2)]);
    // I = 2 * 2u/(u + 2)^2 at u = 2: 8/16 = 1/2, se = sqrt(2).
    expectClose(fit.se, [Math.SQRT2]);
  });

  test('times closer than the timefix tolerance are one time, across start and stop', () => {
    const exact = coxRegression({ start: [0, 0, 2, 0], time: [2, 3, 5, 4], event: [1, 1, 1, 0], covariates: { x: [1, 0, 1, 0] } });
    const nudged = coxRegression({ start: [0, 0, 2 + 1e-12, 0], time: [2, 3, 5, 4], event: [1, 1, 1, 0], covariates: { x: [1, 0, 1, 0] } });
    expectSameFit(nudged, exact);
  });

  test('bad counting-process input is refused, naming the field', () => {
    const base = { time: [2, 3, 4], event: [1, 0, 1], covariates: { x: [1, 0, 1] } };
    expectInputError(() => coxRegression({ ...base, start: [0, 3, 1] }), 'start', /not before its stop time/);
    expectInputError(() => coxRegression({ ...base, start: [0, 1] }), 'start', /2 values for 3 times/);
    expectInputError(() => coxRegression({ ...base, start: [0, -1, 1] }), 'start', /negative/);
    expectInputError(() => coxRegression({ ...base, start: [0, Number.NaN, 1] }), 'start', /not a finite number/);
    expectInputError(() => coxRegression({ ...base, start: [0, 3 - 1e-12, 1] }), 'start', /timefix/);
    expectInputError(() => readCountingProcessTimes([0, 1], [1, 1, 2]), 'start');
  });
});

describe('case weights', () => {
  test('an integer weight is that many copies of the row (Breslow ties), and stays model-based', async () => {
    const random = mulberry32(5);
    const data = cohort(random, 60);
    const weights = data.time.map(() => 1 + randomInt(random, 3));
    const weighted = coxRegression({ time: data.time, event: data.event, covariates: { x: data.x, z: data.z }, weights }, { ties: 'breslow' });
    const copies = { time: [] as number[], event: [] as number[], x: [] as number[], z: [] as number[] };
    weights.forEach((w, i) => {
      for (let k = 0; k < w; k++) {
        copies.time.push(data.time[i]!);
        copies.event.push(data.event[i]!);
        copies.x.push(data.x[i]!);
        copies.z.push(data.z[i]!);
      }
    });
    const duplicated = coxRegression({ time: copies.time, event: copies.event, covariates: { x: copies.x, z: copies.z } }, { ties: 'breslow' });
    expectSameFit(weighted, duplicated);
    expectClose(weighted.concordance, duplicated.concordance);
    expect(weighted.robustSe).toBeUndefined();
    expect(weighted.nEvent).toBe(data.event.filter((e) => e === 1).length);
  });

  test('non-integer weights make the fit robust, each row its own cluster', async () => {
    const random = mulberry32(8);
    const data = cohort(random, 80);
    const weights = data.time.map(() => Math.round((0.3 + 2 * random()) * 1000) / 1000);
    const input = { time: data.time, event: data.event, covariates: { x: data.x, z: data.z }, weights };
    const automatic = coxRegression(input);
    const explicit = coxRegression({ ...input, cluster: data.time.map((_, i) => `row ${i}`) });
    expect(automatic.robustSe).toBeDefined();
    expectClose(automatic.robustSe!, explicit.robustSe!);
    expectClose(automatic.robustScore!.chisq, explicit.robustScore!.chisq);
    expectClose(automatic.se, explicit.se);
    // z, p and the limits use the robust se.
    automatic.coef.forEach((beta, j) => expectClose(automatic.z[j]!, beta! / automatic.robustSe![j]!));
  });

  test('bad weights and clusters are refused, naming the field', () => {
    const base = { time: [2, 3, 4], event: [1, 0, 1], covariates: { x: [1, 0, 1] } };
    expectInputError(() => coxRegression({ ...base, weights: [1, 0, 1] }), 'weights', /> 0/);
    expectInputError(() => coxRegression({ ...base, weights: [1, -2, 1] }), 'weights', /> 0/);
    expectInputError(() => coxRegression({ ...base, weights: [1, Number.POSITIVE_INFINITY, 1] }), 'weights', /finite/);
    expectInputError(() => coxRegression({ ...base, weights: [1, 1] }), 'weights', /2 values for 3 times/);
    expectInputError(() => coxRegression({ ...base, cluster: ['a', '', 'b'] }), 'cluster', /empty label/);
    expectInputError(() => coxRegression({ ...base, cluster: ['a', 'b'] }), 'cluster');
  });
});

/** agscore2.c's definition, risk set by risk set: O(n x deaths). Residuals on the design's scaled covariates. */
function naiveScoreResiduals(input: CoxRegressionInput, efron: boolean, beta: Float64Array): { design: ReturnType<typeof buildSortedDesign>; residuals: Float64Array } {
  const times = readCountingProcessTimes(input.start, input.time);
  const survival = prepareSurvivalData(times.stop, input.event, { strata: { field: 'strata', value: input.strata } }, { timefix: false });
  const columns = Object.values(input.covariates);
  const design = buildSortedDesign(survival, columns, { start: times.start });
  const { n, x, status, time, start, offsets } = design;
  const p = columns.length;
  const score = (i: number) => Math.exp(beta.reduce((sum, b, j) => sum + b * x[j * n + i]!, 0));
  const residuals = new Float64Array(n * p);
  for (let s = 0; s + 1 < offsets.length; s++) {
    const rows = Array.from({ length: offsets[s + 1]! - offsets[s]! }, (_, k) => offsets[s]! + k);
    const eventTimes = [...new Set(rows.filter((i) => status[i] === 1).map((i) => time[i]!))];
    for (const t of eventTimes) {
      const atRisk = rows.filter((i) => start![i]! < t && t <= time[i]!);
      const deaths = atRisk.filter((i) => time[i] === t && status[i] === 1);
      const d = deaths.length;
      const sum = (set: number[], f: (i: number) => number) => set.reduce((acc, i) => acc + f(i), 0);
      const steps = efron && d > 1 ? d : 1;
      for (let k = 0; k < steps; k++) {
        const down = steps === 1 ? 0 : k / d;
        const denominator = sum(atRisk, score) - down * sum(deaths, score);
        const hazard = (steps === 1 ? d : 1) / denominator;
        for (let j = 0; j < p; j++) {
          const mean = (sum(atRisk, (i) => score(i) * x[j * n + i]!) - down * sum(deaths, (i) => score(i) * x[j * n + i]!)) / denominator;
          for (const i of atRisk) {
            const isDeath = deaths.includes(i);
            const share = isDeath ? 1 - down : 1;
            residuals[j * n + i] = residuals[j * n + i]! - score(i) * share * hazard * (x[j * n + i]! - mean);
            if (isDeath) residuals[j * n + i] = residuals[j * n + i]! + (x[j * n + i]! - mean) / steps;
          }
        }
      }
    }
  }
  return { design, residuals };
}

describe('score residuals', () => {
  test.each(['efron', 'breslow'] as const)('the one-walk %s residuals equal the risk-set-by-risk-set definition, with strata', async (ties) => {
    const random = mulberry32(21);
    const split = splitFollowUp(random, cohort(random, 50));
    const input = { ...split, strata: split.time.map((_, i) => (i % 3 === 0 ? 'b' : 'a')) };
    const beta = new Float64Array([0.4, -0.3]);
    const { design, residuals: expected } = naiveScoreResiduals(input, ties === 'efron', beta);
    const actual = scoreResiduals(design, beta, ties === 'efron');
    expect(actual.length).toBe(expected.length);
    expected.forEach((value, k) => expect(Math.abs(actual[k]! - value)).toBeLessThanOrEqual(1e-10));
  });
});
