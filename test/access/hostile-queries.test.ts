/** Hostile requests are each answered with an error, cost almost nothing, and the server stays up. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

async function post(body: string, contentType = 'application/json') {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.text();
  return { status: response.status, text };
}

it.each([
  ['depth 100', `{ ${'patients { nodes { '.repeat(100)} id ${'} } '.repeat(100)} }`],
  ['10,000 aliases', `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: sites { code }`).join(' ')} }`],
  ['a huge list argument', `{ patients(where: { variable: "sex", in: [${Array.from({ length: 20_000 }, () => '"MALE"').join(',')}] }) { totalCount } }`],
])('rejects %s', async (_, query) => {
  const result = await post(JSON.stringify({ query }));
  expect(result.status).toBeGreaterThanOrEqual(400);
  expect(result.text).toMatch(/QUERY_TOO_COMPLEX|GRAPHQL_PARSE_FAILED|GRAPHQL_VALIDATION_FAILED/);
});

it('rejects malformed JSON and oversized bodies', async () => {
  const malformed = await post('{"query": "{ sites { code } }"');
  expect(malformed.status).toBe(400);
  const oversized = await post(JSON.stringify({ query: '{ sites { code } }', variables: { padding: 'x'.repeat(2_000_000) } }));
  expect(oversized.status).toBe(413);
  const batch = await post(JSON.stringify([{ query: '{ sites { code } }' }, { query: '{ sites { code } }' }]));
  expect(batch.status).toBe(400);
});

it('keeps serving afterwards', async () => {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  const result = await server.gql('{ cohort { size } }');
  expect(result.data!.cohort.size).toBe(93);
});
