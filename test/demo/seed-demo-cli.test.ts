/**
 * `npm run seed:demo` as a user runs it, as a child process on a temporary DATABASE_URL: it
 * migrates and fills an empty database, prints the summary, and refuses (exit 1) a database that
 * already holds patients, or options it cannot honour.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { PROJECT_ROOT, childEnv, tsxArgs } from '../helpers/processes.js';

const workdir = mkdtempSync(join(tmpdir(), 'net-tare-seed-demo-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function seedDemo(file: string, args: string[] = []) {
  const result = spawnSync(process.execPath, tsxArgs('src/cli/seed-demo.ts', args), {
    cwd: PROJECT_ROOT,
    env: childEnv({ DATABASE_URL: `file:${file}` }),
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function patientsIn(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

it('fills an empty database, then refuses it once it holds patients', () => {
  const file = join(workdir, 'demo.sqlite');
  const first = seedDemo(file);
  expect(first.stderr).toMatch(/Seeding 93 synthetic patients on 1 site\(s\), seed 20180601/);
  expect(first.status).toBe(0);
  expect(first.stdout).toMatch(/^patients\s+93$/m);
  expect(first.stdout).toMatch(/^treatments\s+168$/m);
  expect(patientsIn(file)).toBe(93);

  const second = seedDemo(file, ['--patients', '200']);
  expect(second.status).toBe(1);
  expect(second.stderr).toMatch(/refused: .* already holds 93 patients/);
  expect(patientsIn(file)).toBe(93);
});

it('honours --patients, --sites and --seed, and rejects options it cannot honour', () => {
  const file = join(workdir, 'scaled.sqlite');
  const scaled = seedDemo(file, ['--patients', '150', '--sites', '3', '--seed', '7']);
  expect(scaled.status).toBe(0);
  expect(scaled.stdout).toMatch(/^patients\s+150$/m);
  expect(scaled.stdout).toMatch(/^sites\s+3$/m);

  const invalidFile = join(workdir, 'invalid.sqlite');
  const invalid = seedDemo(invalidFile, ['--patients', '5']);
  expect(invalid.status).toBe(1);
  expect(invalid.stderr).toMatch(/patients must be an integer ≥ 20/);
  expect(existsSync(invalidFile)).toBe(false);
});
