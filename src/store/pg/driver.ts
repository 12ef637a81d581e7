/**
 * Everything the store asks of PostgreSQL, in one place (the functions of ../sqlite/driver.ts
 * over a server): a pool of connections through node-postgres (`postgres://` URLs), or an
 * embedded PostgreSQL through PGlite (`pglite:memory`, `pglite:<folder>`), the one tests use when
 * no server is named. Drizzle runs over a router that sends each statement to the connection its
 * async context holds, or else to the pool.
 *
 *   placeholders   `?` and `:name` are numbered `$1, $2, ...` (outside quoted text and `::` casts)
 *   types          bigint (count, sum) and numeric as numbers, date and json as their text
 *   transactions   one pool client pinned per transaction (AsyncLocalStorage), its TEMP tables
 *                  with it; a write transaction holds an advisory lock, so that writers take turns
 *                  as SQLite's do, waiting at most BUSY_TIMEOUT_MS (lock_timeout) for it; a read
 *                  transaction is REPEATABLE READ READ ONLY (temporary tables stay writable)
 *   sessions       one client pinned without a transaction (the staging area of an import)
 *   bulk           multi-row INSERTs of at most 65,535 parameters (PostgreSQL's limit)
 *   exports        the cohort's patient ids through a server-side cursor, on a client of its own
 *                  (one snapshot from the first chunk to the last)
 *   analyses       workers open the same URL read-only, `statement_timeout` bounding each query
 *   migrations     db/pg/migrations, applied under an advisory lock (servers starting together)
 *
 * PGlite is one connection: a transaction or session holds it, and statements from other
 * contexts wait, as on SQLite.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite } from '@electric-sql/pglite';
import type { Table } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { PG_MIGRATIONS_FOLDER } from '../../project-paths.js';
import { registerBackend, type Backend, type StatementParameters, type TransactionKind } from '../backend.js';
import type { SqliteStore as Store } from '../sqlite/store-type.js';
import * as dialect from './dialect.js';
import { postgresRowsPerInsert } from './batch-insert.js';

/** How long a writer waits for another writer's lock (as SQLite's busy timeout) before DatabaseBusyError. */
export const BUSY_TIMEOUT_MS = 5_000;
/** The advisory lock of the writers (any number; the same for every process writing the database). */
const WRITE_LOCK = 7_315_001;
const MIGRATION_LOCK = 7_315_002;

const INT8 = 20;
const NUMERIC = 1700;
const JSON_TYPE = 114;
const DATE = 1082;
const PARSERS: Record<number, (value: string) => unknown> = {
  [INT8]: Number,
  [NUMERIC]: Number,
  [JSON_TYPE]: (value) => value,
  [DATE]: (value) => value,
};
for (const [type, parse] of Object.entries(PARSERS)) pg.types.setTypeParser(Number(type), parse);

export interface PgOptions {
  onQuery?: (sql: string) => void;
  readonly?: boolean;
  /** Connections of the pool (node-postgres). */
  poolSize?: number;
  /** Aborts any statement running longer (analysis workers: the analysis timeout). */
  statementTimeoutMs?: number;
}

interface QueryResult {
  rows: unknown[];
  rowCount: number;
}

/** One connection, held by a transaction or session. */
interface PgConnection {
  query(text: string, values: readonly unknown[], arrayMode: boolean): Promise<QueryResult>;
  /** Statements without parameters, several separated by `;`. */
  script(text: string): Promise<void>;
}

/** A connection of node-postgres: its pool client. */
interface ClientConnection extends PgConnection {
  client: pg.PoolClient;
}

/** Where statements go: a held connection, or any (the pool). */
interface ConnectionSource {
  any: PgConnection;
  hold(): Promise<{ connection: PgConnection; release(): void }>;
  close(): Promise<void>;
}

interface Held {
  db: Store;
  connection: PgConnection;
  inTransaction: boolean;
  savepoints: number;
}

const held = new AsyncLocalStorage<Held>();

function heldBy(db: Store): Held | undefined {
  const current = held.getStore();
  return current?.db === db ? current : undefined;
}

