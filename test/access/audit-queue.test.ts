/**
 * The audit log is written off the request path: while a second connection holds SQLite's write
 * lock (as an import does for about a minute), GraphQL reads still answer 200 and their audit rows
 * wait in memory; once the lock is released the rows appear. The queue is bounded (the overflow is
 * counted and written to the log) and flushed on shutdown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { seedDemoDatabase } from '../../src/records/demo-database.js';
import { createServer, type AppServer } from '../../src/server.js';
import { openDatabase, type Store } from '../../src/store/database.js';
import { migrateDatabase } from '../../src/store/migrate.js';

let folder: string;
let file: string;
let db: Store;
let importer: Store;
let server: AppServer;
let url: string;

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'audit-queue-'));
  file = join(folder, 'registry.sqlite');
  db = openDatabase(`file:${file}`);
  await migrateDatabase(db);
  await seedDemoDatabase(db);
  importer = openDatabase(`file:${file}`);
});

afterEach(() => {
  importer.$client.close();
  db.$client.close();
  rmSync(folder, { recursive: true, force: true });
});

async function serve(env: Record<string, string> = {}): Promise<void> {
  const config = loadConfig({ DATABASE_URL: `file:${file}`, AUTH_MODE: 'open', LOG_LEVEL: 'silent', ANALYSIS_WORKERS: '1', ...env });
  server = await createServer({ db, config });
  await server.start();
  await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
}

async function read(name: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `query ${name} { sites { code } cohort { size } }` }) });
  return { status: response.status, body: await response.json() };
}

const auditRows = (): { channel: string; operationName: string | null; outcome: string; role: string }[] =>
  db.$client.prepare('SELECT channel, operation_name AS operationName, outcome, role FROM audit_log ORDER BY id').all() as never;

/** Waits (a bounded number of turns, never asserting a duration) until the queue has nothing pending. */
async function queueEmptied(): Promise<void> {
  for (let turn = 0; turn < 400 && server.auditStats().pending > 0; turn += 1) await new Promise((resolve) => setTimeout(resolve, 25));
}

it('answers reads while an import holds the write lock, and writes their audit rows once it is released', async () => {
  await serve();
  importer.$client.exec('BEGIN IMMEDIATE');
  importer.$client.prepare("INSERT INTO sites (code, name) VALUES ('IMP', 'Import under way')").run();
  const answers = await Promise.all(['Read1', 'Read2', 'Read3', 'Read4', 'Read5'].map(read));
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.cohort.size).toBe(93);
  }
  expect(server.auditStats().pending).toBe(5);
  expect(auditRows()).toEqual([]);
  importer.$client.exec('COMMIT');
  await queueEmptied();
  expect(server.auditStats()).toMatchObject({ pending: 0, written: 5, dropped: 0 });
  expect(auditRows().map((row) => row.operationName).sort()).toEqual(['Read1', 'Read2', 'Read3', 'Read4', 'Read5']);
  expect(new Set(auditRows().map((row) => `${row.channel} ${row.outcome}`))).toEqual(new Set(['graphql OK']));
  await server.stop();
});

it('drops what overflows the bounded queue, counts it, and writes the count to the log', async () => {
  await serve({ AUDIT_QUEUE_MAX: '3' });
  importer.$client.exec('BEGIN IMMEDIATE');
  importer.$client.prepare("INSERT INTO sites (code, name) VALUES ('IMP', 'Import under way')").run();
  for (const name of ['A', 'B', 'C', 'D', 'E']) expect((await read(name)).status).toBe(200);
  expect(server.auditStats()).toMatchObject({ pending: 3, dropped: 2 });
  importer.$client.exec('COMMIT');
  await queueEmptied();
  const rows = auditRows();
  expect(rows.filter((row) => row.channel === 'graphql').map((row) => row.operationName)).toEqual(['A', 'B', 'C']);
  expect(rows.find((row) => row.channel === 'audit')).toMatchObject({ role: 'SYSTEM', outcome: 'AUDIT_ROWS_DROPPED', operationName: expect.stringMatching(/^2 audit rows were dropped/) });
  await server.stop();
});

it('flushes the queue on shutdown', async () => {
  await serve();
  importer.$client.exec('BEGIN IMMEDIATE');
  importer.$client.prepare("INSERT INTO sites (code, name) VALUES ('IMP', 'Import under way')").run();
  expect((await read('BeforeShutdown')).status).toBe(200);
  const stopped = server.stop();
  importer.$client.exec('COMMIT');
  await stopped;
  expect(auditRows().map((row) => row.operationName)).toEqual(['BeforeShutdown']);
});
