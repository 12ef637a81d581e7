/**
 * The audit log's write queue: requests hand their row to `enqueue` and never wait for, nor fail
 * because of, the database. Rows are written in batches (everything enqueued during one turn of
 * the event loop goes in one INSERT, at most BATCH_SIZE rows each) with a short busy timeout
 * (src/store/audit-log.ts). While the database is locked (an import holds SQLite's write lock for up to a
 * minute) a batch is refused at once, the rows stay in memory and the flush is retried with a
 * doubling delay (50 ms up to 2 s). The queue is bounded (AUDIT_QUEUE_MAX rows): beyond it new
 * rows are dropped and counted, an error is logged once per episode, and the count is written to
 * the log itself (a `SYSTEM` row, channel `audit`, outcome `AUDIT_ROWS_DROPPED`) as soon as the
 * database accepts rows again. `drain` flushes on shutdown.
 */
import type { AuditEntry, AuditWriter } from '../store/audit-log.js';
import { isDatabaseBusy } from '../store/audit-log.js';

export interface AuditLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface AuditQueueStats {
  /** Rows waiting to be written. */
  pending: number;
  /** Rows written since the queue started. */
  written: number;
  /** Rows lost since the queue started (the queue was full, or the database refused them for another reason than a lock). */
  dropped: number;
}

const BATCH_SIZE = 500;
const FIRST_RETRY_MS = 50;
const LAST_RETRY_MS = 2_000;
const DRAIN_POLL_MS = 25;

export class AuditQueue {
  private readonly pending: AuditEntry[] = [];
  private written = 0;
  private dropped = 0;
  /** Rows dropped and not yet reported in the log itself. */
  private unreportedDrops = 0;
  private retryDelayMs = FIRST_RETRY_MS;
  /** Cancels the scheduled flush, if one is. */
  private scheduled: (() => void) | null = null;
  /** The flush under way, if one is. */
  private flushing: Promise<boolean> | null = null;
  private closed = false;

  constructor(
    private readonly writer: AuditWriter,
    private readonly maxPending: number,
    private readonly logger?: AuditLogger,
  ) {}

  enqueue(entry: AuditEntry): void {
    if (this.pending.length >= this.maxPending) {
      if (this.unreportedDrops === 0) this.logger?.error({ maxPending: this.maxPending }, 'the audit queue is full: audit rows are being dropped until the database accepts writes again');
      this.dropped += 1;
      this.unreportedDrops += 1;
      return;
    }
    this.pending.push(entry);
    if (this.scheduled === null && !this.closed) this.scheduleFlush(0);
  }

  stats(): AuditQueueStats {
    return { pending: this.pending.length, written: this.written, dropped: this.dropped };
  }

  /** Writes what it can now; false when the database is locked (the rest stays queued). One flush runs at a time. */
  flush(): Promise<boolean> {
    this.flushing ??= this.writePending().finally(() => { this.flushing = null; });
    return this.flushing;
  }

  private async writePending(): Promise<boolean> {
    try {
      if (this.unreportedDrops > 0) {
        await this.writer.append([droppedNotice(this.unreportedDrops)]);
        this.logger?.warn({ dropped: this.unreportedDrops }, 'the audit log accepts rows again; the dropped rows are counted in it');
        this.unreportedDrops = 0;
      }
      while (this.pending.length > 0) {
        const batch = this.pending.slice(0, BATCH_SIZE);
        const accepted = await this.writeBatch(batch);
        this.pending.splice(0, batch.length);
        if (accepted) this.written += batch.length;
      }
      this.retryDelayMs = FIRST_RETRY_MS;
      return true;
    } catch (error) {
      if (isDatabaseBusy(error)) return false;
      throw error;
    }
  }

  /** Flushes everything, waiting out a lock until `timeoutMs` has passed; what remains is counted as dropped and logged. */
  async drain(timeoutMs: number): Promise<void> {
    this.closed = true;
    this.cancelScheduled();
    const deadline = Date.now() + timeoutMs;
    while (!(await this.flush()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    if (this.pending.length > 0) {
      this.logger?.error({ lost: this.pending.length }, 'the database stayed locked at shutdown: these audit rows were not written');
      this.dropped += this.pending.length;
      this.pending.length = 0;
    }
  }

  /** True when written, false when refused for good; rethrows a lock. */
  private async writeBatch(batch: AuditEntry[]): Promise<boolean> {
    try {
      await this.writer.append(batch);
      return true;
    } catch (error) {
      if (isDatabaseBusy(error)) throw error;
      // A row the database refuses for good (disk full, a broken row) must not block the queue forever.
      this.logger?.error({ err: error, rows: batch.length }, 'the database refused a batch of audit rows: they are dropped');
      this.dropped += batch.length;
      return false;
    }
  }

  private scheduleFlush(delayMs: number): void {
    const run = async () => {
      this.scheduled = null;
      if (await this.flush() || this.closed) return;
      if (this.scheduled !== null) return;
      this.scheduleFlush(this.retryDelayMs);
      this.retryDelayMs = Math.min(LAST_RETRY_MS, this.retryDelayMs * 2);
    };
    // An error other than a lock is a bug: left unhandled, as it was when the flush was synchronous.
    const start = () => void run();
    if (delayMs === 0) {
      const handle = setImmediate(start).unref();
      this.scheduled = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(start, delayMs).unref();
      this.scheduled = () => clearTimeout(handle);
    }
  }

  private cancelScheduled(): void {
    this.scheduled?.();
    this.scheduled = null;
  }
}

function droppedNotice(count: number): AuditEntry {
  return {
    apiKeyId: null,
    role: 'SYSTEM',
    siteCode: null,
    channel: 'audit',
    operationName: `${count} audit rows were dropped: the queue was full while the database was locked`,
    variablesHash: null,
    servedRows: false,
    servedAggregates: false,
    suppressions: 0,
    outcome: 'AUDIT_ROWS_DROPPED',
    durationMs: 0,
  };
}
