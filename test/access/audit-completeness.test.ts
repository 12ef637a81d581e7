/**
 * Exactly one audit row per request on every audited route, with the right channel and the outcome
 * the client saw, and none on the routes documented as not audited. The route table below must list
 * every route of the express application (read from its router): a route added without a decision
 * here fails the first test.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/access/api-keys.js';
import { sqlRows } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
const keys: Record<string, string> = {};

/** Every route of the application: its audit channel, or why it is not audited (README, docs/disclosure-control.md). */
const ROUTES: Record<string, { channel: string } | { unaudited: string }> = {
  '/graphql': { channel: 'graphql' },
  '/plots': { channel: 'plot' },
  '/plots/:file': { channel: 'plot' },
  '/export': { channel: 'export' },
  '/export/:file': { channel: 'export' },
  '/export/results/:file': { channel: 'export' },
  '/healthz': { channel: 'health' },
  '/graphiql-assets/:file': { unaudited: 'GraphiQL\'s own script and style files: no data' },
  '/assets': { unaudited: 'the explorer page\'s built files: no data' },
  '/': { unaudited: 'the explorer page\'s HTML shell: no data' },
};

interface Probe {
  name: string;
  path: string;
  init?: RequestInit;
  as?: string;
  /** The one row expected, or null for none. */
  expected: { channel: string; outcome: string; role?: string; status: number } | null;
}

const graphql = (query: string, variables: Record<string, unknown> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
});

