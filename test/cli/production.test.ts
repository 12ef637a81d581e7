/**
 * The production path of the README: the compiled JavaScript run with plain node, from an install
 * that holds only the production dependencies. The built dist/ (`npm run build`; npm test builds it
 * first) is copied, with the files it reads at run time, into a temporary deployment whose
 * node_modules links only the packages of `dependencies`: an import of a dev dependency (tsx for the
 * analysis workers, vite, typescript) fails there. A compiled CLI creates the demo database and a
 * key, the compiled server answers GraphQL and runs an analysis in its worker pool, and the
 * build check passes there without build tools while dist/ is fresh.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childEnv, freePort, PROJECT_ROOT, startProcess } from '../helpers/processes.js';

const deployment = mkdtempSync(join(tmpdir(), 'net-tare-production-'));
afterAll(() => rmSync(deployment, { recursive: true, force: true }));

/** What a deployment copies beside node_modules: the build, what it reads at run time, and what the build check compares. */
const COPIED = ['package.json', 'dist', 'schema', 'db', 'src', 'web', 'scripts/ensure-build.mjs', 'tsconfig.json', 'tsconfig.build.json'];

function buildCheck() {
  return spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { cwd: deployment, env: childEnv({}), encoding: 'utf8' });
}

beforeAll(() => {
  if (!existsSync(join(PROJECT_ROOT, 'dist/.build-stamp'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first).');
  for (const path of COPIED) cpSync(join(PROJECT_ROOT, path), join(deployment, path), { recursive: true, preserveTimestamps: true });
  const { dependencies } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const name of Object.keys(dependencies)) {
    const link = join(deployment, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules', name), link, 'dir');
  }
  // Without build tools the check only compares times, and passes silently on a fresh dist/.
  const fresh = buildCheck();
  if (fresh.status !== 0 || fresh.stderr !== '') throw new Error(`dist/ is older than its sources: run \`npm run build\` (npm test does it first). The build check said: ${fresh.stderr}`);
});

it('runs the compiled CLI and server with production dependencies only', async () => {
  const created = execFileSync(process.execPath, ['dist/src/cli/admin.js', 'key', 'create', '--role', 'ADMIN'], { cwd: deployment, env: childEnv({}), encoding: 'utf8' });
  const key = created.trim().split('\n').at(-1)!;
  expect(key).toMatch(/^ntk_/);
  expect(existsSync(join(deployment, 'data/demo.sqlite'))).toBe(true);

  const port = await freePort();
  const server = await startProcess(['--enable-source-maps', 'dist/src/main.js'], {
    cwd: deployment,
    env: childEnv({ PORT: String(port), HOST: '127.0.0.1', AUTH_MODE: 'keys' }),
    ready: /cohort API on http/,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ cohort { size survival { n events } } }' }),
    });
    const body = (await response.json()) as { data: { cohort: { size: number; survival: { n: number; events: number } } } };
    expect(body.data.cohort.size).toBe(93);
    expect(body.data.cohort.survival.n).toBe(93);
    const health = (await (await fetch(`${url}/healthz?counters`, { headers: { authorization: `Bearer ${key}` } })).json()) as { analyses: { pool: { completed: number } | null } };
    expect(health.analyses.pool?.completed, 'analyses run by the compiled worker').toBeGreaterThanOrEqual(1);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module"');
    expect((await fetch(`${url}/graphiql-assets/graphiql.min.js`)).status).toBe(200);
  } finally {
    await server.stop();
  }
  expect(server.output()).not.toMatch(/"level":50/);
});

it('refuses to start a stale build where the build tools are not installed, and says why', () => {
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(deployment, 'src/main.ts'), later, later);
  const stale = buildCheck();
  expect(stale.status).toBe(1);
  expect(stale.stderr).toMatch(/src\/main\.ts is newer than dist\/, and the build tools \(typescript, vite\) are not installed/);
});
