/**
 * `npm start` and the command-line tools run the compiled JavaScript in dist/; this builds it first
 * when it is missing or older than its sources, so the newcomer's `npm install && npm start` and an
 * edit-then-run both work. When dist/ is fresh it only compares file times, with Node's built-ins:
 * a production install without dev dependencies (`npm prune --omit=dev`) starts as well.
 *
 *   node scripts/ensure-build.mjs           build (`npm run build`) when dist/ is stale
 *   node scripts/ensure-build.mjs --stamp   record that dist/ was just built (the last step of `npm run build`)
 *
 * Messages go to stderr: the tools print their results on stdout (`npm run admin -- key create`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const stamp = join(root, 'dist', '.build-stamp');
// Everything the build reads; schema/ feeds the explorer page's generated types.
const sources = ['src', 'db', 'schema', 'web', 'tsconfig.json', 'tsconfig.build.json'];
// The build tools a production install leaves out.
const buildTools = ['typescript', 'vite'];

/**
 * The newest file under `path`. Folders' own times are left out: a copy of the project (a deployment,
 * an archive) gives them the time of the copy, which would make a fresh dist/ look stale.
 */
function newest(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return { path, time: stats.mtimeMs };
  return readdirSync(path).reduce((best, name) => {
    const found = newest(join(path, name));
    return found.time > best.time ? found : best;
  }, { path, time: 0 });
}

if (process.argv.includes('--stamp')) {
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
} else {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : undefined;
  const latest = sources.filter((source) => existsSync(join(root, source))).map((source) => newest(join(root, source)))
    .reduce((best, found) => (found.time > best.time ? found : best));
  if (built === undefined || latest.time > built) {
    const reason = built === undefined ? 'dist/ is not built' : `${relative(root, latest.path)} is newer than dist/`;
    const missing = buildTools.filter((tool) => !existsSync(join(root, 'node_modules', tool, 'package.json')));
    if (missing.length > 0) {
      console.error(`${reason}, and the build tools (${missing.join(', ')}) are not installed: build where the dev dependencies are (npm ci && npm run build), then prune.`);
      process.exit(1);
    }
    console.error(`${reason}: building it (npm run build).`);
    // npm sets npm_execpath to its own CLI for every script it runs; a direct `node scripts/ensure-build.mjs` finds npm on PATH.
    const npm = process.env.npm_execpath;
    const build = npm === undefined
      ? spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] })
      : spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
    process.exit(build.status ?? 1);
  }
}
