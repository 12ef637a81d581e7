/**
 * API key hardening through HTTP with AUTH_MODE=keys: key checks run the asynchronous scrypt (on
 * libuv's pool), once per check whether the prefix exists or not (counted by spying on scrypt,
 * never by timing); repeated failures lock a prefix or an address out with RATE_LIMITED, an audit
 * row and a warning, while a key already verified keeps working; expired keys are refused saying
 * so; saving cohorts is for the roles that may write, and saved cohorts are owned and scoped;
 * introspection is off in production; /healthz?counters shows its counters to administrators only.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger } from 'pino';
import { createApiKey } from '../../src/access/api-keys.js';
import { STUDY_SUBGROUPS } from '../../src/records/study-subgroups.js';
import { sqlRows } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const scryptCalls = vi.hoisted(() => ({ async: 0, sync: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return {
    ...crypto,
    scrypt: (...args: Parameters<typeof crypto.scrypt>) => { scryptCalls.async += 1; return crypto.scrypt(...args); },
    scryptSync: (...args: Parameters<typeof crypto.scryptSync>) => { scryptCalls.sync += 1; return crypto.scryptSync(...args); },
  };
});

const QUERY = '{ me { role } }';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const from = (address: string) => ({ 'x-forwarded-for': address });
const wrongSecret = (key: string) => `${key.slice(0, 17)}${'A'.repeat(43)}`;
const unknownPrefix = (n: number) => `ntk_${String(n).padStart(12, 'Z')}_${'b'.repeat(43)}`;

function countScrypt<T>(run: () => Promise<T>): Promise<{ result: T; async: number; sync: number }> {
  const before = { ...scryptCalls };
  return run().then((result) => ({ result, async: scryptCalls.async - before.async, sync: scryptCalls.sync - before.sync }));
}

async function auditOutcomes(server: TestServer): Promise<string[]> {
  for (let turn = 0; turn < 200 && server.app.auditStats().pending > 0; turn += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 20));
  return (await sqlRows<{ outcome: string }>(server.db, 'SELECT outcome FROM audit_log ORDER BY id')).map((row) => row.outcome);
}

describe('key verification', () => {
  let server: TestServer;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer({ seed: false, env: { AUTH_MODE: 'keys' } });
    key = (await createApiKey(server.db, { role: 'ADMIN' })).key;
  });
  afterAll(async () => { await server.close(); });

  it('runs one asynchronous scrypt for an unknown prefix, exactly as for a wrong secret, and none synchronously', async () => {
    const unknown = await countScrypt(() => server.gql(QUERY, {}, bearer(unknownPrefix(1))));
    const wrong = await countScrypt(() => server.gql(QUERY, {}, bearer(wrongSecret(key))));
    expect(unknown.result.status).toBe(401);
    expect(wrong.result.status).toBe(401);
    expect(unknown.result.errors![0]!.message).toBe(wrong.result.errors![0]!.message);
    expect([unknown.async, unknown.sync]).toEqual([1, 0]);
    expect([wrong.async, wrong.sync]).toEqual([1, 0]);
  });

  it('runs scrypt once for a right key, then remembers it', async () => {
    const first = await countScrypt(() => server.gql(QUERY, {}, bearer(key)));
    const second = await countScrypt(() => server.gql(QUERY, {}, bearer(key)));
    expect(first.result.data!.me.role).toBe('ADMIN');
    expect(second.result.data!.me.role).toBe('ADMIN');
    expect([first.async, second.async]).toEqual([1, 0]);
  });

  it('runs no scrypt for a header that holds no key of this API', async () => {
    const malformed = await countScrypt(() => server.gql(QUERY, {}, { authorization: 'Bearer not-a-key' }));
    expect(malformed.result.status).toBe(401);
    expect(malformed.async).toBe(0);
  });
});

describe('lockout after repeated failures', () => {
  let server: TestServer;
  let key: string;
  const warnings: { details: Record<string, unknown>; message: string }[] = [];
  const logger = {
    warn: (details: Record<string, unknown>, message: string) => warnings.push({ details, message }),
    error: () => undefined,
    info: () => undefined,
  } as unknown as Logger;
  beforeAll(async () => {
    server = await startTestServer({ seed: false, logger, env: { AUTH_MODE: 'keys', TRUST_PROXY: 'loopback', AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW_S: '600', AUTH_LOCKOUT_S: '600' } });
    key = (await createApiKey(server.db, { role: 'CONSORTIUM_ANALYST' })).key;
  });
  afterAll(async () => { await server.close(); });

  it('locks a key prefix after N failures from any addresses, without scrypt, while its verified holder keeps working', async () => {
    expect((await server.gql(QUERY, {}, { ...bearer(key), ...from('10.0.0.1') })).status).toBe(200);
    for (const address of ['10.0.1.1', '10.0.1.2', '10.0.1.3']) {
      expect((await server.gql(QUERY, {}, { ...bearer(wrongSecret(key)), ...from(address) })).status).toBe(401);
    }
    const locked = await countScrypt(() => server.gql(QUERY, {}, { ...bearer(wrongSecret(key)), ...from('10.0.1.4') }));
    expect(locked.result.status).toBe(429);
    expect(locked.result.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(locked.async).toBe(0);
    expect((await server.gql(QUERY, {}, { ...bearer(key), ...from('10.0.0.1') })).data!.me.role).toBe('CONSORTIUM_ANALYST');
    expect(warnings.some((w) => w.details['subject'] === `prefix ${key.slice(4, 16)}` && /locked out/.test(w.message))).toBe(true);
    expect(await auditOutcomes(server)).toContain('RATE_LIMITED');
  });

  it('locks an address after N failures with any prefixes, and only that address', async () => {
    for (const n of [11, 12, 13]) expect((await server.gql(QUERY, {}, { ...bearer(unknownPrefix(n)), ...from('10.0.2.1') })).status).toBe(401);
    const locked = await server.gql(QUERY, {}, { ...bearer(unknownPrefix(14)), ...from('10.0.2.1') });
    expect(locked.errors![0]!.extensions!['code']).toBe('RATE_LIMITED');
    expect((await server.gql(QUERY, {}, { ...bearer(unknownPrefix(14)), ...from('10.0.2.2') })).status).toBe(401);
    expect(warnings.some((w) => w.details['subject'] === 'address 10.0.2.1')).toBe(true);
  });

  it('answers plot URLs and exports of a locked address with 429 RATE_LIMITED too', async () => {
    for (const path of ['/plots/survival.svg', '/export/patients.csv']) {
      const response = await fetch(`${server.url}${path}`, { headers: { ...bearer(unknownPrefix(15)), ...from('10.0.2.1') } });
      expect(response.status).toBe(429);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    }
  });
});

describe('expiry', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ seed: false, env: { AUTH_MODE: 'keys' } }); });
  afterAll(async () => { await server.close(); });

  it('refuses an expired key saying it expired, and only to the holder of its secret', async () => {
    const expired = (await createApiKey(server.db, { role: 'ADMIN', expiresAt: '2020-01-01T00:00:00.000Z' })).key;
    const refused = await server.gql(QUERY, {}, bearer(expired));
    expect(refused.status).toBe(401);
    expect(refused.errors![0]!.extensions!['code']).toBe('UNAUTHENTICATED');
    expect(refused.errors![0]!.message).toMatch(/expired on 2020-01-01T00:00:00.000Z/);
    expect((await server.gql(QUERY, {}, bearer(wrongSecret(expired)))).errors![0]!.message).not.toMatch(/expired/);
    const current = (await createApiKey(server.db, { role: 'ADMIN', expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).key;
    expect((await server.gql(QUERY, {}, bearer(current))).data!.me.role).toBe('ADMIN');
  });
});

describe('saved cohorts', () => {
  let server: TestServer;
  const keys: Record<string, string> = {};
  const ids: Record<string, number> = {};
  let sites: { id: number; code: string }[];
  const save = (role: string, name: string) => server.gql('mutation($name: String!) { saveCohort(name: $name, where: { variable: "sex", eq: "FEMALE" }) { id name } }', { name }, bearer(keys[role]!));
  const visibleTo = async (role: string) => ((await server.gql('{ savedCohorts { name } }', {}, bearer(keys[role]!))).data!.savedCohorts as { name: string }[]).map((c) => c.name);

  beforeAll(async () => {
    server = await startTestServer({ seed: { patients: 120, sites: 2 }, env: { AUTH_MODE: 'keys' } });
    sites = await sqlRows(server.db, 'SELECT id, code FROM sites ORDER BY id') as never;
    for (const [role, site] of [['ADMIN'], ['SITE_MANAGER', 0], ['SITE_ANALYST', 0], ['OTHER_SITE_ANALYST', 1], ['CONSORTIUM_ANALYST']] as const) {
      const created = await createApiKey(server.db, { role: role === 'OTHER_SITE_ANALYST' ? 'SITE_ANALYST' : role, siteCode: site === undefined ? undefined : sites[site]!.code });
      keys[role] = created.key;
      ids[role] = (await sqlRows<{ id: number }>(server.db, 'SELECT id FROM api_keys WHERE prefix = ?', created.prefix))[0]!.id;
    }
  });
  afterAll(async () => { await server.close(); });

  it('lets only the roles that may write save one', async () => {
    for (const role of ['SITE_ANALYST', 'CONSORTIUM_ANALYST']) {
      const refused = await save(role, `By ${role}`);
      expect(refused.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
      expect(refused.errors![0]!.message).toMatch(/ADMIN, SITE_MANAGER/);
    }
    expect((await save('SITE_MANAGER', 'Site women')).errors).toBeUndefined();
    expect((await save('ADMIN', 'Shared women')).errors).toBeUndefined();
    const rows = await sqlRows(server.db, 'SELECT name, owner_key_id AS owner, site_id AS site FROM saved_cohorts WHERE owner_key_id IS NOT NULL ORDER BY id');
    expect(rows).toEqual([{ name: 'Site women', owner: ids['SITE_MANAGER'], site: sites[0]!.id }, { name: 'Shared women', owner: ids['ADMIN'], site: null }]);
  });

  it('shows a site its own cohorts and the shared ones, the demo subgroups to everyone', async () => {
    const subgroups = STUDY_SUBGROUPS.map((s) => s.name);
    expect(await visibleTo('ADMIN')).toEqual([...subgroups, 'Site women', 'Shared women']);
    expect(await visibleTo('SITE_ANALYST')).toEqual([...subgroups, 'Site women', 'Shared women']);
    expect(await visibleTo('OTHER_SITE_ANALYST')).toEqual([...subgroups, 'Shared women']);
    expect(await visibleTo('CONSORTIUM_ANALYST')).toEqual([...subgroups, 'Shared women']);
  });

  it('refuses another site\'s cohort by id as if it did not exist', async () => {
    const id = ((await server.gql('{ savedCohorts { id name } }', {}, bearer(keys['SITE_ANALYST']!))).data!.savedCohorts as { id: string; name: string }[]).find((c) => c.name === 'Site women')!.id;
    const own = await server.gql('query($id: ID) { cohort(id: $id) { size } }', { id }, bearer(keys['SITE_ANALYST']!));
    expect(own.errors).toBeUndefined();
    const other = await server.gql('query($id: ID) { cohort(id: $id) { size } }', { id }, bearer(keys['OTHER_SITE_ANALYST']!));
    expect(other.errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
    expect(other.errors![0]!.message).toMatch(/No saved cohort has id/);
  });
});

describe('introspection and /healthz', () => {
  const servers: TestServer[] = [];
  afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });
  const start = async (env: Record<string, string>) => {
    const server = await startTestServer({ seed: false, env });
    servers.push(server);
    return server;
  };
  const INTROSPECT = '{ __schema { queryType { name } } }';

  it('refuses introspection in production with keys, unless INTROSPECTION=on; allows it in the open demo', async () => {
    const production = await start({ AUTH_MODE: 'keys', NODE_ENV: 'production' });
    const key = (await createApiKey(production.db, { role: 'ADMIN' })).key;
    const refused = await production.gql(INTROSPECT, {}, bearer(key));
    expect(refused.errors![0]!.extensions!['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const enabled = await start({ AUTH_MODE: 'keys', NODE_ENV: 'production', INTROSPECTION: 'on' });
    expect((await enabled.gql(INTROSPECT, {}, bearer((await createApiKey(enabled.db, { role: 'CONSORTIUM_ANALYST' })).key))).data!.__schema.queryType.name).toBe('Query');
    const demo = await start({ AUTH_MODE: 'open' });
    expect((await demo.gql(INTROSPECT)).data!.__schema.queryType.name).toBe('Query');
  });

  it('answers exactly {status:"ok"}; /healthz?counters adds the counters for an administrator\'s key or without keys', async () => {
    const server = await start({ AUTH_MODE: 'keys' });
    const health = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${server.url}${path}`, { headers });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const adminKey = bearer((await createApiKey(server.db, { role: 'ADMIN' })).key);
    expect(await health('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await health('/healthz', adminKey)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await health('/healthz?counters')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await health('/healthz?counters', bearer((await createApiKey(server.db, { role: 'CONSORTIUM_ANALYST' })).key))).toEqual({ status: 200, body: { status: 'ok' } });
    const admin = await health('/healthz?counters', adminKey);
    expect(admin.body).toMatchObject({ status: 'ok', analyses: expect.any(Object), audit: { dropped: 0 } });
    expect((await health('/healthz', bearer(unknownPrefix(99)))).status).toBe(401);
    const demo = await start({ AUTH_MODE: 'open' });
    expect(await (await fetch(`${demo.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${demo.url}/healthz?counters`)).json()).toMatchObject({ status: 'ok', analyses: expect.any(Object) });
  });
});
