/**
 * The federation on the PBC trial (survival::pbcseq, test/fixtures/pbcseq/) split over three
 * sites, each imported from its CSV folder into its own database, and a coordinator over them:
 * the pooled answers equal R's on the pooled rows (test/federation/reference/, written by
 * pbcseq-federation.R) and the central server's on a database holding all three sites; the peer
 * key reads no row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/processes.js';
import { startFederation, type Federation } from './federation-harness.js';

const FIXTURE = join(PROJECT_ROOT, 'test/fixtures/pbcseq');
const R = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/federation/reference/pbcseq-federation.json'), 'utf8'));

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation(['A', 'B', 'C'].map((code) => ({ code, folder: join(FIXTURE, `site-${code}`) })));
}, 120_000);
afterAll(() => federation?.close());

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
function expectClose(actual: readonly (number | null)[], expected: readonly number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => {
    expect(value).not.toBeNull();
    expect(relative(value!, expected[i]!), `element ${i}: ${value} vs ${expected[i]}`).toBeLessThan(tolerance);
  });
}

const COVARIATES = '[{ variable: "ageAtIndex" }, { variable: "sex" }, { variable: "ascitesAtBaseline" }]';
const COX_FIELDS = 'n events converged iterations warnings terms { name coef se p } logLikelihood { initial final } likelihoodRatio { statistic } wald { statistic } score { statistic }';

describe('pooled answers equal R on the pooled rows', () => {
  it('size, sex counts, age mean and sd (Table 1), exactly', async () => {
    const { data, errors } = await federation.coordinator.gql(`{ federation { cohort {
      size sites { code status error }
      characteristics(variables: ["sex", "ageAtIndex"]) { variable n levels { level count } summary { n mean sd } }
      suppressions { path reason } } } }`);
    expect(errors).toBeUndefined();
    const cohort = data!.federation.cohort;
    expect(cohort.size).toBe(R.size);
    expect(cohort.sites).toEqual(['A', 'B', 'C'].map((code) => ({ code, status: 'UP', error: null })));
    const [sex, age] = cohort.characteristics;
    expect(sex.levels).toEqual([{ level: 'MALE', count: R.sex.MALE }, { level: 'FEMALE', count: R.sex.FEMALE }]);
    expect(age.summary.n).toBe(R.size);
    expect(relative(age.summary.mean, R.age.mean)).toBeLessThan(1e-12);
    expect(relative(age.summary.sd, R.age.sd)).toBeLessThan(1e-10);
  });

  it('the Cox model stratified by site (coxph + strata(site)) and the pooled one, to 1e-6', async () => {
    const { data, errors } = await federation.coordinator.gql(`{ federation { cohort {
      stratified: coxRegression(covariates: ${COVARIATES}) { ${COX_FIELDS} }
      pooled: coxRegression(covariates: ${COVARIATES}, stratifyBySite: false) { ${COX_FIELDS} }
      breslow: coxRegression(covariates: ${COVARIATES}, stratifyBySite: false, ties: BRESLOW) { ${COX_FIELDS} }
    } } }`);
    expect(errors).toBeUndefined();
    for (const [key, reference] of [['stratified', R.coxStratified], ['pooled', R.coxPooled], ['breslow', R.coxPooledBreslow]] as const) {
      const model = data!.federation.cohort[key];
      expect(model.converged).toBe(true);
      expect(model.n).toBe(reference.n);
      expect(model.events).toBe(reference.events);
      expect(model.terms.map((t: any) => t.name)).toEqual(['ageAtIndex', 'sex=FEMALE', 'ascitesAtBaseline']);
      expectClose(model.terms.map((t: any) => t.coef), reference.coef, 1e-6);
      expectClose(model.terms.map((t: any) => t.se), reference.se, 1e-6);
      expectClose(model.terms.map((t: any) => t.p), reference.p, 1e-6);
      expectClose([model.logLikelihood.initial, model.logLikelihood.final], reference.loglik, 1e-9);
      expectClose([model.likelihoodRatio.statistic, model.wald.statistic, model.score.statistic], [reference.lrt, reference.wald, reference.score], 1e-6);
    }
  });

  it('the log-rank test stratified by site (survdiff + strata(site))', async () => {
    const { data, errors } = await federation.coordinator.gql(`{ federation { cohort {
      compareSurvival(by: { variable: "ageAtIndex", above: 50 }) { n logRank { statistic df p groups observed expected } }
    } } }`);
    expect(errors).toBeUndefined();
    const test = data!.federation.cohort.compareSurvival.logRank;
    expect(test.groups).toEqual(['ageAtIndex > 50', 'ageAtIndex ≤ 50'].sort());
    expect(relative(test.statistic, R.logRankStratified.chisq)).toBeLessThan(1e-9);
    expect(test.df).toBe(1);
  });

  it('Kaplan–Meier on the monthly grid, up to where a site has fewer than k at risk', async () => {
    const { data, errors } = await federation.coordinator.gql(`{ federation { cohort {
      survival(grid: 1) { n events median { estimate lower upper } curve { time nRisk nEvent nCensor survival stdErr lower upper } }
      suppressions { path reason }
    } } }`);
    expect(errors).toBeUndefined();
    const { survival: km, suppressions } = data!.federation.cohort;
    const reference = R.kmMonthly;
    const last = reference.time.findLastIndex((_: number, i: number) => i < km.curve.length);
    expect(km.n).toBe(R.size);
    expect(km.events).toBe(R.coxPooled.events);
    expect(km.median.estimate).toBe(reference.median[0]);
    // Each site stops its counts at its first grid time with fewer than k = 5 at risk; the pooled curve stops there.
    expect(km.curve.length).toBeGreaterThan(100);
    expect(km.curve.length).toBeLessThan(reference.time.length);
    expect(suppressions).toContainEqual({ path: 'survival.curve', reason: expect.stringMatching(/truncated after/) });
    const shown = (column: string) => reference[column].slice(0, last + 1);
    expect(km.curve.map((p: any) => p.time)).toEqual(shown('time'));
    expect(km.curve.map((p: any) => p.nRisk)).toEqual(shown('nRisk'));
    expect(km.curve.map((p: any) => p.nEvent)).toEqual(shown('nEvent'));
    expect(km.curve.map((p: any) => p.nCensor)).toEqual(shown('nCensor'));
    expectClose(km.curve.map((p: any) => p.survival), shown('survival'), 1e-12);
    expectClose(km.curve.map((p: any) => p.stdErr), shown('stdErr'), 1e-9);
    expectClose(km.curve.map((p: any) => p.lower), shown('lower'), 1e-9);
    expectClose(km.curve.map((p: any) => p.upper), shown('upper'), 1e-9);
  });
});

describe('what the peer key reaches', () => {
  it('FORBIDDEN on patients, on every other query and on exports; the peer operations answer', async () => {
    const site = federation.sites[0]!;
    const peer = site.keys['FEDERATION_PEER']!;
    for (const query of ['{ patients(first: 1) { nodes { id } } }', '{ patient(id: "1") { id } }', '{ cohort { size } }', '{ auditLog(first: 1) { __typename } }', '{ federationPeer(version: 1) { version } patients(first: 1) { totalCount } }']) {
      const { errors, data } = await site.gql(query, {}, peer);
      expect(errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(data ?? null).toBeNull();
    }
    const exported = await fetch(`${site.url}/export/patients.csv`, { headers: { authorization: `Bearer ${peer}` } });
    expect(exported.status).toBe(403);
    const { data, errors } = await site.gql('{ federationPeer(version: 1) { version size { value { count } } } }', {}, peer);
    expect(errors).toBeUndefined();
    expect(data!.federationPeer).toEqual({ version: 1, size: { value: { count: 104 } } });
  });

  it('refuses another protocol version and keys of other roles', async () => {
    const site = federation.sites[0]!;
    const wrongVersion = await site.gql('{ federationPeer(version: 2) { version } }', {}, site.keys['FEDERATION_PEER']);
    expect(wrongVersion.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const consortium = await federation.coordinator.gql('{ federationPeer(version: 1) { version } }', {}, federation.coordinator.keys['CONSORTIUM_ANALYST']);
    expect(consortium.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a small count at a site never leaves it: the pooled value is null, naming the site', async () => {
    // One to two patients per site are 74 or older: a cohort of 0 < n < k at a site is refused there.
    const { data, errors } = await federation.coordinator.gql(`{ federation { cohort(where: { variable: "ageAtIndex", gte: 74 }) {
      size sites { code status error } suppressions { path reason } } } }`);
    expect(errors).toBeUndefined();
    const cohort = data!.federation.cohort;
    expect(cohort.size).toBeNull();
    expect(cohort.sites.some((site: any) => site.status === 'REFUSED' && /FORBIDDEN: Disclosure control/.test(site.error))).toBe(true);
    expect(cohort.suppressions[0].reason).toMatch(/not pooled: site [ABC] is REFUSED/);
  });
});
