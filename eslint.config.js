// Lint, including the layer boundaries of docs/architecture (imports point down only).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const outsidePureLayers = ['**/data/**', '**/services/**', '**/graphql/**', '**/db/**', '**/demo/**', '**/cli/**',
  ...['config', 'server', 'context', 'errors', 'main'].flatMap((root) => [`../${root}.js`, `../../${root}.js`]),
  'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'node:fs', 'node:fs/*', 'fs', 'node:http', 'node:net', 'graphql', '@apollo/*'];

const pureLayer = (layer, other) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{
        group: [...outsidePureLayers, `**/${other}/**`],
        message: `src/${layer}/ is pure: it imports nothing from the rest of the project and does no I/O.`,
      }],
    }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'db/migrations/', 'coverage/', 'src/graphql/__generated__/', 'public/vendor/'] },
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
  pureLayer('stats', 'clinical'),
  pureLayer('clinical', 'stats'),
  {
    files: ['src/graphql/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', '**/data/*', '**/db/schema/*', '**/db/schema'],
          allowTypeImports: true,
          message: 'Resolvers stay thin: reach the database through src/services/ (and loaders from the context), never directly.',
        }],
      }],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['../graphql/*', '../../graphql/*', 'better-sqlite3'],
          message: 'Services sit below the GraphQL layer and reach SQL only through src/data/.',
        }],
      }],
    },
  },
);
