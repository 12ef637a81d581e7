/**
 * Reconstruction from tests and models: an exact log-rank statistic or Cox coefficient, differenced
 * between two queries whose populations differ by one patient, measures that patient's
 * contribution. The aggregate tier gets them from coarsened times, to 3 significant digits
 * (p values to 2) (docs/disclosure.md, "Tests and models"); the row tier keeps full precision.
 * Utility: hazard ratios stay within a few percent of the exact ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/access/api-keys.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { significantDigits } from './attack-server.js';

let server: TestServer;
let admin: Record<string, string>;
let consortium: Record<string, string>;

const COX = `{ cohort { coxRegression(covariates: [{ variable: "ascitesAtBaseline" }, { variable: "sex" }, { variable: "ageAtIndex" }]) {
  n events terms { name coef hazardRatio lower upper se z p } likelihoodRatio { statistic p } wald { statistic p } score { statistic p } concordance } } }`;

beforeAll(async () => {
  server = await startTestServer({ seed: { patients: 400, sites: 2 }, env: { AUTH_MODE: 'keys', DISCLOSURE_SECRET: 'model-statistics-attack-test-secret-0123456' } });
  admin = { authorization: `Bearer ${(await createApiKey(server.db, { role: 'ADMIN' })).key}` };
  consortium = { authorization: `Bearer ${(await createApiKey(server.db, { role: 'CONSORTIUM_ANALYST' })).key}` };
});
afterAll(async () => { await server.close(); });

describe('Cox models in the aggregate tier', () => {
  it('are released to 3 significant digits (p to 2), with perturbed counts, and stay close to the exact fit', async () => {
    const exact = (await server.gql(COX, {}, admin)).data!.cohort.coxRegression;
    const result = await server.gql(COX, {}, consortium);
    expect(result.errors).toBeUndefined();
    const model = result.data!.cohort.coxRegression;
    expect(Math.abs(model.n - exact.n)).toBeLessThanOrEqual(2);
    expect(Math.abs(model.events - exact.events)).toBeLessThanOrEqual(2);
    model.terms.forEach((term: any, i: number) => {
      for (const key of ['coef', 'hazardRatio', 'lower', 'upper', 'se', 'z']) expect(significantDigits(term[key])).toBeLessThanOrEqual(3);
      expect(significantDigits(term.p)).toBeLessThanOrEqual(2);
      expect(Math.abs(term.hazardRatio / exact.terms[i].hazardRatio - 1)).toBeLessThan(0.05);
    });
    for (const test of ['likelihoodRatio', 'wald', 'score']) {
      expect(significantDigits(model[test].statistic)).toBeLessThanOrEqual(3);
      expect(Math.abs(model[test].statistic / exact[test].statistic - 1)).toBeLessThan(0.1);
    }
    // The row tier keeps full precision: the exact coefficients are not 3-digit numbers.
    expect(exact.terms.some((term: any) => significantDigits(term.coef) > 3)).toBe(true);
  });

  it('answers the univariate screen for the consortium', async () => {
    const result = await server.gql('{ cohort { coxScreen(covariates: [{ variable: "ascitesAtBaseline" }, { variable: "sex" }], threshold: 0.05) { selected univariate { covariate p } multivariable { n terms { name hazardRatio } } } } }', {}, consortium);
    expect(result.errors).toBeUndefined();
    expect(result.data!.cohort.coxScreen.selected).toContain('ascitesAtBaseline');
  });
});

describe('the log-rank test in the aggregate tier', () => {
  it('is released to 3 significant digits (p to 2) with expected deaths to 3', async () => {
    const result = await server.gql('{ cohort { compareSurvival(by: { variable: "ascitesAtBaseline" }) { logRank { statistic p expected } } } }', {}, consortium);
    expect(result.errors).toBeUndefined();
    const { logRank } = result.data!.cohort.compareSurvival;
    expect(significantDigits(logRank.statistic)).toBeLessThanOrEqual(3);
    expect(significantDigits(logRank.p)).toBeLessThanOrEqual(2);
    for (const expected of logRank.expected) expect(significantDigits(expected)).toBeLessThanOrEqual(3);
  });
});
