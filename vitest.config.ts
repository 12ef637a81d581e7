import { defineConfig } from 'vitest/config';

/**
 * Two projects: every test runs on SQLite (`sqlite`), and the test files that touch data run a
 * second time on PostgreSQL (`postgres`, TEST_BACKEND=postgres): against the server of
 * TEST_POSTGRES_URL when it is set (`.ci/run` starts one), else on an embedded PGlite, so that a
 * fresh clone passes with nothing installed. test/helpers/database.ts opens the database of the
 * run's backend, a fresh one per call (docs/postgres.md, "Tests on both backends"). The files left out of `postgres` test
 * SQLite itself: its locks, its files and pragmas, its query plans, the CLI over a database file.
 */
const POSTGRES_SUITE = [
  'test/access/**/*.test.ts',
  'test/export/exports.test.ts',
  'test/graphql/**/*.test.ts',
  'test/http/**/*.test.ts',
  'test/plots/**/*.test.ts',
  'test/scale/data-version.test.ts',
  'test/scale/analysis-frame.test.ts',
  'test/write-api/control-characters.test.ts',
  'test/write-api/write-mutations.test.ts',
];
const SQLITE_ONLY = ['test/access/audit-queue.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], env: { TEST_BACKEND: 'sqlite' } } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: POSTGRES_SUITE,
          exclude: SQLITE_ONLY,
          env: { TEST_BACKEND: 'postgres' },
          // An embedded PostgreSQL starts and migrates in seconds, not milliseconds.
          hookTimeout: 180_000,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
