/**
 * `npm start` as a newcomer runs it, once its prestart has built dist/ (npm test builds it first):
 * the compiled server, with no DATABASE_URL, creates data/demo.sqlite in the working directory,
 * seeds the 93-patient demo cohort, and serves GraphQL; a second start reuses the file.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childEnv, freePort, PROJECT_ROOT, startProcess } from '../helpers/processes.js';

const workdir = mkdtempSync(join(tmpdir(), 'net-tare-start-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

/** What `npm start` runs after its build check (package.json). */
const START_ARGS = ['--enable-source-maps', join(PROJECT_ROOT, 'dist/src/main.js')];

beforeAll(() => {
  if (!existsSync(join(PROJECT_ROOT, 'dist/.build-stamp'))) throw new Error('dist/ is not built: run `npm run build` (npm start and npm test build it first).');
});

async function cohortSize(port: number): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ cohort { size } sites { code } }' }),
  });
  return response.json();
}

it('creates, seeds and serves the embedded demo database, and reuses it on the next start', async () => {
  for (const round of [1, 2]) {
    const port = await freePort();
    const server = await startProcess(START_ARGS, {
      cwd: workdir,
      env: childEnv({ PORT: String(port), HOST: '127.0.0.1' }),
      ready: /cohort API on http/,
    });
    try {
      expect(existsSync(join(workdir, 'data/demo.sqlite'))).toBe(true);
      const body = (await cohortSize(port)) as { data: { cohort: { size: number } } };
      expect(body.data.cohort.size).toBe(93);
      expect(/created the embedded demo database/.test(server.output())).toBe(round === 1);
    } finally {
      await server.stop();
    }
  }
});
