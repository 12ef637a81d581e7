/** src/project-paths.ts: the root and its folders, and the worker module in the language of its caller. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { EXPLORER_PAGE_FOLDER, MIGRATIONS_FOLDER, PROJECT_ROOT, SCHEMA_FOLDER, workerModule } from '../../src/project-paths.js';
import { PROJECT_ROOT as TEST_ROOT } from '../helpers/processes.js';

it('finds the project root from src/, and the folders the code reads at run time under it', () => {
  expect(join(PROJECT_ROOT, '/')).toBe(join(TEST_ROOT, '/'));
  expect(JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).name).toBe('net-tare-cohort-api');
  expect(existsSync(join(SCHEMA_FOLDER, 'base.graphql'))).toBe(true);
  expect(existsSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'))).toBe(true);
  expect(EXPLORER_PAGE_FOLDER).toBe(join(PROJECT_ROOT, 'dist', 'web'));
});

it('gives a compiled caller the .js worker with no loader, and a TypeScript caller the .ts worker with tsx', () => {
  const compiled = pathToFileURL(join(PROJECT_ROOT, 'dist/src/workers/analysis-pool.js')).href;
  expect(workerModule(compiled, 'analysis-worker')).toEqual({ filename: pathToFileURL(join(PROJECT_ROOT, 'dist/src/workers/analysis-worker.js')).href, execArgv: undefined });

  const source = pathToFileURL(join(PROJECT_ROOT, 'src/workers/analysis-pool.ts')).href;
  const typescript = workerModule(source, 'analysis-worker');
  expect(typescript.filename).toBe(pathToFileURL(join(PROJECT_ROOT, 'src/workers/analysis-worker.ts')).href);
  expect(typescript.execArgv).toEqual(['--import', expect.stringMatching(/\/node_modules\/tsx\/.*\.m?js$/)]);
});