/** `?` and `:name` placeholders as `$1, $2, ...`, and the values in that order. */
export function numberPlaceholders(text: string, parameters: StatementParameters): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character === "'") {
      const end = text.indexOf("'", index + 1);
      out += text.slice(index, end + 1);
      index = end;
    } else if (character === '?') {
      values.push((parameters as readonly unknown[])[positional++]);
      out += `$${values.length}`;
    } else if (character === ':' && text[index + 1] === ':') {
      out += '::';
      index += 1;
    } else if (character === ':' && /[A-Za-z_]/.test(text[index + 1] ?? '')) {
      const name = /^[A-Za-z_]\w*/.exec(text.slice(index + 1))![0];
      let number = named.get(name);
      if (number === undefined) {
        values.push((parameters as Readonly<Record<string, unknown>>)[name]);
        number = values.length;
        named.set(name, number);
      }
      out += `$${number}`;
      index += name.length;
    } else out += character;
  }
  return { text: out, values };
}

function nodePostgresSource(url: string, options: PgOptions): { source: ConnectionSource; pool: pg.Pool } {
  const settings = [
    ...(options.readonly ? ['-c default_transaction_read_only=on'] : []),
    ...(options.statementTimeoutMs ? [`-c statement_timeout=${Math.round(options.statementTimeoutMs)}`] : []),
  ];
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, ...(settings.length > 0 ? { options: settings.join(' ') } : {}) });
  const wrap = <Client extends pg.Pool | pg.PoolClient>(client: Client) => ({
    client,
    async query(text: string, values: readonly unknown[], arrayMode: boolean): Promise<QueryResult> {
      const result = await client.query({ text, values: values as unknown[], ...(arrayMode ? { rowMode: 'array' as const } : {}) });
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    async script(text: string): Promise<void> {
      await client.query(text);
    },
  });
  return {
    pool,
    source: {
      any: wrap(pool),
      async hold() {
        const client = await pool.connect();
        return { connection: wrap(client), release: () => client.release() };
      },
      close: () => pool.end(),
    },
  };
}

function pgliteSource(pglite: PGlite): ConnectionSource {
  let open: Promise<void> | null = null;
  const direct: PgConnection = {
    async query(text, values, arrayMode) {
      const result = await pglite.query(text, values as unknown[], { rowMode: arrayMode ? 'array' : 'object' });
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    },
    async script(text) {
      await pglite.exec(text);
    },
  };
  return {
    any: {
      async query(text, values, arrayMode) {
        while (open !== null) await open;
        return direct.query(text, values, arrayMode);
      },
      async script(text) {
        while (open !== null) await open;
        return direct.script(text);
      },
    },
    async hold() {
      while (open !== null) await open;
      let release!: () => void;
      open = new Promise<void>((resolve) => { release = resolve; });
      return { connection: direct, release: () => { open = null; release(); } };
    },
    close: () => pglite.close(),
  };
}

/** The connection statements of the current context go to. */
function connectionFor(db: Store, source: ConnectionSource): PgConnection {
  return heldBy(db)?.connection ?? source.any;
}

const BEGIN: Readonly<Record<TransactionKind, string>> = {
  plain: 'BEGIN',
  write: 'BEGIN',
  read: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
};

function isBusy(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '55P03';
}

/** What the connection's Drizzle logger is told of a statement (the raw-row reads tell it too). */
type QueryLog = (query: string) => void;

