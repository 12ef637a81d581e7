/**
 * An import beside other users of its database: a second import while the first holds the write
 * lock is refused at once with its own exit status and says which import runs since when; the
 * first still completes. The API served from the same file keeps answering reads (from the last
 * committed state) all the while. And an import meeting a writer that is not an import gives up
 * after the busy timeout with the same exit status, never with a bare SQLITE_BUSY.
 *
 * "While the first holds the lock" without timing luck: the first import (a generated
 * 4,000-patient folder, as in kill-mid-import.test.ts) is stopped with SIGSTOP once it announces
 * its write transaction, and continued with SIGCONT after the checks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, freePort, PROJECT_ROOT, startProcess, tsxArgs } from '../helpers/processes.js';
import { generatedRegistryFolder } from './export-folder.js';
import { runImport } from './import-cli.js';

const REGISTRY_PATIENTS = 4_000;
const EXAMPLE_FOLDER = join(PROJECT_ROOT, 'examples/import');
const WRITE_STARTED = /writing, in one transaction/;
const EXIT_BUSY = 3;
const READS_DURING_IMPORT = 20;

let workdir: string;
let registry: string;
beforeAll(async () => {
  ({ workdir, registry } = await generatedRegistryFolder('net-tare-concurrent-', REGISTRY_PATIENTS));
}, 180_000);
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

interface Finished { code: number | null; stdout: string; stderr: string }

interface RunningImport {
  child: ChildProcess;
  /** Resolves once the import has announced its write transaction (it holds the write lock). */
  writing: Promise<void>;
  finished: Promise<Finished>;
}

function startImport(databaseFile: string, args: string[]): RunningImport {
  const child = spawn(process.execPath, tsxArgs('src/cli/import.ts', args), { cwd: PROJECT_ROOT, env: childEnv({ DATABASE_URL: `file:${databaseFile}` }) });
  let stdout = '';
  let stderr = '';
  let announced: () => void = () => {};
  const writing = new Promise<void>((resolve) => { announced = resolve; });
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (WRITE_STARTED.test(stderr)) announced();
  });
  const finished = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, writing, finished };
}

/** Starts the registry import and stops it (SIGSTOP) inside its write transaction. */
async function importHeldInsideItsTransaction(databaseFile: string): Promise<RunningImport> {
  const first = startImport(databaseFile, ['--site', 'SITE01', registry]);
  await Promise.race([first.writing, first.finished.then((end) => { throw new Error(`the import ended before writing: ${end.stderr}`); })]);
  first.child.kill('SIGSTOP');
  return first;
}

function patientCount(databaseFile: string): number {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM patients').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('a second import into the same database', () => {
  it('is refused at once, naming the running import, while the first holds the write lock; the first still succeeds', async () => {
    const database = join(workdir, 'two-imports.sqlite');
    expect(runImport(database, ['--site', 'EXAMPLE', EXAMPLE_FOLDER]).status).toBe(0);

    const first = await importHeldInsideItsTransaction(database);
    try {
      const second = await startImport(database, ['--site', 'EXAMPLE', EXAMPLE_FOLDER]).finished;
      expect(second.code).toBe(EXIT_BUSY);
      expect(second.stderr).toMatch(new RegExp(
        `another import into this database is running since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, pid ${first.child.pid} \\(site SITE01, folder .*registry\\); `
        + `wait for it to finish and run this import again \\(if process ${first.child.pid} is not an import of this database, remove .*two-imports\\.sqlite-import\\.lock\\)`,
      ));
      expect(second.stderr).not.toMatch(/SQLITE_BUSY|database is locked/);
      expect(second.stdout).toBe('');
    } finally {
      first.child.kill('SIGCONT');
    }
    const completed = await first.finished;
    expect(completed.stderr).not.toMatch(/problem/);
    expect(completed.code).toBe(0);
    expect(completed.stdout).toMatch(/Imported into site SITE01 \(new\)/);
    expect(patientCount(database)).toBe(3 + REGISTRY_PATIENTS);

    const after = runImport(database, ['--site', 'EXAMPLE', EXAMPLE_FOLDER]);
    expect(after.status).toBe(0);
  }, 180_000);
});

describe('reads while an import holds the write lock', () => {
  it('answer 200 with the last committed data, every one, and see the import once it commits', async () => {
    const database = join(workdir, 'served.sqlite');
    expect(runImport(database, ['--site', 'EXAMPLE', EXAMPLE_FOLDER]).status).toBe(0);
    const port = await freePort();
    const server = await startProcess(tsxArgs('src/main.ts'), {
      cwd: workdir,
      env: childEnv({ DATABASE_URL: `file:${database}`, AUTH_MODE: 'open', PORT: String(port), HOST: '127.0.0.1' }),
      ready: /cohort API on http/,
    });
    const read = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ sites { code } patients(first: 5) { nodes { externalId } } cohort { size } }' }),
      });
      return { status: response.status, body: (await response.json()) as { errors?: unknown; data?: { sites: { code: string }[]; cohort: { size: number } } } };
    };
    try {
      const first = await importHeldInsideItsTransaction(database);
      const answers = [];
      try {
        for (let request = 0; request < READS_DURING_IMPORT; request++) answers.push(await read());
      } finally {
        first.child.kill('SIGCONT');
      }
      expect(answers.filter((answer) => answer.status === 200 && answer.body.errors === undefined)).toHaveLength(READS_DURING_IMPORT);
      expect(answers.map((answer) => answer.body.data?.cohort.size)).toEqual(Array(READS_DURING_IMPORT).fill(3));

      expect((await first.finished).code).toBe(0);
      const after = await read();
      expect(after.status).toBe(200);
      expect(after.body.data?.cohort.size).toBe(3 + REGISTRY_PATIENTS);
      expect(after.body.data?.sites.map((site) => site.code).sort()).toEqual(['EXAMPLE', 'SITE01']);
    } finally {
      await server.stop();
    }
  }, 180_000);
});

describe('an import meeting another writer', () => {
  it('waits the busy timeout, then stops with the busy exit status and says why, writing nothing', async () => {
    const database = join(workdir, 'other-writer.sqlite');
    expect(runImport(database, ['--site', 'EXAMPLE', EXAMPLE_FOLDER]).status).toBe(0);
    const writer = new Database(database);
    try {
      writer.prepare('BEGIN IMMEDIATE').run();
      const blocked = runImport(database, ['--site', 'OTHER', EXAMPLE_FOLDER]);
      expect(blocked.status).toBe(EXIT_BUSY);
      expect(blocked.stderr).toMatch(/the database is locked by another writer \(an import or another process writing it\) for more than 5 s; nothing was written/);
      expect(blocked.stderr).not.toMatch(/SqliteError|SQLITE_BUSY/);
      writer.prepare('ROLLBACK').run();
    } finally {
      writer.close();
    }
    expect(patientCount(database)).toBe(3);
  }, 60_000);
});
