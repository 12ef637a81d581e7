/**
 * Servers for the federation tests, in process on loopback (port 0), each over its own SQLite
 * database file (so analyses run on the worker pool, as in production), with keys required:
 * sites imported from CSV folders, a central server holding every site's rows (the answer a
 * federation must reproduce), and a coordinator started with FEDERATION_CONFIG naming the sites.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { createServer, type AppServer } from '../../src/server.js';
import { closeStore, openDatabase } from '../../src/store/database.js';
import { migrateDatabase } from '../../src/store/migrate.js';
import { importFolder } from '../../src/interchange/import/import-folder.js';
import { createApiKey } from '../../src/access/api-keys.js';
import type { Store } from '../../src/store/database.js';
import type { GraphQLResponse } from '../helpers/server.js';

export interface RunningServer {
  url: string;
  graphqlUrl: string;
  keys: Record<string, string>;
  db: Store;
  app: AppServer;
  gql<Data = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<GraphQLResponse<Data> & { status: number }>;
  close(): Promise<void>;
}

/** The interchange files the import on this branch reads (events.csv is another branch's). */
const IMPORTED_FILES = ['patients.csv', 'labs.csv'];

export function scratchFolder(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function importSite(db: Store, siteCode: string, folder: string, scratch: string): Promise<void> {
  const copy = join(scratch, `import-${siteCode}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(copy);
  for (const file of IMPORTED_FILES) if (existsSync(join(folder, file))) copyFileSync(join(folder, file), join(copy, file));
  const report = await importFolder(db, { siteCode, folder: copy });
  if (report.issues.length > 0) throw new Error(`import of ${folder}: ${JSON.stringify(report.issues.slice(0, 3))}`);
}

export interface ServerOptions {
  file: string;
  /** Fills the database before the server starts. */
  fill?: (db: Store) => Promise<void> | void;
  roles?: string[];
  env?: Record<string, string>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const db = openDatabase(`file:${options.file}`);
  await migrateDatabase(db);
  await options.fill?.(db);
  const keys = Object.fromEntries(await Promise.all((options.roles ?? ['ADMIN']).map(async (role) => [role, (await createApiKey(db, { role })).key] as const)));
  const config = loadConfig({ DATABASE_URL: `file:${options.file}`, AUTH_MODE: 'keys', LOG_LEVEL: 'silent', ANALYSIS_WORKERS: '1', ...options.env });
  const app = await createServer({ db, config });
  await app.start();
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  let closed = false;
  return {
    url, graphqlUrl: `${url}/graphql`, keys, db, app,
    async gql(query, variables, key = keys['ADMIN']!) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as GraphQLResponse<any>) };
    },
    async close() {
      if (closed) return;
      closed = true;
      await app.stop();
      await new Promise<void>((resolve) => app.httpServer.close(() => resolve()));
      await closeStore(db);
    },
  };
}

export interface SiteSource {
  code: string;
  /** A CSV interchange folder. */
  folder: string;
}

export interface Federation {
  sites: (RunningServer & { code: string })[];
  central: RunningServer;
  coordinator: RunningServer;
  /** Writes a FEDERATION_CONFIG file for these site URLs (with the sites' peer keys) and returns its path. */
  configFile(sites: { code: string; url: string; key: string }[]): string;
  scratch: string;
  close(): Promise<void>;
}

export async function startFederation(sources: readonly SiteSource[], coordinatorEnv: Record<string, string> = {}): Promise<Federation> {
  const scratch = scratchFolder('federation-');
  const fillFrom = (source: SiteSource) => async (db: Store) => await importSite(db, source.code, source.folder, scratch.path);
  const sites = await Promise.all(sources.map(async (source) => ({
    code: source.code,
    ...(await startServer({ file: join(scratch.path, `site-${source.code}.sqlite`), fill: fillFrom(source), roles: ['ADMIN', 'FEDERATION_PEER'] })),
  })));
  // The first analysis of a server starts its worker thread (seconds under tsx): warm each site up before timing anything.
  await Promise.all(sites.map((site) => site.gql('{ federationPeer(version: 1) { size { value { count } } } }', {}, site.keys['FEDERATION_PEER'])));
  const central = await startServer({
    file: join(scratch.path, 'central.sqlite'),
    fill: async (db) => { for (const source of sources) await fillFrom(source)(db); },
  });
  let configs = 0;
  const configFile = (entries: { code: string; url: string; key: string }[]) => {
    const path = join(scratch.path, `sites-${configs++}.json`);
    writeFileSync(path, JSON.stringify({ sites: entries }));
    return path;
  };
  const coordinator = await startServer({
    file: join(scratch.path, 'coordinator.sqlite'),
    roles: ['ADMIN', 'CONSORTIUM_ANALYST', 'FEDERATION_PEER'],
    env: { FEDERATION_CONFIG: configFile(sites.map((site) => ({ code: site.code, url: site.graphqlUrl, key: site.keys['FEDERATION_PEER']! }))), ...coordinatorEnv },
  });
  return {
    sites, central, coordinator, configFile, scratch: scratch.path,
    async close() {
      await Promise.all([...sites, central, coordinator].map((server) => server.close()));
      scratch.remove();
    },
  };
}
