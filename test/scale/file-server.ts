/**
 * The real HTTP application over a given database (a registry file, whose analyses then run on
 * the worker pool, or an in-memory copy of it, whose analyses run inline), spoken to as a client
 * would: GraphQL over HTTP, and GET /healthz?counters for the analysis pool and cache counters (which
 * /healthz shows an administrator only: the server gets an ADMIN key of its own for them).
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import type { Store } from '../../src/store/database.js';
import type { AnalysisStats } from '../../src/analyses/execution/executor.js';
import { createServer } from '../../src/server.js';
import { createApiKey } from '../../src/access/api-keys.js';
import type { GraphQLResponse } from '../helpers/server.js';

export interface FileServer {
  gql<Data = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResponse<Data>>;
  analyses(): Promise<AnalysisStats>;
  close(): Promise<void>;
}

export async function serveDatabase(db: Store, env: Record<string, string> = {}): Promise<FileServer> {
  const config = loadConfig({ DATABASE_URL: db.$client.memory ? ':memory:' : db.$client.name, AUTH_MODE: 'keys', LOG_LEVEL: 'silent', ANALYSIS_WORKERS: '1', ...env });
  const server = await createServer({ db, config });
  await server.start();
  await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
  const countersKey = (await createApiKey(db, { role: 'ADMIN', label: 'healthz counters' })).key;
  return {
    async gql(query, variables = {}, key) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<any>;
    },
    async analyses() {
      return ((await (await fetch(`${url}/healthz?counters`, { headers: { authorization: `Bearer ${countersKey}` } })).json()) as { analyses: AnalysisStats }).analyses;
    },
    close: () => server.stop(),
  };
}
