/**
 * Fails when a migration folder has drifted from its Drizzle schema (generated files are never
 * edited by hand, and never forgotten): for each dialect, drizzle-kit generates against a scratch
 * copy of the migrations, and any new migration it would write means someone changed the schema
 * without generating. SQLite: db/migrations from db/schema (`npm run db:generate`); PostgreSQL:
 * db/pg/migrations from db/pg/schema.ts, itself derived from db/schema
 * (`npx drizzle-kit generate --config drizzle.pg.config.ts`). drizzle-kit wants paths relative to
 * the working directory, so the scratch copies live in the (git-ignored) .migrations-check/ folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const scratch = '.migrations-check';

const DIALECTS = [
  { dialect: 'sqlite', schema: './db/schema/index.ts', folder: 'db/migrations', generate: 'npm run db:generate' },
  { dialect: 'postgresql', schema: './db/pg/schema.ts', folder: 'db/pg/migrations', generate: 'npx drizzle-kit generate --config drizzle.pg.config.ts' },
] as const;

function check(target: (typeof DIALECTS)[number]): boolean {
  const out = `${scratch}/${target.dialect}`;
  cpSync(join(root, target.folder), join(root, out), { recursive: true });
  const config = `${scratch}/${target.dialect}.config.json`;
  writeFileSync(join(root, config), JSON.stringify({ dialect: target.dialect, schema: target.schema, out: `./${out}`, strict: true }));
  const before = readdirSync(join(root, out)).length;
  const run = spawnSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', config, '--name', 'drift'], { cwd: root, encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0 || /Error/.test(output)) {
    console.error(`drizzle-kit could not check ${target.folder}:\n${output}`);
    return false;
  }
  if (readdirSync(join(root, out)).length !== before) {
    console.error(`${target.folder} is out of date with ${target.schema}: run \`${target.generate}\` and commit the new migration.`);
    return false;
  }
  console.log(`${target.folder} matches ${target.schema}.`);
  return true;
}

rmSync(join(root, scratch), { recursive: true, force: true });
try {
  const results = DIALECTS.map(check);
  if (results.includes(false)) process.exitCode = 1;
} finally {
  rmSync(join(root, scratch), { recursive: true, force: true });
}
