/**
 * A fresh, migrated database for a test, on the backend the suite runs on (vitest.config.ts runs
 * the data-touching test files twice, as the projects `sqlite` and `postgres`):
 *   sqlite     an in-memory SQLite database;
 *   postgres   a new database on the server of TEST_POSTGRES_URL (created per call, dropped when
 *              closed), or, when it is not set, an embedded PGlite in memory, so that a fresh
 *              clone passes with nothing installed.
 * The SQL statements sent through Drizzle are counted (statement-count tests).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { allRows, runStatement } from '../../src/store/driver.js';
import { closeStore, openDatabase, type Store } from '../../src/store/database.js';
import { migrateDatabase } from '../../src/store/migrate.js';

export type TestBackend = 'sqlite' | 'postgres';

/** The backend of this run: TEST_BACKEND (set by the vitest project), SQLite by default. */
export function testBackend(): TestBackend {
  return process.env['TEST_BACKEND'] === 'postgres' ? 'postgres' : 'sqlite';
}

export interface TestDatabase {
  db: Store;
  /** The URL the database was opened at (another connection, a worker, a CLI can open it; `:memory:` and PGlite cannot). */
  url: string;
  /** Statements sent since the last reset. */
  statements: string[];
  resetStatements(): void;
  close(): Promise<void>;
}

/** A new empty database on the server of TEST_POSTGRES_URL; returns its URL and how to drop it. */
async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const statements: string[] = [];
  const onQuery = (sql: string) => statements.push(sql);
  let url = ':memory:';
  let drop = async () => {};
  if (testBackend() === 'postgres') {
    const serverUrl = process.env['TEST_POSTGRES_URL'];
    if (serverUrl) ({ url, drop } = await createServerDatabase(serverUrl));
    else url = 'pglite:memory';
  }
  const db = openDatabase(url, { onQuery });
  await migrateDatabase(db);
  statements.length = 0;
  return {
    db,
    url,
    statements,
    resetStatements: () => { statements.length = 0; },
    async close() {
      await closeStore(db);
      await drop();
    },
  };
}

/** Rows of a query written for both backends (portable SQL, `?` placeholders), for assertions on stored data. */
export function sqlRows<Row = Record<string, unknown>>(db: Store, text: string, ...parameters: unknown[]): Promise<Row[]> {
  return allRows<Row>(db, text, parameters);
}

/** Runs a writing statement written for both backends; returns the number of rows it changed. */
export function sqlRun(db: Store, text: string, ...parameters: unknown[]): Promise<number> {
  return runStatement(db, text, parameters);
}
