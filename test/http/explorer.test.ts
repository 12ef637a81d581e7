/** The offline explorer and the health check: a browser GET on /graphql gets GraphiQL from our own files. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ seed: false }); });
afterAll(async () => { await server.close(); });

it('serves GraphiQL with an example query, loading every asset from this server', async () => {
  const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('id="graphiql"');
  expect(html).toContain('query Explore');
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
  expect(assets.length).toBe(4);
  for (const asset of assets) {
    const response = await fetch(`${server.url}${asset}`);
    expect(response.status, asset).toBe(200);
    expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(10_000);
  }
  expect((await fetch(`${server.url}/graphiql-assets/..%2Fpackage.json`)).status).toBe(404);
});

it('answers the health check', async () => {
  const response = await fetch(`${server.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
});
