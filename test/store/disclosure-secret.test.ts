/** The stored cell-key secret: created once, then the same for every reader of the database. */
import { describe, expect, it } from 'vitest';
import { storedDisclosureSecret } from '../../src/store/disclosure-secret.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startTestServer } from '../helpers/server.js';
import { openDatabase } from '../../src/store/database.js';
import { migrateDatabase } from '../../src/store/migrate.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('storedDisclosureSecret', () => {
  it('generates 256 random bits once and gives every later connection the same secret', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'secret-'));
    try {
      const file = join(folder, 'registry.sqlite');
      const first = openDatabase(file);
      await migrateDatabase(first);
      const secret = await storedDisclosureSecret(first);
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      expect(await storedDisclosureSecret(first)).toBe(secret);
      first.$client.close();
      const second = openDatabase(file);
      expect(await storedDisclosureSecret(second)).toBe(secret);
      second.$client.close();
      const other = openDatabase(join(folder, 'other.sqlite'));
      await migrateDatabase(other);
      expect(await storedDisclosureSecret(other)).not.toBe(secret);
      other.$client.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('DISCLOSURE_SECRET', () => {
  it('must be at least 32 characters, and defaults to none (the stored secret) with a one-month grid', () => {
    expect(() => loadConfig({ DISCLOSURE_SECRET: 'short' })).toThrow(ConfigError);
    expect(loadConfig({}).disclosureSecret).toBeNull();
    expect(loadConfig({}).disclosureSurvivalGridDays).toBe(30.4375);
    expect(loadConfig({ DISCLOSURE_SECRET: 'x'.repeat(32) }).disclosureSecret).toBe('x'.repeat(32));
  });

  it('when set, is used instead of a stored one: the server stores no secret', async () => {
    const server = await startTestServer({ seed: false, env: { DISCLOSURE_SECRET: 'y'.repeat(40) } });
    try {
      await server.gql('{ sites { code } }');
      expect(server.db.$client.prepare('SELECT count(*) FROM disclosure_secret').pluck().get()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
