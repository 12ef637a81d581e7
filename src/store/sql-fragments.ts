/**
 * Building SQL from fragments, for the dialects (./sqlite/dialect.ts, ./pg/dialect.ts): a
 * fragment is Drizzle SQL, a column, or statement text. Joining fragments gives a string when
 * every fragment is one (for the hand-written statements of the driver) and Drizzle SQL otherwise.
 */
import { Column, is, SQL, sql, type SQLChunk } from 'drizzle-orm';

/** A piece of SQL: Drizzle SQL or a column, or statement text. */
export type Fragment = string | SQL | Column;

/**
 * Joins the template's text with the fragments: a string if every fragment is one, else Drizzle
 * SQL. The fragments' chunks are spliced in rather than nested, so that the SQL is exactly what
 * writing the template inline would give (Drizzle leaves a single-table select's columns
 * unqualified only at the top level of a selected expression).
 */
export function build(strings: TemplateStringsArray, ...fragments: readonly Fragment[]): string | SQL {
  if (fragments.every((fragment) => typeof fragment === 'string')) {
    return strings.reduce((text, part, index) => text + part + (fragments[index] ?? ''), '');
  }
  const chunks: SQLChunk[] = [];
  strings.forEach((part, index) => {
    chunks.push(...sql.raw(part).queryChunks);
    const fragment = fragments[index];
    if (fragment === undefined) return;
    if (typeof fragment === 'string') chunks.push(...sql.raw(fragment).queryChunks);
    else if (is(fragment, SQL)) chunks.push(...fragment.queryChunks);
    else chunks.push(fragment);
  });
  return sql.join(chunks);
}
