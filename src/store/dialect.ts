/**
 * The SQL dialect of a connection, for the store's modules: `dialectOf(db)` is the set of idioms
 * of its database (./sqlite/dialect.ts or ./pg/dialect.ts, the same functions), for the
 * hand-written statements; `perDialect` builds a module's statements once per dialect.
 *
 * The Drizzle forms exported here (daysBetween, flagOf, ...) are dialect-neutral: each is a
 * fragment that renders in the dialect of the connection running the query. Drizzle renders a
 * query when it runs it, and ./driver.ts runs every Drizzle query inside `renderingFor(db)`, so a
 * filter or a data-dictionary expression is written once, without knowing where it will run.
 * Rendered anywhere else (a bare `toSQL()`), a fragment takes SQLite's form.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { SqliteStore as Store } from './sqlite/store-type.js';
import { backendOf } from './backend.js';
import type { Fragment } from './sql-fragments.js';
import * as sqliteDialect from './sqlite/dialect.js';

export type Dialect = typeof sqliteDialect;

export function dialectOf(db: Store): Dialect {
  return backendOf(db).dialect;
}

/** `build`'s result, once per dialect, for the statements a module writes by hand. */
export function perDialect<Statements>(build: (dialect: Dialect) => Statements): (db: Store) => Statements {
  const built = new Map<Dialect, Statements>();
  return (db) => {
    const dialect = dialectOf(db);
    let statements = built.get(dialect);
    if (statements === undefined) {
      statements = build(dialect);
      built.set(dialect, statements);
    }
    return statements;
  };
}

const rendering = new AsyncLocalStorage<Dialect>();

/** Runs `render` (which builds and sends a Drizzle query) with the dialect fragments rendering for `db`. */
export function renderingFor<Result>(db: Store, render: () => Result): Result {
  return rendering.run(dialectOf(db), render);
}

class DialectFragment implements SQLWrapper {
  constructor(private readonly render: (dialect: Dialect) => string | SQL) {}

  getSQL(): SQL {
    const rendered = this.render(rendering.getStore() ?? sqliteDialect);
    return typeof rendered === 'string' ? sql.raw(rendered) : rendered;
  }
}

function deferred<Type = unknown>(render: (dialect: Dialect) => string | SQL): SQL<Type> {
  return sql<Type>`${new DialectFragment(render)}`;
}

/** Days from `earlier` to `later` (dates; negative when later is earlier). */
export function daysBetween(later: Fragment, earlier: Fragment): SQL<number> {
  return deferred<number>((dialect) => dialect.daysBetween(later, earlier));
}

/** Whole days from `earlier` to `later`, as an integer. */
export function wholeDaysBetween(later: Fragment, earlier: Fragment): SQL<number> {
  return deferred<number>((dialect) => dialect.wholeDaysBetween(later, earlier));
}

/** A condition as a 0/1 value. */
export function flagOf(condition: Fragment): SQL {
  return deferred((dialect) => dialect.flagOf(condition));
}

/** A JSON array (as text) of `value` over a group, in `orderBy` order; `[]` for an empty group. */
export function jsonArrayAgg(value: Fragment, orderBy: Fragment): SQL {
  return deferred((dialect) => dialect.jsonArrayAgg(value, orderBy));
}

/** The current time as ISO 8601 UTC text with milliseconds, the format of the schema's timestamp defaults. */
export function nowIsoTimestamp(): SQL {
  return deferred((dialect) => dialect.nowIsoTimestamp());
}
