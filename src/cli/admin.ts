/**
 * `npm run admin -- key create --role ROLE [--site CODE] [--label TEXT] [--expires YYYY-MM-DD |
 * --expires-in 90d]` (prints the key as the last line: it is shown once, only its hash is stored),
 * `key list` (a header line, then one tab-separated line per key, with its expiry), `key revoke PREFIX`.
 * Works on the database named by DATABASE_URL (default: the embedded demo).
 */
import { Command } from 'commander';
import { openServedDatabase } from '../bootstrap.js';
import { closeStore } from '../store/database.js';
import { loadConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { createApiKey, keyExpiry, listApiKeys, revokeApiKey } from '../access/api-keys.js';

const db = await openServedDatabase(loadConfig());
const KEY_LIST_COLUMNS = ['prefix', 'role', 'site', 'label', 'created', 'expires', 'status'];

async function run(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  }
}

const program = new Command().name('admin').description('Administer the registry: API keys.');
const key = program.command('key').description('API keys (Authorization: Bearer <key>).');

key.command('create')
  .description('Create a key and print it (last line). Roles: ADMIN, SITE_MANAGER, SITE_ANALYST, CONSORTIUM_ANALYST, FEDERATION_PEER.')
  .requiredOption('--role <role>', 'the role')
  .option('--site <code>', 'the site of a SITE_MANAGER or SITE_ANALYST key')
  .option('--label <text>', 'who or what the key is for')
  .option('--expires <date>', 'the last day (UTC, YYYY-MM-DD) the key works')
  .option('--expires-in <duration>', 'how long the key works from now: days or hours, e.g. 90d, 12h')
  .action((options: { role: string; site?: string; label?: string; expires?: string; expiresIn?: string }) => run(async () => {
    const expiresAt = keyExpiry(options);
    const created = await createApiKey(db, { role: options.role, siteCode: options.site, label: options.label, expiresAt });
    const expiry = created.expiresAt === null ? 'it does not expire' : `it expires at ${created.expiresAt}`;
    console.log(`Created a key with role ${created.role}${created.siteCode ? ` for site ${created.siteCode}` : ''} (prefix ${created.prefix}; ${expiry}). Store it now: it cannot be shown again.`);
    console.log(created.key);
  }));

key.command('list')
  .description('List keys (prefix, role, site, label, created, expires, status: active, expired or revoked); never the keys.')
  .action(() => run(async () => {
    const now = Date.now();
    const keys = await listApiKeys(db);
    if (keys.length === 0) {
      console.log('No API keys yet: create one with `key create --role ROLE`.');
      return;
    }
    console.log(KEY_LIST_COLUMNS.join('\t'));
    for (const k of keys) {
      const status = k.revokedAt ? `revoked ${k.revokedAt}` : k.expiresAt !== null && Date.parse(k.expiresAt) <= now ? 'expired' : 'active';
      console.log([k.prefix, k.role, k.siteCode ?? '-', k.label ?? '-', k.createdAt, k.expiresAt ? `expires ${k.expiresAt}` : 'no expiry', status].join('\t'));
    }
  }));

key.command('revoke')
  .description('Revoke the key with this prefix (the 12 characters after ntk_).')
  .argument('<prefix>')
  .action((prefix: string) => run(async () => {
    await revokeApiKey(db, prefix);
    console.log(`Revoked ${prefix}.`);
  }));

await program.parseAsync();
await closeStore(db);
