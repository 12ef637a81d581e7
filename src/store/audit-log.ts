/**
 * Writing and reading the audit log. Rows are written in batches through a connection of their
 * own (for a database file) whose busy timeout is short: better-sqlite3 waits for a lock
 * synchronously, on the event loop, so a long wait would stall every request while an import
 * holds SQLite's write lock. A batch refused because the database is locked throws an error that
 * `isDatabaseBusy` recognises, and the caller (src/access/audit-queue.ts) retries it later.
 */
import { desc, lt } from 'drizzle-orm';
import { auditLog, type AuditLogRow } from '../../db/schema/index.js';
import { openDatabase, type Db } from './database.js';

export type AuditEntry = Omit<typeof auditLog.$inferInsert, 'id' | 'at'>;

export interface AuditWriter {
  /** Appends the entries in one transaction; throws (see isDatabaseBusy) when the database is locked. */
  append(entries: readonly AuditEntry[]): void;
  close(): void;
}

/**
 * A writer for the database `db` serves. An in-memory database cannot be opened twice, so there
 * the writer shares `db`'s connection (nothing else can lock it).
 */
export function openAuditWriter(db: Db, busyTimeoutMs: number): AuditWriter {
  const own = db.$client.memory ? null : openDatabase(db.$client.name);
  const writer = own ?? db;
  if (own !== null) own.$client.pragma(`busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
  return {
    append(entries) {
      if (entries.length > 0) writer.insert(auditLog).values([...entries]).run();
    },
    close() {
      own?.$client.close();
    },
  };
}

/** SQLITE_BUSY (another connection holds the lock) and SQLITE_LOCKED, with their extended codes. */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Newest first, `limit` entries older than `beforeId` (keyset pagination). */
export function listAudit(db: Db, limit: number, beforeId: number | undefined): AuditLogRow[] {
  return db.select().from(auditLog).where(beforeId === undefined ? undefined : lt(auditLog.id, beforeId)).orderBy(desc(auditLog.id)).limit(limit).all();
}
