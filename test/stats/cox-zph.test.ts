/**
 * cox.zph's proportional-hazards score test (docs/statistics-spec.md §14): identities that hold exactly
 * (the test is invariant to the time scale for `identity`; `rank` is `identity` on the ranks; splitting
 * follow-up into (start, stop] rows changes neither the fit nor the pooled KM), the handling of a
 * redundant covariate, and bad input. Agreement with R: the golden cases (test/golden/cases-extended, zph).
 */
import { describe, expect, test } from 'vitest';
import { coxRegression, coxZph, coxZphOfFit, type CoxZphResult } from '../../src/stats/index.js';
import { mulberry32, randomInt } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

const IDENTITY_RELATIVE = 1e-7;

function expectSameTest(actual: CoxZphResult, expected: CoxZphResult): void {
  expect(actual.terms).toEqual(expected.terms);
  const close = (a: number | null, e: number | null) => {
    expect(e).not.toBeNull();
    expect(Math.abs(a! - e!)).toBeLessThanOrEqual(IDENTITY_RELATIVE * Math.max(1, Math.abs(e!)));
  };
  expected.chisq.forEach((value, j) => close(actual.chisq[j]!, value));
  close(actual.global.chisq, expected.global.chisq);
  expect(actual.df).toEqual(expected.df);
  expect(actual.global.df).toBe(expected.global.df);
}

/** Tied times, a covariate whose effect fades with time (non-proportional), one that is proportional. */
function cohort(seed: number, n: number) {
  const random = mulberry32(seed);
  const time: number[] = [];
  const event: number[] = [];
  const x: number[] = [];
  const z: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = randomInt(random, 2);
    const zi = Math.round(random() * 30) / 10;
    const early = xi === 1 ? 3 : 1;
    time.push(1 + Math.round((-Math.log(1 - random()) / (0.05 * early * Math.exp(0.3 * zi))) * 2) / 2);
    event.push(random() < 0.8 ? 1 : 0);
    x.push(xi);
    z.push(zi);
  }
  return { time, event, covariates: { x, z } };
}

describe('cox.zph', () => {
  test.each(['km', 'identity', 'rank', 'log'] as const)('transform %s: one df per term, the global test over all, p the upper chi-square tail', async (transform) => {
    const result = coxZph(cohort(3, 150), { transform });
    expect(result.terms).toEqual(['x', 'z']);
    expect(result.df).toEqual([1, 1]);
    expect(result.global.df).toBe(2);
    for (const chisq of [...result.chisq, result.global.chisq]) expect(chisq).toBeGreaterThan(0);
    expect(result.transform).toBe(transform);
  });

  test('identity is invariant to the unit of time; rank is identity on the ranks of the times', async () => {
    const data = cohort(4, 120);
    const days = coxZph(data, { transform: 'identity' });
    const weeks = coxZph({ ...data, time: data.time.map((t) => t / 7) }, { transform: 'identity' });
    expectSameTest(weeks, days);
    const sorted = [...data.time].sort((a, b) => a - b);
    const averageRank = (t: number) => (sorted.indexOf(t) + 1 + sorted.lastIndexOf(t) + 1) / 2;
    const ranked = coxZph({ ...data, time: data.time.map(averageRank) }, { transform: 'identity' });
    expectSameTest(coxZph(data, { transform: 'rank' }), ranked);
  });

  test.each(['km', 'identity'] as const)('%s: follow-up split into (start, stop] rows gives the same test', async (transform) => {
    const data = cohort(6, 100);
    const random = mulberry32(60);
    const split = { start: [] as number[], time: [] as number[], event: [] as number[], x: [] as number[], z: [] as number[] };
    data.time.forEach((time, i) => {
      const visit = Math.round(time * random() * 4) / 4;
      const cuts = visit > 0 && visit < time ? [0, visit, time] : [0, time];
      for (let k = 0; k + 1 < cuts.length; k++) {
        split.start.push(cuts[k]!);
        split.time.push(cuts[k + 1]!);
        split.event.push(k + 2 === cuts.length ? data.event[i]! : 0);
        split.x.push(data.covariates.x[i]!);
        split.z.push(data.covariates.z[i]!);
      }
    });
    expect(split.time.length).toBeGreaterThan(150);
    const whole = coxZph(data, { transform });
    const pieces = coxZph({ start: split.start, time: split.time, event: split.event, covariates: { x: split.x, z: split.z } }, { transform });
    expectSameTest(pieces, whole);
  });

  test('strata and Breslow ties are those of the fit; a fitted model can be tested as it is', () => {
    const data = { ...cohort(7, 140), strata: Array.from({ length: 140 }, (_, i) => (i % 2 === 0 ? 'a' : 'b')) };
    const fit = coxRegression(data, { ties: 'breslow' });
    expect(fit.ties).toBe('breslow');
    expectSameTest(coxZphOfFit(data, fit, 'km'), coxZph(data, { ties: 'breslow' }));
    const efron = coxZph(data);
    expect(Math.abs(efron.global.chisq! - coxZph(data, { ties: 'breslow' }).global.chisq!)).toBeGreaterThan(1e-6);
  });

  test('a redundant covariate has no coefficient and is not tested, as cox.zph drops NA coefficients', async () => {
    const data = cohort(8, 100);
    const withCopy = { ...data, covariates: { ...data.covariates, twiceZ: data.covariates.z.map((v) => 2 * v) } };
    const result = coxZph(withCopy);
    expect(result.terms).toEqual(['x', 'z']);
    expectSameTest(result, coxZph(data));
  });

  test('bad input is refused, naming the field', async () => {
    const data = cohort(9, 40);
    expectInputError(() => coxZph(data, { transform: 'sqrt' as never }), 'options.transform', /km, identity, rank, log/);
    const fit = coxRegression(data);
    expectInputError(() => coxZphOfFit({ ...data, covariates: { z: data.covariates.z } }, fit), 'fit', /fitted on the covariates x, z/);
    const noEvents = { ...data, event: data.event.map(() => 0) };
    expectInputError(() => coxZphOfFit(noEvents, coxRegression(noEvents)), 'fit', /no estimated coefficient/);
    expectInputError(() => coxZph({ ...data, start: data.time.map((t) => t + 1) }), 'start', /not before its stop time/);
  });
});
