/**
 * A federation whose sites fail: a stopped site is named DOWN and every pooled number is null
 * with the reason (never a number over the sites that answered); a slow site times out at
 * FEDERATION_TIMEOUT_MS without holding the answer; a transient failure (HTTP 503) is retried.
 * Also the coordinator's own disclosure policy for a consortium analyst.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/processes.js';
import { startFederation, startServer, type Federation, type RunningServer } from './federation-harness.js';

const FIXTURE = join(PROJECT_ROOT, 'test/fixtures/pbcseq');

let federation: Federation;
const extra: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  federation = await startFederation(['A', 'B', 'C'].map((code) => ({ code, folder: join(FIXTURE, `site-${code}`) })));
}, 120_000);
afterAll(async () => {
  await Promise.all(extra.map((server) => server.close()));
  await federation?.close();
});

/** A plain HTTP server on loopback answering with `handle`. */
async function fakeSite(handle: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake = {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  extra.push(fake);
  return fake;
}

/** A coordinator over sites A and B and a third entry for site C at `url`. */
async function coordinatorWithC(url: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const [a, b, c] = federation.sites;
  const entries = [a!, b!].map((site) => ({ code: site.code, url: site.graphqlUrl, key: site.keys['FEDERATION_PEER']! }));
  entries.push({ code: 'C', url, key: c!.keys['FEDERATION_PEER']! });
  const coordinator = await startServer({ file: join(federation.scratch, `coordinator-${Math.random().toString(36).slice(2)}.sqlite`), env: { FEDERATION_CONFIG: federation.configFile(entries), ...env } });
  extra.push(coordinator);
  return coordinator;
}

const POOLED = `{ federation { sites { code status error } cohort {
  size sites { code status error }
  coxRegression(covariates: [{ variable: "ageAtIndex" }]) { n }
  survival(grid: 1) { n }
  suppressions { path reason } } } }`;

describe('site failures', () => {
  it('a slow site times out cleanly: named DOWN, pooled numbers null with the reason, the answer not held up', async () => {
    const slow = await fakeSite(() => { /* never answers */ });
    const coordinator = await coordinatorWithC(slow.url, { FEDERATION_TIMEOUT_MS: '2000' });
    const started = Date.now();
    const { data, errors } = await coordinator.gql(POOLED);
    const elapsed = Date.now() - started;
    expect(errors).toBeUndefined();
    expect(elapsed).toBeLessThan(8_000);
    const down = { code: 'C', status: 'DOWN', error: 'no answer within 2000 ms' };
    expect(data!.federation.sites).toContainEqual(down);
    const cohort = data!.federation.cohort;
    expect(cohort.sites).toEqual([{ code: 'A', status: 'UP', error: null }, { code: 'B', status: 'UP', error: null }, down]);
    expect(cohort.size).toBeNull();
    expect(cohort.coxRegression).toBeNull();
    expect(cohort.survival).toBeNull();
    for (const path of ['size', 'coxRegression', 'survival']) {
      expect(cohort.suppressions).toContainEqual({ path, reason: 'not pooled: site C is DOWN (no answer within 2000 ms)' });
    }
  });

  it('a transient failure (HTTP 503) is retried', async () => {
    const c = federation.sites[2]!;
    let calls = 0;
    const flaky = await fakeSite((request, response) => {
      calls += 1;
      if (calls === 1) { response.writeHead(503).end(); return; }
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const forwarded = await fetch(c.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: request.headers.authorization! }, body: Buffer.concat(chunks) });
        response.writeHead(forwarded.status, { 'content-type': 'application/json' }).end(await forwarded.text());
      });
    });
    const coordinator = await coordinatorWithC(flaky.url);
    const { data, errors } = await coordinator.gql('{ federation { cohort { size sites { code status } } } }');
    expect(errors).toBeUndefined();
    expect(data!.federation.cohort.size).toBe(312);
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('a wrong key is REFUSED, named', async () => {
    const c = federation.sites[2]!;
    const [a, b] = federation.sites;
    const entries = [a!, b!].map((site) => ({ code: site.code, url: site.graphqlUrl, key: site.keys['FEDERATION_PEER']! }));
    entries.push({ code: 'C', url: c.graphqlUrl, key: 'ntk_not-a-key' });
    const coordinator = await startServer({ file: join(federation.scratch, 'coordinator-wrong-key.sqlite'), env: { FEDERATION_CONFIG: federation.configFile(entries) } });
    extra.push(coordinator);
    const { data } = await coordinator.gql('{ federation { cohort { size sites { code status error } } } }');
    expect(data!.federation.cohort.size).toBeNull();
    expect(data!.federation.cohort.sites[2]).toMatchObject({ code: 'C', status: 'REFUSED', error: expect.stringMatching(/^UNAUTHENTICATED/) });
  });

  it('a stopped site is named DOWN', async () => {
    await federation.sites[1]!.close();
    const { data, errors } = await federation.coordinator.gql(POOLED);
    expect(errors).toBeUndefined();
    const cohort = data!.federation.cohort;
    expect(cohort.sites[1]).toMatchObject({ code: 'B', status: 'DOWN', error: expect.stringMatching(/^unreachable \(ECONNREFUSED\), after 3 attempt\(s\)/) });
    expect(cohort.size).toBeNull();
    expect(cohort.suppressions).toContainEqual({ path: 'size', reason: expect.stringMatching(/^not pooled: site B is DOWN/) });
  });
});
