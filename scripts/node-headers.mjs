/**
 * Prints the folder node-gyp should build native addons (better-sqlite3) against, or nothing when
 * it needs no telling. better-sqlite3 builds from source whenever its prebuilt binary cannot be
 * downloaded, and node-gyp then downloads Node's headers from nodejs.org unless its cache already
 * holds them or it is given a folder that does. The running Node's own install prefix holds them on
 * Debian (/usr, with /usr/include/node), in the official tarballs and under nvm; it is printed when
 * its headers are this Node's version and the cache has none, so an offline machine needs no
 * network for the build:
 *
 *   npm_config_nodedir="$(node scripts/node-headers.mjs)" npm ci
 *
 * Plain JavaScript with Node's built-ins only: it runs before anything is installed (.ci/run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const version = process.versions.node;
// node-gyp's cache: env-paths('node-gyp').cache, one folder per version, complete when installVersion is written.
const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'node-gyp', version);
const prefix = resolve(process.execPath, '..', '..');

function headerVersion(folder) {
  const file = join(folder, 'include', 'node', 'node_version.h');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const part = (name) => new RegExp(`#define NODE_${name}_VERSION (\\d+)`).exec(text)?.[1];
  return `${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
}

if (!existsSync(join(cache, 'installVersion')) && headerVersion(prefix) === version) console.log(prefix);
