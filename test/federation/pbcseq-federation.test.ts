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
    // R's groups are age > 50 FALSE, TRUE; here in code-unit order, "> 50" before "≤ 50".
    expect(test.observed).toEqual([...R.logRankStratified.observed].reverse());
    expectClose(test.expected, [...R.logRankStratified.expected].reverse(), 1e-12);
  });

  it('a filter is applied at every site; per-group pooled curves beside the stratified test', async () => {
    const { data, errors } = await federation.coordinator.gql(`{ federation { cohort(where: { variable: "sex", in: ["FEMALE"] }) {
      size
      compareSurvival(by: { variable: "ageAtIndex", above: 50 }) { n groups { label estimate { n events } } logRank { df } }
    } } }`);
    expect(errors).toBeUndefined();
    const cohort = data!.federation.cohort;
    expect(cohort.size).toBe(R.sex.FEMALE);
    expect(cohort.compareSurvival.n).toBe(R.sex.FEMALE);
    expect(cohort.compareSurvival.groups.map((group: any) => group.label)).toEqual(['ageAtIndex ≤ 50', 'ageAtIndex > 50']);
    expect(cohort.compareSurvival.groups.reduce((sum: number, group: any) => sum + group.estimate.n, 0)).toBe(R.sex.FEMALE);
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

  it('every peer call is in the site\'s audit log, as the coordinator\'s key, with what it served', async () => {
    const site = federation.sites[0]!;
    await federation.coordinator.gql('{ federation { cohort { size } } }');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { data, errors } = await site.gql('{ auditLog(first: 500) { nodes { role operationName servedRows servedAggregates outcome } } }');
    expect(errors).toBeUndefined();
    const peerRows = data!.auditLog.nodes.filter((row: any) => row.role === 'FEDERATION_PEER');
    expect(peerRows.length).toBeGreaterThan(5);
    expect(peerRows.filter((row: any) => row.operationName === 'FederationPeer' && row.outcome === 'OK').every((row: any) => row.servedAggregates && !row.servedRows)).toBe(true);
    expect(peerRows.some((row: any) => row.outcome === 'FORBIDDEN')).toBe(true);
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

describe('pooled answers equal the central server on a database holding every site', () => {
  it('Table 1 counts and summaries, the unstratified Cox model, a cross-tab with Fisher', async () => {
    const selection = `size
      characteristics(variables: ["sex", "ascitesAtBaseline", "ageAtIndex"]) { variable n missing levels { level count percent } summary { n mean sd } }
      crossTab(rows: { variable: "ageAtIndex", above: 50 }, columns: { variable: "vitalStatus" }) { rowLabels columnLabels counts n fisher { p oddsRatio lower upper } }`;
    const cox = `coxRegression(covariates: ${COVARIATES}) { n events terms { name coef se p hazardRatio lower upper } logLikelihood { initial final } }`;
    const [central, pooled] = await Promise.all([
      federation.central.gql(`{ cohort { ${selection} ${cox} } }`),
      federation.coordinator.gql(`{ federation { cohort { ${selection} coxRegression(covariates: ${COVARIATES}, stratifyBySite: false) { n events terms { name coef se p hazardRatio lower upper } logLikelihood { initial final } } } } }`),
    ]);
    expect(central.errors).toBeUndefined();
    expect(pooled.errors).toBeUndefined();
    const expected = central.data!.cohort;
    const actual = pooled.data!.federation.cohort;
    expect(actual.size).toBe(expected.size);
    expect(actual.crossTab).toEqual(expected.crossTab);
    actual.characteristics.forEach((row: any, i: number) => {
      const reference = expected.characteristics[i];
      expect({ ...row, summary: null }).toEqual({ ...reference, summary: null });
      if (reference.summary !== null) {
        expect(row.summary.n).toBe(reference.summary.n);
        expectClose([row.summary.mean, row.summary.sd], [reference.summary.mean, reference.summary.sd], 1e-12);
      }
    });
    expect(actual.coxRegression.terms.map((t: any) => t.name)).toEqual(expected.coxRegression.terms.map((t: any) => t.name));
    for (const column of ['coef', 'se', 'p', 'hazardRatio', 'lower', 'upper']) {
      expectClose(actual.coxRegression.terms.map((t: any) => t[column]), expected.coxRegression.terms.map((t: any) => t[column]), 1e-6);
    }
    expectClose([actual.coxRegression.logLikelihood.final], [expected.coxRegression.logLikelihood.final], 1e-9);
  });
});

describe('the coordinator\'s disclosure policy for a consortium analyst', () => {
  it('pooled counts perturbed by the pooled cell key, the same on every asking; statistics coarsened', async () => {
    const key = federation.coordinator.keys['CONSORTIUM_ANALYST'];
    const query = `{ federation { cohort {
      size characteristics(variables: ["sex"]) { levels { level count } }
      coxRegression(covariates: ${COVARIATES}) { n events terms { coef p } }
      survival(grid: 1) { n events median { estimate } curve { time nRisk nEvent survival } }
      suppressions { path reason } } } }`;
    const first = await federation.coordinator.gql(query, {}, key);
    const again = await federation.coordinator.gql(query, {}, key);
    expect(first.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    const cohort = first.data!.federation.cohort;
    expect(Math.abs(cohort.size - R.size)).toBeLessThanOrEqual(2);
    cohort.characteristics[0].levels.forEach((level: any) => expect(Math.abs(level.count - R.sex[level.level])).toBeLessThanOrEqual(2));
    expect(Math.abs(cohort.coxRegression.events - R.coxStratified.events)).toBeLessThanOrEqual(2);
    // The curve is fitted to perturbed cumulative counts: close to R's, not equal, and it stops where fewer than k are at risk.
    const km = cohort.survival;
    expect(Math.abs(km.n - R.size)).toBeLessThanOrEqual(2);
    expect(km.curve.length).toBeGreaterThan(80);
    km.curve.forEach((point: any) => {
      const i = R.kmMonthly.time.indexOf(point.time);
      if (i >= 0) expect(Math.abs(point.survival - R.kmMonthly.survival[i])).toBeLessThan(0.03);
      expect(point.nRisk).toBeGreaterThanOrEqual(5);
    });
    expect(km.curve.some((point: any, i: number) => point.nEvent !== R.kmMonthly.nEvent[R.kmMonthly.time.indexOf(point.time)] || i < 0)).toBe(true);
    cohort.coxRegression.terms.forEach((term: any, j: number) => {
      expect(term.coef).toBe(Number(R.coxStratified.coef[j].toPrecision(3)));
      expect(term.p).toBe(Number(R.coxStratified.p[j].toPrecision(2)));
    });
  });

  it('a model a site\'s policy refuses (fewer than k deaths per term there) is null, the site named REFUSED', async () => {
    const { data, errors } = await federation.coordinator.gql(`{ federation { cohort(where: { variable: "ageAtIndex", lt: 40 }) {
      coxRegression(covariates: ${COVARIATES}) { n } sites { code status error } suppressions { path reason } } } }`, {}, federation.coordinator.keys['CONSORTIUM_ANALYST']);
    expect(errors).toBeUndefined();
    const cohort = data!.federation.cohort;
    expect(cohort.coxRegression).toBeNull();
    expect(cohort.sites.filter((site: any) => site.status === 'REFUSED').length).toBeGreaterThan(0);
    expect(cohort.suppressions).toContainEqual({ path: 'coxRegression', reason: expect.stringMatching(/deaths per term at this site/) });
  });
});