function createBackend(db: Store, source: ConnectionSource, sharedUrl: string | null, cursors: boolean, migrateWith: (connection: PgConnection) => Promise<void>, log?: QueryLog): Backend {
  const run = (text: string, parameters: StatementParameters, arrayMode: boolean) => {
    const numbered = numberPlaceholders(text, parameters);
    return connectionFor(db, source).query(numbered.text, numbered.values, arrayMode);
  };

  async function holding<Result>(work: (state: Held) => Promise<Result>): Promise<Result> {
    const current = heldBy(db);
    if (current !== undefined) return work(current);
    const { connection, release } = await source.hold();
    const state: Held = { db, connection, inTransaction: false, savepoints: 0 };
    try {
      return await held.run(state, () => work(state));
    } finally {
      release();
    }
  }

  function transaction<Result>(kind: TransactionKind, work: () => Promise<Result>): Promise<Result> {
    return holding(async (state) => {
      const { connection } = state;
      if (state.inTransaction) {
        const savepoint = `store_savepoint_${++state.savepoints}`;
        await connection.query(`SAVEPOINT ${savepoint}`, [], false);
        try {
          const result = await work();
          await connection.query(`RELEASE SAVEPOINT ${savepoint}`, [], false);
          return result;
        } catch (error) {
          await connection.query(`ROLLBACK TO SAVEPOINT ${savepoint}`, [], false);
          throw error;
        }
      }
      await connection.query(BEGIN[kind], [], false);
      state.inTransaction = true;
      try {
        if (kind === 'write') {
          await connection.query(`SET LOCAL lock_timeout = ${BUSY_TIMEOUT_MS}`, [], false);
          await connection.query(`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`, [], false);
          await connection.query('SET LOCAL lock_timeout = 0', [], false);
        }
        const result = await work();
        await connection.query('COMMIT', [], false);
        return result;
      } catch (error) {
        await connection.query('ROLLBACK', [], false);
        throw error;
      } finally {
        state.inTransaction = false;
        state.savepoints = 0;
      }
    });
  }

  const backend: Backend = {
    name: 'postgres',
    dialect,
    executeScript: (text) => connectionFor(db, source).script(text),
    async runStatement(text, parameters) {
      return (await run(text, parameters, false)).rowCount;
    },
    async allRows<Row>(text: string, parameters: StatementParameters) {
      return (await run(text, parameters, false)).rows as Row[];
    },
    async allRowArrays<Row extends unknown[]>(text: string, parameters: StatementParameters) {
      return (await run(text, parameters, true)).rows as Row[];
    },
    runForEach(text, rows) {
      return transaction('plain', () => runEach(text, rows, (statement, values) => run(statement, values, false)));
    },
    async queryRows<Row>(query: { all(): Row[] }) {
      return (await (query as unknown as PromiseLike<Row[]>));
    },
    async queryChanges(query) {
      const result = await (query as unknown as PromiseLike<{ rowCount?: number | null; affectedRows?: number }>);
      return result.rowCount ?? result.affectedRows ?? 0;
    },
    transaction,
    session: (work) => holding(() => work()),
    withBusyTimeout: (_milliseconds, work) => work(),
    isBusy,
    async setBulkWriteMemory(megabytes) {
      const state = heldBy(db);
      if (state !== undefined) await state.connection.query(`SET work_mem = '${Math.round(megabytes)}MB'`, [], false);
    },
    async refreshStatistics(tables) {
      // Until autovacuum gets to them, freshly filled tables have no statistics and get bad plans
      // (a 10,000-patient registry: the page query took 2.8 s before ANALYZE).
      if (tables.length > 0) await connectionFor(db, source).query(`ANALYZE ${tables.map((table) => `"${table}"`).join(', ')}`, [], false);
    },
    batchInsert<T extends Table>(table: T, rows: readonly Partial<T['$inferInsert']>[]) {
      return transaction('plain', () => postgresRowsPerInsert((text, values) => run(text, values, false), table, rows));
    },
    migrate: () => holding(async ({ connection }) => {
      await connection.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`, [], false);
      try {
        await migrateWith(connection);
      } finally {
        await connection.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`, [], false);
      }
    }),
    sharedUrl: () => sharedUrl,
    async isReachable() {
      return (await connectionFor(db, source).query('SELECT 1 AS ok', [], false)).rows.length === 1;
    },
    close: () => source.close(),
    // Raw rows of Drizzle queries: Drizzle renders `$n` placeholders already; rows as arrays (rowMode 'array').
    async queryRowArrays<Row extends unknown[]>(text: string, values: readonly unknown[]) {
      log?.(text);
      return (await connectionFor(db, source).query(text, values, true)).rows as Row[];
    },
    async visitRowArrays<Row extends unknown[]>(text: string, values: readonly unknown[], visit: (row: Row) => void) {
      log?.(text);
      for (const row of (await connectionFor(db, source).query(text, values, true)).rows as Row[]) visit(row);
    },
  };
  if (cursors) {
    backend.cursor = async function* cursor<Row>(text: string, values: readonly unknown[], size: number): AsyncGenerator<Row[]> {
      const { connection, release } = await source.hold();
      let open = false;
      try {
        await connection.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', [], false);
        open = true;
        await connection.query(`DECLARE store_cursor NO SCROLL CURSOR FOR ${text}`, values, false);
        for (;;) {
          const { rows } = await connection.query(`FETCH ${Math.max(1, Math.round(size))} FROM store_cursor`, [], false);
          if (rows.length === 0) break;
          yield rows as Row[];
        }
        await connection.query('COMMIT', [], false);
        open = false;
      } finally {
        // Also when the reader stops early (a client gone mid-export): the snapshot ends with it.
        if (open) await connection.query('ROLLBACK', [], false);
        release();
      }
    };
  }
  return backend;
}