const PROBES: Probe[] = [
  { name: 'a GraphQL read', path: '/graphql', init: graphql('query Sizes { cohort { size } }'), as: 'ADMIN', expected: { channel: 'graphql', outcome: 'OK', role: 'ADMIN', status: 200 } },
  { name: 'a GraphQL GET', path: '/graphql?query=%7B%20sites%20%7B%20code%20%7D%20%7D', init: { headers: { 'apollo-require-preflight': 'true' } }, as: 'ADMIN', expected: { channel: 'graphql', outcome: 'OK', status: 200 } },
  { name: 'a no-key POST to /graphql', path: '/graphql', init: graphql('{ cohort { size } }'), expected: { channel: 'graphql', outcome: 'UNAUTHENTICATED', role: 'ANONYMOUS', status: 401 } },
  { name: 'a refused write', path: '/graphql', init: graphql('mutation { saveCohort(name: "Refused", where: { variable: "sex", eq: "FEMALE" }) { id } }'), as: 'CONSORTIUM_ANALYST', expected: { channel: 'graphql', outcome: 'FORBIDDEN', role: 'CONSORTIUM_ANALYST', status: 200 } },
  { name: 'a bad argument', path: '/graphql', init: graphql('{ cohort(id: "no-such-cohort") { size } }'), as: 'ADMIN', expected: { channel: 'graphql', outcome: 'BAD_USER_INPUT', status: 200 } },
  { name: 'a parse error', path: '/graphql', init: graphql('{ cohort { '), as: 'ADMIN', expected: { channel: 'graphql', outcome: 'GRAPHQL_PARSE_FAILED', status: 400 } },
  { name: 'malformed JSON', path: '/graphql', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' }, as: 'ADMIN', expected: { channel: 'graphql', outcome: 'BAD_REQUEST', status: 400 } },
  { name: 'a plot', path: '/plots/survival.svg', as: 'ADMIN', expected: { channel: 'plot', outcome: 'OK', role: 'ADMIN', status: 200 } },
  { name: 'a plot without a key', path: '/plots/survival.svg', expected: { channel: 'plot', outcome: 'UNAUTHENTICATED', role: 'ANONYMOUS', status: 401 } },
  { name: 'a plot with a bad parameter', path: '/plots/survival.json?nonsense=1', as: 'ADMIN', expected: { channel: 'plot', outcome: 'BAD_USER_INPUT', status: 400 } },
  { name: 'an unknown plot', path: '/plots/nothing.svg', as: 'ADMIN', expected: { channel: 'plot', outcome: 'NOT_FOUND', status: 404 } },
  { name: 'a path under /plots that no route matches', path: '/plots/a/b', as: 'ADMIN', expected: { channel: 'plot', outcome: 'NOT_FOUND', status: 404 } },
  { name: 'a CSV export', path: '/export/patients.csv', as: 'ADMIN', expected: { channel: 'export', outcome: 'OK', role: 'ADMIN', status: 200 } },
  { name: 'an Arrow export', path: '/export/labs.arrow', as: 'SITE_ANALYST', expected: { channel: 'export', outcome: 'OK', role: 'SITE_ANALYST', status: 200 } },
  { name: 'a refused export', path: '/export/patients.csv', as: 'CONSORTIUM_ANALYST', expected: { channel: 'export', outcome: 'FORBIDDEN', status: 403 } },
  { name: 'an export without a key', path: '/export/treatments.csv', expected: { channel: 'export', outcome: 'UNAUTHENTICATED', role: 'ANONYMOUS', status: 401 } },
  { name: 'an unknown export', path: '/export/nothing.csv', as: 'ADMIN', expected: { channel: 'export', outcome: 'NOT_FOUND', status: 404 } },
  { name: 'an analysis result as CSV', path: '/export/results/survival-curve.csv', as: 'ADMIN', expected: { channel: 'export', outcome: 'OK', role: 'ADMIN', status: 200 } },
  { name: 'an analysis result without a key', path: '/export/results/characteristics.json', expected: { channel: 'export', outcome: 'UNAUTHENTICATED', role: 'ANONYMOUS', status: 401 } },
  { name: 'a health check with a key', path: '/healthz', as: 'ADMIN', expected: { channel: 'health', outcome: 'OK', role: 'ADMIN', status: 200 } },
  { name: 'a health check with a bad key', path: '/healthz', init: { headers: { authorization: 'Bearer nonsense' } }, expected: { channel: 'health', outcome: 'UNAUTHENTICATED', role: 'ANONYMOUS', status: 401 } },
  { name: 'a health probe without a key', path: '/healthz', expected: null },
  { name: 'a GraphiQL asset', path: '/graphiql-assets/graphiql.min.css', expected: null },
  { name: 'an explorer asset', path: '/assets/none.js', expected: null },
  { name: 'the explorer page', path: '/', expected: null },
];

beforeAll(async () => {
  server = await startTestServer({ seed: { patients: 120, sites: 2 }, env: { AUTH_MODE: 'keys' } });
  const sites = await sqlRows<{ code: string }>(server.db, 'SELECT code FROM sites ORDER BY id');
  keys['ADMIN'] = (await createApiKey(server.db, { role: 'ADMIN' })).key;
  keys['SITE_ANALYST'] = (await createApiKey(server.db, { role: 'SITE_ANALYST', siteCode: sites[0]!.code })).key;
  keys['CONSORTIUM_ANALYST'] = (await createApiKey(server.db, { role: 'CONSORTIUM_ANALYST' })).key;
});
afterAll(async () => { await server.close(); });

/** The distinct paths the application's router matches, from express 5's router stack. */
function routerPaths(): string[] {
  const stack = (server.app.app as unknown as { router: { stack: { route?: { path: string }; rawPath?: unknown }[] } }).router.stack;
  return [...new Set(stack.map((layer) => String(layer.route?.path ?? layer.rawPath)))].sort();
}

const rowCount = async () => (await sqlRows<{ n: number }>(server.db, 'SELECT count(*) AS n FROM audit_log'))[0]!.n;
const rowsAfter = (count: number) => sqlRows<{ channel: string; outcome: string; role: string }>(server.db, 'SELECT channel, outcome, role FROM audit_log ORDER BY id LIMIT 1000000 OFFSET ?', count);

/** Lets the response's `finish` event and the queue's flush run (a bounded number of turns, no time asserted). */
async function settled(): Promise<void> {
  for (let turn = 0; turn < 5 || server.app.auditStats().pending > 0; turn += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (turn > 500) break;
  }
}

it('has an audit decision for every route of the application', () => {
  expect(routerPaths()).toEqual(Object.keys(ROUTES).sort());
});

it.each(PROBES.map((probe) => [probe.name, probe] as const))('writes the right audit row for %s', async (_, probe) => {
  await settled();
  const before = await rowCount();
  const headers = { ...(probe.init?.headers as Record<string, string> | undefined), ...(probe.as === undefined ? {} : { authorization: `Bearer ${keys[probe.as]}` }) };
  const response = await fetch(`${server.url}${probe.path}`, { ...probe.init, headers });
  await response.arrayBuffer();
  await settled();
  const rows = await rowsAfter(before);
  if (probe.expected === null) {
    expect(rows).toEqual([]);
    return;
  }
  expect(response.status).toBe(probe.expected.status);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ channel: probe.expected.channel, outcome: probe.expected.outcome, ...(probe.expected.role === undefined ? {} : { role: probe.expected.role }) });
});

it('covers every audited route with at least one probe', () => {
  const probed = new Set(PROBES.filter((probe) => probe.expected !== null).map((probe) => probe.expected!.channel));
  for (const route of Object.values(ROUTES)) if ('channel' in route) expect(probed).toContain(route.channel);
});

it('logs an export the client abandons mid-stream as INCOMPLETE', async () => {
  // 3,000 patients make a 5.4 MB labs.csv, more than loopback socket buffers take before the abort (1,000 do not).
  const large = await startTestServer({ seed: { patients: 3_000, sites: 2 }, env: { AUTH_MODE: 'open' } });
  try {
    const abort = new AbortController();
    const response = await fetch(`${large.url}/export/labs.csv`, { signal: abort.signal });
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await reader.read().catch(() => undefined);
    let rows: { channel: string; outcome: string }[] = [];
    for (let turn = 0; turn < 500 && rows.length === 0; turn += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      rows = await sqlRows<{ channel: string; outcome: string }>(large.db, 'SELECT channel, outcome FROM audit_log');
    }
    expect(rows).toEqual([{ channel: 'export', outcome: 'INCOMPLETE' }]);
  } finally {
    await large.close();
  }
});
