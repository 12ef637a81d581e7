/**
 * Fails when db/migrations has drifted from the Drizzle schema in db/schema (generated files are
 * never edited by hand, and never forgotten): drizzle-kit generates against a scratch copy of the
 * migrations, and any new migration it would write means someone changed the schema without
 * running `npm run db:generate`. drizzle-kit wants paths relative to the working directory, so the
 * scratch copy lives in the (git-ignored) .migrations-check/ folder of the project.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const scratch = '.migrations-check';
rmSync(join(root, scratch), { recursive: true, force: true });
try {
  const out = `${scratch}/migrations`;
  cpSync(join(root, 'db/migrations'), join(root, out), { recursive: true });
  const config = `${scratch}/drizzle.config.json`;
  writeFileSync(join(root, config), JSON.stringify({ dialect: 'sqlite', schema: './db/schema/index.ts', out: `./${out}`, strict: true }));
  const before = readdirSync(join(root, out)).length;
  const run = spawnSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', config, '--name', 'drift'], { cwd: root, encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0 || /Error/.test(output)) {
    console.error(`drizzle-kit could not check the migrations:\n${output}`);
    process.exit(1);
  }
  if (readdirSync(join(root, out)).length !== before) {
    console.error('db/migrations is out of date with db/schema: run `npm run db:generate` and commit the new migration.');
    process.exit(1);
  }
  console.log('db/migrations matches db/schema.');
} finally {
  rmSync(join(root, scratch), { recursive: true, force: true });
}
