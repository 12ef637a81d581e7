/**
 * An import killed with SIGKILL in the middle of its write transaction leaves the database as it
 * was: the file byte for byte, its contents, and a database that opens, checks clean and takes
 * the same import afterwards. The folder is a generated 4,000-patient registry (the demo
 * generator, served and exported as CSV), big enough that the merge and the grade recomputation
 * take a while after the CLI announces the write.
 */
import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childEnv, PROJECT_ROOT, tsxArgs } from '../helpers/processes.js';
import { generatedRegistryFolder } from './export-folder.js';
import { databaseChecksum, runImport } from './import-cli.js';

const REGISTRY_PATIENTS = 4_000;
const WRITE_STARTED = /writing, in one transaction/;

let workdir: string;
let registry: string;
beforeAll(async () => {
  ({ workdir, registry } = await generatedRegistryFolder('net-tare-kill-', REGISTRY_PATIENTS));
}, 180_000);
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function contents(databaseFile: string) {
  const db = new Database(databaseFile);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      counts: db.prepare(`SELECT (SELECT count(*) FROM sites) AS sites, (SELECT count(*) FROM patients) AS patients,
        (SELECT count(*) FROM treatments) AS treatments, (SELECT count(*) FROM lab_results) AS labs,
        (SELECT count(*) FROM imaging_studies) AS imaging`).get(),
      labs: db.prepare('SELECT * FROM lab_results ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}

/**
 * Starts the import and, once it says it is writing and its transaction has spilled pages to the
 * write-ahead log (the database files are being written), SIGKILLs it; resolves with how it ended.
 */
function importKilledWhileWriting(databaseFile: string): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, tsxArgs('src/cli/import.ts', ['--site', 'SITE01', registry]), {
    cwd: PROJECT_ROOT,
    env: childEnv({ DATABASE_URL: `file:${databaseFile}` }),
  });
  let stdout = '';
  let stderr = '';
  let poll: NodeJS.Timeout | undefined;
  const killOnceWalWritten = () => {
    if (statSync(`${databaseFile}-wal`, { throwIfNoEntry: false })?.size) child.kill('SIGKILL');
  };
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (poll === undefined && WRITE_STARTED.test(stderr)) poll = setInterval(killOnceWalWritten, 5);
  });
  return new Promise((resolve) => child.once('exit', (_code, signal) => {
    clearInterval(poll);
    resolve({ signal, stdout, stderr });
  }));
}

it('leaves the database as it was, byte for byte, when killed mid-transaction, and takes the import afterwards', async () => {
  const database = join(workdir, 'registry.sqlite');
  expect(runImport(database, ['--site', 'EXAMPLE', join(PROJECT_ROOT, 'examples/import')]).status).toBe(0);
  const checksum = databaseChecksum(database);
  const before = contents(database);
  expect(databaseChecksum(database)).toBe(checksum);

  const killed = await importKilledWhileWriting(database);
  expect(killed.stderr).toMatch(WRITE_STARTED);
  expect(killed.signal).toBe('SIGKILL');
  expect(killed.stdout).not.toMatch(/Imported/);
  expect(statSync(`${database}-wal`).size).toBeGreaterThan(0);
  expect(databaseChecksum(database)).toBe(checksum);

  const after = contents(database);
  expect(after.integrity).toBe('ok');
  expect(after.counts).toEqual(before.counts);
  expect(after.labs).toEqual(before.labs);
  expect(databaseChecksum(database)).toBe(checksum);

  const completed = runImport(database, ['--site', 'SITE01', registry]);
  expect(completed.status).toBe(0);
  expect(contents(database).counts).toMatchObject({ sites: 2, patients: 3 + REGISTRY_PATIENTS });
}, 240_000);
