/**
 * `npm run admin -- key create --role ROLE [--site CODE] [--label TEXT]` (prints the key as the
 * last line: it is shown once, only its hash is stored), `key list`, `key revoke PREFIX`.
 * Works on the database named by DATABASE_URL (default: the embedded demo).
 */
import { Command } from 'commander';
import { openServedDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../access/api-keys.js';

const db = openServedDatabase(loadConfig());

function run(action: () => void): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  }
}

const program = new Command().name('admin').description('Administer the registry: API keys.');
const key = program.command('key').description('API keys (Authorization: Bearer <key>).');

key.command('create')
  .description('Create a key and print it (last line). Roles: ADMIN, SITE_MANAGER, SITE_ANALYST, CONSORTIUM_ANALYST.')
  .requiredOption('--role <role>', 'the role')
  .option('--site <code>', 'the site of a SITE_MANAGER or SITE_ANALYST key')
  .option('--label <text>', 'who or what the key is for')
  .action((options: { role: string; site?: string; label?: string }) => run(() => {
    const created = createApiKey(db, { role: options.role, siteCode: options.site, label: options.label });
    console.log(`Created a ${created.role} key${created.siteCode ? ` for site ${created.siteCode}` : ''} (prefix ${created.prefix}). Store it now: it cannot be shown again.`);
    console.log(created.key);
  }));

key.command('list')
  .description('List keys (prefix, role, site, label, created, revoked); never the keys.')
  .action(() => run(() => {
    for (const k of listApiKeys(db)) {
      console.log([k.prefix, k.role, k.siteCode ?? '-', k.label ?? '-', k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'active'].join('\t'));
    }
  }));

key.command('revoke')
  .description('Revoke the key with this prefix (the 12 characters after ntk_).')
  .argument('<prefix>')
  .action((prefix: string) => run(() => {
    revokeApiKey(db, prefix);
    console.log(`Revoked ${prefix}.`);
  }));

program.parse();
db.$client.close();
