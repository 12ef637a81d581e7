/** Running `npm run import` as a user does (node + tsx, a child process), and reading what it leaves. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { childEnv, PROJECT_ROOT, tsxArgs } from '../helpers/processes.js';

export interface ImportRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runImport(databaseFile: string, args: string[]): ImportRun {
  const run = spawnSync(process.execPath, tsxArgs('src/cli/import.ts', args), {
    cwd: PROJECT_ROOT,
    env: childEnv({ DATABASE_URL: `file:${databaseFile}` }),
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The problems an import printed: its `file:line:column: reason` lines. */
export function problemLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^[\w.-]+\.csv:\d+:\d+: /.test(line));
}

/** SHA-256 of the database file itself (what a committed transaction changes once its connection closes). */
export function databaseChecksum(databaseFile: string): string {
  return createHash('sha256').update(readFileSync(databaseFile)).digest('hex');
}

/** The summary row of one file: [read, inserted, updated, unchanged]. */
export function summaryCounts(stdout: string, file: string): number[] {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(`${file} `));
  if (line === undefined) throw new Error(`no summary row for ${file} in:\n${stdout}`);
  return line.trim().split(/\s+/).slice(1).map((cell) => Number(cell.replaceAll(',', '')));
}
