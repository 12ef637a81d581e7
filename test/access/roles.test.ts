/**
 * The role-by-operation matrix over HTTP with AUTH_MODE=keys on a two-site registry: no row of
 * another site ever reaches a site role, no row at all reaches a consortium analyst, small counts
 * never reach anyone who may not see the rows (including by differencing), and every request is
 * in the audit log without keys or variable values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../src/access/api-keys.js';
import { sqlRows, sqlRun } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
const keys: Record<string, string> = {};
let ownSite: string;
let otherSite: string;
let otherSitePatientId: string;
const siteCounts = new Map<string, number>();

const as = (role: string) => ({ authorization: `Bearer ${keys[role]}` });

beforeAll(async () => {
  server = await startTestServer({ seed: { patients: 400, sites: 2 }, env: { AUTH_MODE: 'keys' } });
  keys['ADMIN'] = (await createApiKey(server.db, { role: 'ADMIN' })).key;
  const sites = (await server.gql('{ sites { code } }', {}, { authorization: `Bearer ${keys['ADMIN']}` })).data!.sites.map((s: any) => s.code);
  [ownSite, otherSite] = sites;
  keys['SITE_MANAGER'] = (await createApiKey(server.db, { role: 'SITE_MANAGER', siteCode: ownSite })).key;
  keys['SITE_ANALYST'] = (await createApiKey(server.db, { role: 'SITE_ANALYST', siteCode: ownSite })).key;
  keys['CONSORTIUM_ANALYST'] = (await createApiKey(server.db, { role: 'CONSORTIUM_ANALYST' })).key;
  const revoked = await createApiKey(server.db, { role: 'ADMIN' });
  await revokeApiKey(server.db, revoked.prefix);
  keys['REVOKED'] = revoked.key;
  for (const code of sites) {
    const r = await server.gql('query($w: PatientFilter) { patients(where: $w, first: 1) { totalCount nodes { id } } }', { w: { site: [code] } }, as('ADMIN'));
    siteCounts.set(code, r.data!.patients.totalCount);
    if (code === otherSite) otherSitePatientId = r.data!.patients.nodes[0].id;
  }
});
afterAll(async () => { await server.close(); });

describe('authentication', () => {
  it.each([['no key', {}], ['a malformed header', { authorization: 'Basic abc' }], ['an unknown key', { authorization: 'Bearer ntk_AAAAAAAAAAAA_' + 'a'.repeat(43) }], ['a revoked key', null]])(
    'answers %s with UNAUTHENTICATED and nothing else', async (_, headers) => {
      const result = await server.gql('{ cohort { size } patients { totalCount } }', {}, headers ?? as('REVOKED'));
      expect(result.status).toBe(401);
      expect(result.data ?? null).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.extensions!['code']).toBe('UNAUTHENTICATED');
    });

  it('tells each principal who it is', async () => {
    for (const role of ['ADMIN', 'SITE_MANAGER', 'SITE_ANALYST', 'CONSORTIUM_ANALYST']) {
      const result = await server.gql('{ me { role siteCode rowAccess } }', {}, as(role));
      expect(result.data!.me.role).toBe(role);
    }
  });
});

describe('row access', () => {
  const rows = '{ patients(first: 500) { totalCount nodes { id site { code } treatments { id } labs { id } } } }';

  it('gives ADMIN every row', async () => {
    const result = await server.gql(rows, {}, as('ADMIN'));
    expect(result.data!.patients.totalCount).toBe(400);
  });

  it.each(['SITE_MANAGER', 'SITE_ANALYST'])('gives %s its own site rows only, through every path', async (role) => {
    const result = await server.gql(rows, {}, as(role));
    expect(result.errors).toBeUndefined();
    const page = result.data!.patients;
    expect(page.totalCount).toBe(siteCounts.get(ownSite));
    expect(new Set(page.nodes.map((n: any) => n.site.code))).toEqual(new Set([ownSite]));
    const other = await server.gql('query($id: ID!) { patient(id: $id) { id } }', { id: otherSitePatientId }, as(role));
    expect(other.data!.patient).toBeNull();
    const filtered = await server.gql('query($w: PatientFilter) { patients(where: $w) { totalCount } cohort(where: $w) { patients { totalCount } } }', { w: { site: [otherSite] } }, as(role));
    expect(filtered.data!.patients.totalCount).toBe(0);
    expect(filtered.data!.cohort.patients.totalCount).toBe(0);
  });

  it('refuses every row field to CONSORTIUM_ANALYST with FORBIDDEN', async () => {
    for (const query of [rows, `{ patient(id: "${otherSitePatientId}") { id } }`, '{ cohort { patients { totalCount } } }']) {
      const result = await server.gql(query, {}, as('CONSORTIUM_ANALYST'));
      expect(result.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
      expect(JSON.stringify(result.data ?? null)).not.toMatch(/"id"/);
    }
  });
});

describe('aggregates under disclosure control', () => {
  const sizeOf = async (role: string, where: unknown) => {
    const result = await server.gql('query($w: PatientFilter) { cohort(where: $w) { size suppressions { path reason } } }', { w: where }, as(role));
    expect(result.errors).toBeUndefined();
    return result.data!.cohort;
  };

  it('gives ADMIN exact counts and perturbs them (±2, docs/disclosure.md) for everyone else', async () => {
    expect((await sizeOf('ADMIN', null)).size).toBe(400);
    const where = { variable: 'ageAtIndex', gt: 50 };
    const exact = (await sizeOf('ADMIN', where)).size;
    for (const role of ['SITE_ANALYST', 'CONSORTIUM_ANALYST']) {
      const released = (await sizeOf(role, where)).size;
      expect(Number.isInteger(released)).toBe(true);
      expect(Math.abs(released - exact)).toBeLessThanOrEqual(2);
    }
  });

  it('defeats the differencing attack: F, not F and the whole never reveal a small count', async () => {
    const ages = (await server.gql('{ patients(first: 500) { nodes { ageAtIndex } } }', {}, as('ADMIN'))).data!.patients.nodes.map((n: any) => n.ageAtIndex).sort((a: number, b: number) => b - a);
    const oldest = { variable: 'ageAtIndex', gte: ages[1] };
    const exact = (await sizeOf('ADMIN', oldest)).size;
    expect(exact).toBeLessThan(5);
    const f = await sizeOf('CONSORTIUM_ANALYST', oldest);
    const notF = await sizeOf('CONSORTIUM_ANALYST', { not: oldest });
    const whole = await sizeOf('CONSORTIUM_ANALYST', null);
    expect(f.size).toBeNull();
    expect(notF.size).toBeNull();
    expect(f.suppressions[0].path).toBe('size');
    expect(notF.suppressions[0].reason).toMatch(/differencing/);
    expect(Math.abs(whole.size - 400)).toBeLessThanOrEqual(2);
  });

  it('refuses every analysis of a cohort whose complement is under k (differencing against the registry), but not to ADMIN', async () => {
    const ages = (await server.gql('{ patients(first: 500) { nodes { ageAtIndex } } }', {}, as('ADMIN'))).data!.patients.nodes.map((n: any) => n.ageAtIndex as number).sort((a: number, b: number) => b - a);
    const nextOldest = ages.find((age: number) => age < ages[0]!)!;
    const allButTheOldest = { variable: 'ageAtIndex', lt: (ages[0]! + nextOldest) / 2 };
    const complement = 400 - (await sizeOf('ADMIN', allButTheOldest)).size;
    expect(complement).toBeGreaterThan(0);
    expect(complement).toBeLessThan(5);
    const fields = {
      survival: 'survival { n }',
      characteristics: 'characteristics(variables: ["ageAtIndex"]) { n }',
      crossTab: 'crossTab(rows: { variable: "childPugh" }, columns: { variable: "ascitesAtBaseline" }) { n }',
    };
    const ask = (field: string, role: string) => server.gql(`query($w: PatientFilter) { cohort(where: $w) { ${field} } }`, { w: allButTheOldest }, as(role));

    for (const [name, field] of Object.entries(fields)) {
      const analyst = await ask(field, 'CONSORTIUM_ANALYST');
      expect(analyst.data?.cohort ?? null).toBeNull();
      expect(analyst.errors).toHaveLength(1);
      expect(analyst.errors![0]!.path).toEqual(['cohort', name]);
      expect(analyst.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', threshold: 5 });
      expect(analyst.errors![0]!.message).toMatch(/outside this cohort/);
      const administrator = await ask(field, 'ADMIN');
      expect(administrator.errors).toBeUndefined();
      expect(administrator.data!.cohort[name]).not.toBeNull();
    }
    const administrator = await ask(`${fields.survival} ${fields.characteristics}`, 'ADMIN');
    expect(administrator.data!.cohort.survival.n).toBe(400 - complement);
    expect(administrator.data!.cohort.characteristics[0].n).toBe(400 - complement);
  });

  it('lists the suppressions of sibling fields asked before or after it, through aliases and fragments', async () => {
    const query = `query { cohort {
      suppressions { path }
      ...curve
      table: crossTab(rows: { variable: "childPugh" }, columns: { variable: "ascitesAtBaseline" }) { counts }
      skipped: survival(options: { timeUnit: YEARS }) @skip(if: true) { n }
    } }
    fragment curve on Cohort { survival { n } }`;
    const result = await server.gql(query, {}, as('CONSORTIUM_ANALYST'));
    expect(result.errors).toBeUndefined();
    const paths = result.data!.cohort.suppressions.map((s: any) => s.path);
    expect(paths).toContain('survival.curve');
    const table = result.data!.cohort.table.counts as (number | null)[][];
    table.forEach((row, r) => row.forEach((v, c) => { if (v === null) expect(paths).toContain(`crossTab.counts[${r}][${c}]`); }));
  });

  it('withholds small cells with secondary suppression, and lists them', async () => {
    const query = 'query($w: PatientFilter) { cohort(where: $w) { crossTab(rows: { variable: "childPugh" }, columns: { variable: "ascitesAtBaseline" }) { counts } suppressions { path reason } } }';
    const exact = (await server.gql(query, { w: null }, as('ADMIN'))).data!.cohort.crossTab.counts as number[][];
    const result = await server.gql(query, { w: null }, as('CONSORTIUM_ANALYST'));
    const released = result.data!.cohort.crossTab.counts as (number | null)[][];
    exact.forEach((row, r) => row.forEach((n, c) => {
      if (n > 0 && n < 5) expect(released[r]![c]).toBeNull();
      if (released[r]![c] !== null) expect(Math.abs(released[r]![c]! - n)).toBeLessThanOrEqual(2);
    }));
    for (const row of released) expect(row.filter((v) => v === null).length).not.toBe(1);
    const paths = result.data!.cohort.suppressions.map((s: any) => s.path);
    released.forEach((row, r) => row.forEach((v, c) => { if (v === null) expect(paths).toContain(`crossTab.counts[${r}][${c}]`); }));
  });

  it('stops survival curves where fewer than k are at risk and never shows extremes', async () => {
    const result = await server.gql('{ cohort { survival { curve { nRisk } } characteristics(variables: ["ageAtIndex"]) { summary { min max mean } } suppressions { path } } }', {}, as('CONSORTIUM_ANALYST'));
    expect(result.errors).toBeUndefined();
    for (const point of result.data!.cohort.survival.curve) expect(point.nRisk).toBeGreaterThanOrEqual(5);
    expect(result.data!.cohort.characteristics[0].summary.min).toBeNull();
    expect(result.data!.cohort.characteristics[0].summary.mean).toBeGreaterThan(0);
    expect(result.data!.cohort.suppressions.map((s: any) => s.path)).toContain('survival.curve');
  });

  it('refuses a Cox model or a comparison over a group smaller than k', async () => {
    const ages = (await server.gql('{ patients(first: 500) { nodes { ageAtIndex } } }', {}, as('ADMIN'))).data!.patients.nodes.map((n: any) => n.ageAtIndex).sort((a: number, b: number) => b - a);
    const tiny = { variable: 'ageAtIndex', gte: ages[3] };
    const cox = await server.gql('query($w: PatientFilter) { cohort(where: $w) { coxRegression(covariates: [{ variable: "ascitesAtBaseline" }]) { n } } }', { w: tiny }, as('CONSORTIUM_ANALYST'));
    expect(cox.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    const compare = await server.gql('{ cohort { compareSurvival(by: { variable: "childPugh" }) { n } } }', {}, as('CONSORTIUM_ANALYST'));
    const childPughC = (await server.gql('{ cohort(where: { variable: "childPugh", eq: "C" }) { size } }', {}, as('ADMIN'))).data!.cohort.size;
    if (childPughC > 0 && childPughC < 5) expect(compare.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });

  it('gives a site role exact aggregates over its own site alone', async () => {
    const result = await sizeOf('SITE_ANALYST', { site: [ownSite] });
    expect(result.size).toBe(siteCounts.get(ownSite));
    expect(result.suppressions).toEqual([]);
  });
});

describe('audit log', () => {
  it('is for administrators, and records requests without keys or variable values', async () => {
    await server.gql('query Secretive($w: PatientFilter) { cohort(where: $w) { size } }', { w: { variable: 'ageAtIndex', gt: 61.5 } }, as('CONSORTIUM_ANALYST'));
    const refused = await server.gql('{ auditLog { nodes { id } } }', {}, as('SITE_MANAGER'));
    expect(refused.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    const log = await server.gql('{ auditLog(first: 200) { nodes { role siteCode channel operationName variablesHash servedRows servedAggregates suppressions outcome durationMs } } }', {}, as('ADMIN'));
    expect(log.errors).toBeUndefined();
    const entries = log.data!.auditLog.nodes;
    const secretive = entries.find((e: any) => e.operationName === 'Secretive');
    expect(secretive).toMatchObject({ role: 'CONSORTIUM_ANALYST', channel: 'graphql', servedRows: false, servedAggregates: true, outcome: 'OK' });
    expect(secretive.variablesHash).toMatch(/^[0-9a-f]{64}$/);
    expect(entries.some((e: any) => e.outcome === 'UNAUTHENTICATED' && e.role === 'ANONYMOUS')).toBe(true);
    const raw = JSON.stringify(await sqlRows(server.db, 'SELECT * FROM audit_log'));
    expect(raw).not.toContain('61.5');
    for (const key of Object.values(keys)) expect(raw).not.toContain(key.slice(17));
    await expect(sqlRun(server.db, 'DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });
});
