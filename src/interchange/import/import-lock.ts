/**
 * One import at a time into a database file: a lock file beside it, `<database>-import.lock`,
 * holding who took it: process id, start time, site and folder. It is written whole under a
 * name of its own, then hard-linked to the lock's name: link(2) fails when that name exists, so
 * exactly one of two racing imports wins, and a reader never sees a half-written lock.
 *
 * SQLite's own write lock serializes imports too, but only at the write transaction, after
 * the files were read and validated (a minute for 3 million lab rows), and as a bare
 * SQLITE_BUSY once the busy timeout runs out. The lock file refuses the second import before it
 * reads anything, and says who holds the database since when. The import still takes the write
 * lock for its transaction; a writer that is not an import (a record mutation, a seed) is met
 * there (store/writes.ts, DatabaseBusyError).
 *
 * A lock whose process is gone (an import killed with SIGKILL, or a power cut) is stale: the
 * next import takes it over. Whether the process is alive is asked with signal 0
 * (https://man7.org/linux/man-pages/man2/kill.2.html): this works for imports on the same machine,
 * which is where a SQLite file is written from. Two imports taking over one stale lock at the
 * same instant could both succeed; the write lock then still keeps them apart (the later one
 * stops with DatabaseBusyError).
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface ImportLockHolder {
  pid: number;
  /** ISO 8601, UTC. */
  since: string;
  site: string;
  folder: string;
}

/** Another live import holds the database. */
export class ImportBusyError extends Error {
  override readonly name = 'ImportBusyError';
  constructor(readonly lockFile: string, readonly holder: ImportLockHolder) {
    super(
      `another import into this database is running since ${holder.since}, pid ${holder.pid} (site ${holder.site}, folder ${holder.folder}); `
      + `wait for it to finish and run this import again (if process ${holder.pid} is not an import of this database, remove ${lockFile}).`,
    );
  }
}

export interface ImportLock {
  readonly file: string;
  /** Removes the lock file (only this import's own). */
  release(): void;
}

export function importLockFileOf(databaseFile: string): string {
  return `${databaseFile}-import.lock`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): ImportLockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<ImportLockHolder>;
    return typeof holder.pid === 'number' ? (holder as ImportLockHolder) : null;
  } catch {
    // Gone meanwhile, or damaged.
    return null;
  }
}

function sameHolder(a: ImportLockHolder | null, b: ImportLockHolder | null): boolean {
  return a?.pid === b?.pid && a?.since === b?.since;
}

/** Takes the database's import lock, taking over a stale one; throws ImportBusyError while a live import holds it. */
export function acquireImportLock(databaseFile: string, who: { site: string; folder: string }): ImportLock {
  const file = importLockFileOf(databaseFile);
  const mine: ImportLockHolder = { pid: process.pid, since: new Date().toISOString(), site: who.site, folder: who.folder };
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, `${JSON.stringify(mine)}\n`);
  try {
    for (;;) {
      try {
        linkSync(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readHolder(file);
      if (holder !== null && holder.pid !== process.pid && isAlive(holder.pid)) throw new ImportBusyError(file, holder);
      if (sameHolder(readHolder(file), holder)) rmSync(file, { force: true });
    }
  } finally {
    rmSync(draft, { force: true });
  }
  return {
    file,
    release() {
      if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}
