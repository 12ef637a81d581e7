/**
 * The project's folders at run time, the same whether this code runs as TypeScript through tsx
 * (src/project-paths.ts) or compiled (dist/src/project-paths.js): the root is the nearest folder
 * above this file that holds package.json, and the data the code reads (the SDL, the migrations,
 * the built explorer page) stays at the root rather than being copied into dist/.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function findProjectRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`No package.json in ${start} or any folder above it`);
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const SCHEMA_FOLDER = join(PROJECT_ROOT, 'schema');
export const MIGRATIONS_FOLDER = join(PROJECT_ROOT, 'db', 'migrations');
/** The PostgreSQL migrations, generated from db/pg/schema.ts. */
export const PG_MIGRATIONS_FOLDER = join(PROJECT_ROOT, 'db', 'pg', 'migrations');
/** Built by `npm run build:web` (vite, web/vite.config.ts). */
export const EXPLORER_PAGE_FOLDER = join(PROJECT_ROOT, 'dist', 'web');

export interface WorkerModule {
  filename: string;
  /** Node options a worker thread needs to load the module; undefined keeps the process's own. */
  execArgv: string[] | undefined;
}

/**
 * The worker thread module `name` beside the module `from` (its import.meta.url), in the language
 * `from` runs as: compiled, the .js sibling with plain Node; as TypeScript, the .ts sibling with
 * tsx, which a thread inherits when the process was started with it (`tsx src/main.ts`) and is
 * given otherwise (vitest, the benchmark's in-process tools). tsx is a dev dependency, so it is
 * resolved only in the second case.
 */
export function workerModule(from: string, name: string): WorkerModule {
  const extension = extname(fileURLToPath(from));
  const filename = new URL(`./${name}${extension}`, from).href;
  if (extension !== '.ts' || process.execArgv.some((argument) => argument.includes('tsx'))) return { filename, execArgv: undefined };
  return { filename, execArgv: ['--import', pathToFileURL(createRequire(from).resolve('tsx')).href] };
}
