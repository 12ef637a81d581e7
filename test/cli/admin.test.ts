/** `npm run admin -- key ...` as a user runs it: the key is the last line, only its hash is stored, it works over HTTP, and it may expire. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { childEnv, freePort, startProcess, tsxArgs, PROJECT_ROOT } from '../helpers/processes.js';

const workdir = mkdtempSync(join(tmpdir(), 'net-tare-admin-'));
const databaseUrl = `file:${join(workdir, 'registry.sqlite')}`;
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const admin = (args: string[]) => execFileSync(process.execPath, tsxArgs('src/cli/admin.ts', args), { cwd: PROJECT_ROOT, env: childEnv({ DATABASE_URL: databaseUrl }), encoding: 'utf8' });

it('creates, lists and revokes keys; a key authenticates and a revoked one does not', async () => {
  execFileSync(process.execPath, tsxArgs('src/cli/seed-demo.ts'), { cwd: PROJECT_ROOT, env: childEnv({ DATABASE_URL: databaseUrl }), encoding: 'utf8' });
  expect(admin(['key', 'list'])).toBe('No API keys yet: create one with `key create --role ROLE`.\n');
  const key = admin(['key', 'create', '--role', 'CONSORTIUM_ANALYST', '--label', 'test']).trim().split('\n').at(-1)!;
  expect(key).toMatch(/^ntk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
  const stored = new Database(join(workdir, 'registry.sqlite'), { readonly: true }).prepare('SELECT * FROM api_keys').all();
  expect(JSON.stringify(stored)).not.toContain(key.slice(17));
  const listed = admin(['key', 'list']).trim().split('\n');
  expect(listed[0]).toBe('prefix\trole\tsite\tlabel\tcreated\texpires\tstatus');
  expect(listed[1]).toMatch(/CONSORTIUM_ANALYST\t-\ttest\t.*\tactive/);
  expect(() => admin(['key', 'create', '--role', 'SITE_ANALYST'])).toThrow(/belong to a site/);

  const port = await freePort();
  const server = await startProcess(tsxArgs('src/main.ts'), { cwd: PROJECT_ROOT, env: childEnv({ DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1' }), ready: /cohort API on http/ });
  const ask = (authorization?: string) => fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    // A fresh connection per request: the CLI between two requests may outlast the server's keep-alive
    // timeout, and a reused socket the server is closing fails with "other side closed".
    headers: { 'content-type': 'application/json', connection: 'close', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: '{ me { role } cohort { size } }' }),
  });
  try {
    expect((await ask()).status).toBe(401);
    const ok = (await (await ask(`Bearer ${key}`)).json()) as { data: { me: { role: string }; cohort: { size: number } } };
    expect(ok.data.me.role).toBe('CONSORTIUM_ANALYST');
    // 93 patients, released with cell-key noise of at most 2 (docs/disclosure.md).
    expect(Math.abs(ok.data.cohort.size - 93)).toBeLessThanOrEqual(2);
    admin(['key', 'revoke', key.slice(4, 16)]);
    expect((await ask(`Bearer ${key}`)).status).toBe(401);
  } finally {
    await server.stop();
  }
});

it('creates expiring keys, lists their expiry, and refuses a bad or past expiry', () => {
  const dated = admin(['key', 'create', '--role', 'ADMIN', '--label', 'until June', '--expires', '2099-06-30']);
  expect(dated).toMatch(/^Created a key with role ADMIN \(prefix \w{12}; it expires at 2099-07-01T00:00:00.000Z\)/);
  const before = Date.now();
  admin(['key', 'create', '--role', 'ADMIN', '--label', 'ninety days', '--expires-in', '90d']);
  const list = admin(['key', 'list']);
  expect(list).toMatch(/\tuntil June\t[^\t]+\texpires 2099-07-01T00:00:00.000Z\tactive/);
  const ninety = /\tninety days\t[^\t]+\texpires (\S+)\tactive/.exec(list);
  expect(ninety).not.toBeNull();
  const days = (Date.parse(ninety![1]!) - before) / 86_400_000;
  expect(days).toBeGreaterThan(89.9);
  expect(days).toBeLessThan(90.1);
  expect(list).toMatch(/\tno expiry\t/);
  expect(() => admin(['key', 'create', '--role', 'ADMIN', '--expires', '2020-01-01'])).toThrow(/in the past/);
  expect(() => admin(['key', 'create', '--role', 'ADMIN', '--expires', '2027-02-30'])).toThrow(/YYYY-MM-DD/);
  expect(() => admin(['key', 'create', '--role', 'ADMIN', '--expires-in', 'soon'])).toThrow(/e\.g\. 90d/);
  expect(() => admin(['key', 'create', '--role', 'ADMIN', '--expires', '2099-01-01', '--expires-in', '9d'])).toThrow(/not both/);
});
