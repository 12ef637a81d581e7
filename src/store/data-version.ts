/**
 * The version of the data analyses read, for invalidating cached results: an in-process counter
 * that every write path of this server bumps (imports and record mutations, through
 * writeStagedRows and deleteRecord), combined with SQLite's data_version of the server's
 * connection, which moves when another process commits (connection-facts.ts). Writes of
 * this connection that change no patient data (the audit log, API keys, saved cohort
 * definitions, which are never edited once saved) leave it alone, so they keep the cache warm.
 */
import { readCommitVersion } from './connection-facts.js';
import type { Store } from './database.js';

let localWrites = 0;

/** Call after (or inside) every transaction of this process that changes patient data. */
export function bumpDataVersion(): void {
  localWrites += 1;
}

export function currentDataVersion(db: Store): string {
  return `${localWrites}.${readCommitVersion(db)}`;
}
