/**
 * The distributed Cox pieces of src/stats against the core's coxph on the same rows, without
 * HTTP: three "sites" of random data with tied times; the site-stratified fit from the sites'
 * l, U, I (cox-site-contribution.ts) equals coxRegression with the site as stratum, and the
 * unstratified fit from risk-set sums (cox-risk-set-sums.ts) equals coxRegression on the pooled
 * rows, Efron and Breslow, to 1e-6 relative; the pooled log-rank from sites' O, E, V equals the
 * core's log-rank with the site as stratum.
 */
import { describe, expect, it } from 'vitest';
import { coxRegression, logRank } from '../../src/stats/index.js';
import { CoxSiteContribution } from '../../src/stats/cox-site-contribution.js';
import { addRiskSetSums, pooledLikelihood, siteRiskSetSums } from '../../src/stats/cox-risk-set-sums.js';
import { fitDistributedCox } from '../../src/stats/cox-distributed-newton-raphson.js';
import { pooledLogRankTest } from '../../src/stats/log-rank-pooled.js';
import { mulberry32 } from '../helpers/prng.js';

interface Site { time: number[]; event: number[]; columns: number[][] }

function simulate(seed: number, sizes: number[]): Site[] {
  const random = mulberry32(seed);
  return sizes.map((n, s) => {
    const age = Array.from({ length: n }, () => 40 + 30 * random());
    const flag = Array.from({ length: n }, () => (random() < 0.4 ? 1 : 0));
    const time = age.map((a, i) => Math.ceil(-Math.log(random()) * 400 / Math.exp(0.03 * (a - 55) + 0.7 * flag[i]! + 0.2 * s)));
    const event = time.map(() => (random() < 0.75 ? 1 : 0));
    return { time, event, columns: [age, flag] };
  });
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

for (const ties of ['efron', 'breslow'] as const) {
  describe(`distributed Cox (${ties})`, () => {
    const sites = simulate(ties === 'efron' ? 11 : 12, [120, 90, 150]);
    const pooled = {
      time: sites.flatMap((s) => s.time),
      event: sites.flatMap((s) => s.event),
      covariates: { age: sites.flatMap((s) => s.columns[0]!), flag: sites.flatMap((s) => s.columns[1]!) },
    };

    it('stratified by site equals coxph(... + strata(site))', async () => {
      const reference = coxRegression({ ...pooled, strata: sites.flatMap((s, k) => s.time.map(() => k)) }, { ties });
      const contributions = sites.map((s) => new CoxSiteContribution(s, ties));
      const fit = await fitDistributedCox(['age', 'flag'], async (beta) => {
        const parts = contributions.map((c) => c.at(Array.from(beta)));
        return {
          logLikelihood: parts.reduce((sum, part) => sum + part.logLikelihood, 0),
          score: [0, 1].map((j) => parts.reduce((sum, part) => sum + part.score[j]!, 0)),
          information: [0, 1, 2, 3].map((q) => parts.reduce((sum, part) => sum + part.information[q]!, 0)),
        };
      });
      expect(fit.converged).toBe(true);
      expect(fit.iterations).toBe(reference.iterations);
      fit.coef.forEach((c, j) => expect(relative(c!, reference.coef[j]!)).toBeLessThan(1e-6));
      fit.se.forEach((c, j) => expect(relative(c!, reference.se[j]!)).toBeLessThan(1e-6));
      expect(relative(fit.logLik[1], reference.logLik[1])).toBeLessThan(1e-10);
      expect(relative(fit.score.chisq, reference.score.chisq)).toBeLessThan(1e-8);
      expect(relative(fit.wald.chisq, reference.wald.chisq)).toBeLessThan(1e-6);
    });

    it('unstratified from risk-set sums equals coxph on the pooled rows', async () => {
      const reference = coxRegression(pooled, { ties });
      const eventTimes = [...new Set(sites.flatMap((s) => s.time.filter((_, i) => s.event[i] === 1)))].sort((a, b) => a - b);
      const fit = await fitDistributedCox(['age', 'flag'], async (beta) => {
        const sums = addRiskSetSums(sites.map((s) => siteRiskSetSums(s.time, s.event, s.columns, Array.from(beta), eventTimes)));
        return pooledLikelihood(sums, Array.from(beta), ties);
      });
      expect(fit.converged).toBe(true);
      fit.coef.forEach((c, j) => expect(relative(c!, reference.coef[j]!)).toBeLessThan(1e-6));
      fit.se.forEach((c, j) => expect(relative(c!, reference.se[j]!)).toBeLessThan(1e-6));
      expect(relative(fit.logLik[0], reference.logLik[0])).toBeLessThan(1e-12);
      expect(relative(fit.logLik[1], reference.logLik[1])).toBeLessThan(1e-10);
      expect(relative(fit.likelihoodRatio.chisq, reference.likelihoodRatio.chisq)).toBeLessThan(1e-6);
    });
  });
}

it('the log-rank test stratified by site from the sites\' O, E and V', () => {
  const sites = simulate(5, [80, 100, 60]);
  const group = sites.map((s) => s.columns[1]!.map((flag) => (flag === 1 ? 'b' : 'a')));
  const reference = logRank({ time: sites.flatMap((s) => s.time), event: sites.flatMap((s) => s.event), group: group.flat(), strata: sites.flatMap((s, k) => s.time.map(() => k)) });
  const parts = sites.map((s, k) => logRank({ time: s.time, event: s.event, group: group[k]! }));
  const sum = (pick: (part: (typeof parts)[number]) => number[]) => pick(parts[0]!).map((_, i) => parts.reduce((total, part) => total + pick(part)[i]!, 0));
  const test = pooledLogRankTest(sum((p) => p.observed), sum((p) => p.expected), sum((p) => p.variance.flat()));
  expect(relative(test.chisq!, reference.chisq!)).toBeLessThan(1e-12);
  expect(test.df).toBe(reference.df);
});
