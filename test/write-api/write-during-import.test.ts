/**
 * A write mutation sent while another connection (an import) holds SQLite's write lock waits the
 * busy timeout, then answers DATABASE_BUSY, saying to send it again, and writes nothing — never
 * the masked INTERNAL_SERVER_ERROR. Once the lock is released the same mutation succeeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { seedDemoDatabase } from '../../src/records/demo-database.js';
import { createServer, type AppServer } from '../../src/server.js';
import { closeStore, openDatabase, type Store } from '../../src/store/database.js';
import { migrateDatabase } from '../../src/store/migrate.js';

let folder: string;
let db: Store;
let importer: Store;
let server: AppServer;
let url: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'write-during-import-'));
  const file = join(folder, 'registry.sqlite');
  db = openDatabase(`file:${file}`);
  await migrateDatabase(db);
  await seedDemoDatabase(db);
  importer = openDatabase(`file:${file}`);
  const config = loadConfig({ DATABASE_URL: `file:${file}`, AUTH_MODE: 'open', LOG_LEVEL: 'silent', ANALYSIS_WORKERS: '1' });
  server = await createServer({ db, config });
  await server.start();
  await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server.stop();
  await closeStore(importer);
  await closeStore(db);
  rmSync(folder, { recursive: true, force: true });
});


async function send(query: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, body: await response.json() };
}

it('answers DATABASE_BUSY while an import holds the write lock, writing nothing, and succeeds after', async () => {
  const patients = () => (importer.$client.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
  const first = (await send('{ patients(first: 1) { nodes { id site { code } } } }')).body.data.patients.nodes[0];
  const DELETE = `mutation { deleteRecord(siteCode: "${first.site.code}", type: PATIENT, id: "${first.id}") { deletedId userErrors { message } } }`;
  const before = patients();
  importer.$client.exec('BEGIN IMMEDIATE');
  let busy;
  try {
    busy = await send(DELETE);
  } finally {
    importer.$client.exec('ROLLBACK');
  }
  expect(busy.body.errors?.[0]?.extensions?.code).toBe('DATABASE_BUSY');
  expect(busy.body.errors[0].message).toMatch(/locked by another writer.*try again/);
  expect(patients()).toBe(before);
  const after = await send(DELETE);
  expect(after.body.errors).toBeUndefined();
  expect(after.body.data.deleteRecord.deletedId).toBe(first.id);
  expect(patients()).toBe(before - 1);
});
