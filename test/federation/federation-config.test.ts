/** FEDERATION_CONFIG as src/config.ts reads it: the sites file checked once, at start-up, with the reason when it is wrong. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { scratchFolder } from './federation-harness.js';

const scratch = scratchFolder('federation-config-');
afterAll(() => scratch.remove());

function configWith(content: string, env: Record<string, string> = {}) {
  const file = join(scratch.path, `sites-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, content);
  return loadConfig({ DATABASE_URL: ':memory:', FEDERATION_CONFIG: file, ...env });
}

it('reads the sites, the time limit and the retries', () => {
  const config = configWith(JSON.stringify({ sites: [{ code: 'A', url: 'http://127.0.0.1:4101/graphql', key: 'ntk_a' }] }), { FEDERATION_TIMEOUT_MS: '5000', FEDERATION_RETRIES: '0' });
  expect(config.federation).toEqual({ sites: [{ code: 'A', url: 'http://127.0.0.1:4101/graphql', key: 'ntk_a' }], timeoutMs: 5000, retries: 0 });
  expect(loadConfig({ DATABASE_URL: ':memory:' }).federation).toBeNull();
});

it('refuses a file that is missing, not JSON, or wrong, saying what is wrong', () => {
  expect(() => loadConfig({ DATABASE_URL: ':memory:', FEDERATION_CONFIG: join(scratch.path, 'absent.json') })).toThrow(/FEDERATION_CONFIG: cannot read/);
  expect(() => configWith('{ sites: ')).toThrow(/is not JSON/);
  expect(() => configWith(JSON.stringify({ sites: [] }))).toThrow(ConfigError);
  expect(() => configWith(JSON.stringify({ sites: [{ code: 'A', url: 'ftp://x/graphql', key: 'k' }] }))).toThrow(/sites\.0\.url/);
  expect(() => configWith(JSON.stringify({ sites: [{ code: 'A', url: 'http://a/graphql', key: 'k' }, { code: 'A', url: 'http://b/graphql', key: 'k' }] }))).toThrow(/distinct/);
  expect(() => configWith(JSON.stringify({ sites: [{ code: 'A', url: 'http://a/graphql' }] }))).toThrow(/sites\.0\.key/);
});
