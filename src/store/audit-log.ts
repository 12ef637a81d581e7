/**
 * Writing and reading the audit log. Rows are written in batches through the server's own
 * connection, with a short busy timeout set for the batch alone: better-sqlite3 waits for a lock
 * synchronously, on the event loop, so the server's usual 5 s wait would stall every request while
 * an import holds SQLite's write lock. A batch refused because the database is locked throws an
 * error that `isDatabaseBusy` recognises, and the caller (src/access/audit-queue.ts) retries it
 * later. Not a second connection: SQLite's data_version, which invalidates cached analyses when
 * another connection commits (data-version.ts), would then move with every audit batch and keep
 * the analysis cache cold. A batch waits for a transaction open on this connection to end
 * (./sqlite/driver.ts), so it never lands inside another request's transaction.
 */
import { desc, lt } from 'drizzle-orm';
import { auditLog, type AuditLogRow } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryChanges, queryRows, withBusyTimeout } from './driver.js';

export type AuditEntry = Omit<typeof auditLog.$inferInsert, 'id' | 'at'>;

export interface AuditWriter {
  /** Appends the entries in one transaction; throws (see isDatabaseBusy) when the database is locked. */
  append(entries: readonly AuditEntry[]): Promise<void>;
}

/** A writer appending through `db`'s connection, waiting at most `busyTimeoutMs` for a lock per batch. */
export function openAuditWriter(db: Store, busyTimeoutMs: number): AuditWriter {
  return {
    async append(entries) {
      if (entries.length === 0) return;
      await withBusyTimeout(db, busyTimeoutMs, () => queryChanges(db, db.insert(auditLog).values([...entries])));
    },
  };
}

/** SQLITE_BUSY (another connection holds the lock) and SQLITE_LOCKED, with their extended codes. */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Newest first, `limit` entries older than `beforeId` (keyset pagination). */
export async function listAudit(db: Store, limit: number, beforeId: number | undefined): Promise<AuditLogRow[]> {
  return queryRows(db, db.select().from(auditLog).where(beforeId === undefined ? undefined : lt(auditLog.id, beforeId)).orderBy(desc(auditLog.id)).limit(limit));
}