/** An INSERT ... VALUES (one row of placeholders): its rows sent many to a statement. */
const SINGLE_ROW_INSERT = /^(\s*INSERT INTO [^(]+(?:\([^)]*\))?\s*VALUES\s*)(\([^()]*\))\s*$/is;

async function runEach(text: string, rows: Iterable<readonly unknown[]>, run: (text: string, values: readonly unknown[]) => Promise<unknown>): Promise<void> {
  const insert = SINGLE_ROW_INSERT.exec(text);
  if (insert === null) {
    for (const values of rows) await run(text, values);
    return;
  }
  const [, head, row] = insert as unknown as [string, string, string];
  const perRow = (row.match(/\?/g) ?? []).length;
  const rowsPerStatement = Math.max(1, Math.min(1_000, Math.floor(65_535 / Math.max(1, perRow))));
  let batch: unknown[] = [];
  let count = 0;
  const flush = async () => {
    if (count === 0) return;
    await run(`${head}${new Array<string>(count).fill(row).join(', ')}`, batch);
    batch = [];
    count = 0;
  };
  for (const values of rows) {
    batch.push(...values);
    count += 1;
    if (count === rowsPerStatement) await flush();
  }
  await flush();
}

function drizzleLogger(options: PgOptions) {
  const onQuery = options.onQuery;
  return onQuery ? { logQuery: (query: string) => onQuery(query) } : false;
}

/** Opens a pool on a `postgres://` (or `postgresql://`) URL. */
export function openPostgres(url: string, options: PgOptions = {}): Store {
  const { source, pool } = nodePostgresSource(url, options);
  const router = {
    query: (config: unknown, values?: unknown[]) => (clientHeldBy(db) ?? pool).query(config as pg.QueryConfig, values),
  };
  const db = drizzleNodePostgres(router as unknown as pg.Pool, { logger: drizzleLogger(options) }) as unknown as Store;
  return registerBackend(db, createBackend(db, source, url, true, async (connection) => {
    await migrateNodePostgres(drizzleNodePostgres((connection as ClientConnection).client), { migrationsFolder: PG_MIGRATIONS_FOLDER });
  }, options.onQuery));
}

/** The pool client the current context holds (the router sends Drizzle's statements to it). */
function clientHeldBy(db: Store): pg.PoolClient | undefined {
  return (heldBy(db)?.connection as ClientConnection | undefined)?.client;
}

/** Opens an embedded PostgreSQL: `pglite:memory` (gone when closed) or `pglite:<folder>`. */
export function openPglite(url: string, options: PgOptions = {}): Store {
  const location = url.slice('pglite:'.length);
  const pglite = new PGlite({ ...(location === 'memory' ? {} : { dataDir: location }), parsers: PARSERS });
  const source = pgliteSource(pglite);
  const router = {
    query: async (text: string, values?: unknown[], queryOptions?: object) => {
      if (heldBy(db) !== undefined) return pglite.query(text, values, queryOptions);
      const { release } = await source.hold();
      try {
        return await pglite.query(text, values, queryOptions);
      } finally {
        release();
      }
    },
  };
  const db = drizzlePglite(router as unknown as PGlite, { logger: drizzleLogger(options) }) as unknown as Store;
  return registerBackend(db, createBackend(db, source, null, false, async () => {
    await migratePglite(drizzlePglite(pglite), { migrationsFolder: PG_MIGRATIONS_FOLDER });
  }, options.onQuery));
}
