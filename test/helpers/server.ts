/**
 * Starts the real HTTP application on a loopback port over an in-memory database (optionally seeded
 * with the demo cohort), and talks to it as a client would: GraphQL over HTTP.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { seedDemoDatabase, type DemoSeedOptions } from '../../src/records/demo-database.js';
import { createServer, type AppServer } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestServer extends TestDatabase {
  url: string;
  config: Config;
  /** The application (its router, its audit queue's counters). */
  app: AppServer;
  gql<Data = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<Data> & { status: number }>;
  close(): Promise<void>;
}

export async function startTestServer(options: { seed?: boolean | DemoSeedOptions; env?: NodeJS.ProcessEnv; logger?: Logger } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const seed = options.seed ?? true;
  if (seed !== false) await seedDemoDatabase(database.db, seed === true ? {} : seed);
  database.resetStatements();
  const config = loadConfig({ DATABASE_URL: ':memory:', AUTH_MODE: 'open', LOG_LEVEL: 'silent', ...options.env });
  const server = await createServer({ db: database.db, config, logger: options.logger });
  await server.start();
  await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = server.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    ...database,
    url,
    config,
    app: server,
    async gql(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as GraphQLResponse<any>) };
    },
    async close() {
      await server.stop();
      await database.close();
    },
  };
}
