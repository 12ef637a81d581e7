/**
 * A worker thread of the analysis pool (analysis-pool.ts): its own read-only connection to the
 * server's database file, opened on the first task and kept for the thread's life. better-sqlite3
 * is synchronous, so building a 100,000-patient frame and fitting the model block this thread, not
 * the server's event loop. In WAL mode a reader sees every transaction committed before its
 * statement starts, and never blocks the writer. The thread keeps the frames it built for the
 * data version (../frame-cache.ts), so analyses of a cohort it has read already read nothing.
 */
import { workerData } from 'node:worker_threads';
import { openDatabase, type Store } from '../../store/database.js';
import { requestOfTask, type AnalysisTask } from './analysis-task.js';
import { executeAnalysis } from './execute.js';
import type { AnalysisOutcome } from './executor.js';
import { serializeError, type SerializedError } from './worker-errors.js';
import { holdFramesOn } from '../frame-cache.js';

export interface AnalysisWorkerData {
  databaseUrl: string;
  /** PostgreSQL: the statement_timeout of the worker's connection (the analysis timeout). */
  statementTimeoutMs: number;
}

export type WorkerReply = { ok: true; outcome: AnalysisOutcome } | { ok: false; error: SerializedError };

let connection: Store | undefined;

function database(): Store {
  const { databaseUrl, statementTimeoutMs } = workerData as AnalysisWorkerData;
  if (connection === undefined) {
    connection = openDatabase(databaseUrl, { readonly: true, poolSize: 2, statementTimeoutMs });
    holdFramesOn(connection);
  }
  return connection;
}

export default async function runAnalysisTask(task: AnalysisTask): Promise<WorkerReply> {
  try {
    const { context, cohort } = await requestOfTask(database(), task);
    const outcome = await executeAnalysis(context, task.name, cohort, task.args);
    return { ok: true, outcome };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
