// Lint, including the layer boundaries of docs/architecture.md: imports point down only, and no cycles.
//
//   src/graphql  src/http  src/cli  src/report           (the edges: resolvers, routes, commands)
//        │
//   src/analyses → src/records → src/access;  src/interchange → src/records, src/access;  src/plots, src/demo;
//   src/federation (peer operations registered as analyses; the coordinator) beside src/analyses
//        │
//   src/store   src/stats   src/clinical                    (the floor: SQL; pure numerics; pure domain rules)
//
// src/main.ts, src/server.ts, src/context.ts and src/bootstrap.ts are the composition root and see everything;
// src/config.ts, src/errors.ts are leaves every layer but the pure ones may use.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const EDGES = ['./src/graphql', './src/http', './src/cli', './src/report'];
const ROOT = ['./src/main.ts', './src/server.ts', './src/context.ts', './src/bootstrap.ts'];
const MIDDLE = ['./src/analyses', './src/federation', './src/records', './src/access', './src/interchange', './src/plots', './src/demo'];
const FLOOR = ['./src/store', './src/stats', './src/clinical'];
const ALL = [...EDGES, ...ROOT, ...MIDDLE, ...FLOOR, './src/config.ts', './src/errors.ts', './src/pagination.ts', './src/project-paths.ts', './db'];

const zone = (target, from, message) => ({ target, from, message });
const pure = (layer) => zone(layer, ALL.filter((folder) => folder !== layer),
  `${layer}/ is pure: it imports nothing from the rest of the project.`);

const LAYER_ZONES = [
  pure('./src/stats'),
  pure('./src/clinical'),
  zone('./src/store', [...EDGES, ...ROOT, ...MIDDLE], 'src/store/ is the floor: it knows SQL and the domain rules (src/clinical), nothing above.'),
  ...MIDDLE.map((layer) => zone(layer, [...EDGES, ...ROOT], `${layer}/ sits below the GraphQL, HTTP and CLI edges and the composition root.`)),
  zone('./src/access', ['./src/analyses', './src/federation', './src/records', './src/interchange', './src/plots', './src/demo'],
    'src/access/ (keys, principals, disclosure policy, audit) is below every other middle layer.'),
  zone('./src/records', ['./src/analyses', './src/federation', './src/interchange', './src/plots'], 'src/records/ sits below src/analyses, src/federation and src/interchange.'),
  zone('./src/interchange', ['./src/analyses', './src/federation', './src/plots'], 'src/interchange/ reads and writes records, it runs no analysis.'),
  zone('./src/plots', ['./src/analyses', './src/federation', './src/records', './src/access', './src/interchange', './src/demo', './src/store'],
    'src/plots/ turns result values into specs: it sees no data access.'),
  zone('./src/demo', ['./src/analyses', './src/federation', './src/records', './src/access', './src/interchange', './src/plots'],
    'src/demo/ generates rows and writes them through src/store/.'),
];

const DRIVERS = ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'db/migrations/', 'coverage/', 'src/graphql/__generated__/', 'public/vendor/', 'test/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The plain-JavaScript scripts run under Node before anything is installed or built (.ci/run, npm start).
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Tests and the report read GraphQL responses whose shape is the query's; typing each by hand adds nothing.
    files: ['test/**/*.ts', 'src/report/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/store/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: DRIVERS, message: 'Only src/store/ knows the database driver and Drizzle: call a store function.' }],
      }],
    },
  },
  {
    // Inside the store, the driver itself is reached only through src/store/sqlite/ (docs/store.md).
    files: ['src/store/**/*.ts'],
    ignores: ['src/store/sqlite/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['better-sqlite3', 'drizzle-orm/better-sqlite3', 'drizzle-orm/better-sqlite3/*'], message: 'The driver is reached only through src/store/sqlite/ (driver.ts, dialect.ts).' }],
      }],
    },
  },
  {
    files: ['src/stats/**/*.ts', 'src/clinical/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: [...DRIVERS, 'node:fs', 'node:fs/*', 'fs', 'node:http', 'node:net', 'graphql', '@apollo/*'],
          message: 'src/stats/ and src/clinical/ are pure: no I/O.',
        }],
      }],
    },
  },
);
