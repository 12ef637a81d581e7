/**
 * The pool of worker threads that run cohort analyses over a database file (piscina,
 * https://github.com/piscinajs/piscina): a fixed number of threads, a FIFO queue in front of
 * them, and a time limit per analysis counted from submission, so a request waits at most that
 * long whether it was queued or running. On the limit piscina aborts the task; a running one has
 * its thread terminated (a synchronous SQLite statement cannot be interrupted any other way) and
 * a fresh thread takes its place. The caller gets ANALYSIS_TIMEOUT.
 *
 * This is the pool implementation of the analysis executor (executor.ts).
 *
 * The threads run the compiled worker when the server is compiled, and the TypeScript one through
 * tsx otherwise (workerModule in src/project-paths.ts).
 */
import { Piscina } from 'piscina';
import { ApiError } from '../../errors.js';
import { workerModule } from '../../project-paths.js';
import { taskOf, type AnalysisTask } from './analysis-task.js';
import type { AnalysisExecutor, AnalysisOutcome } from './executor.js';
import type { AnalysisWorkerData, WorkerReply } from './analysis-worker.js';
import { rebuildError } from './worker-errors.js';

export interface AnalysisPoolOptions {
  databaseUrl: string;
  threads: number;
  timeoutMs: number;
}

const WORKER = workerModule(import.meta.url, 'analysis-worker');

/**
 * Each worker's young generation (V8's space for new objects, collected by copying), smaller than
 * V8's default (16 MB semi-spaces on 64-bit): an analysis makes its large arrays once and keeps
 * them to its end, so a small young generation costs it few extra collections, and what the
 * default keeps resident stays out of every worker. Measured on the 100,000-patient registry
 * (bench/server-memory.ts, one run each, load average 14): the server's peak RSS over the KM, Cox
 * and trajectory analyses 529 MB with this bound, 560 MB without.
 */
const WORKER_YOUNG_GENERATION_MB = 6;

export function createAnalysisPool(options: AnalysisPoolOptions): AnalysisExecutor {
  const workerData: AnalysisWorkerData = { databaseUrl: options.databaseUrl, statementTimeoutMs: options.timeoutMs };
  const piscina = new Piscina<AnalysisTask, WorkerReply>({
    filename: WORKER.filename,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData,
    execArgv: WORKER.execArgv,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  let inFlight = 0;
  let timedOut = 0;

  const run: AnalysisExecutor['run'] = async (context, name, cohort, args): Promise<AnalysisOutcome> => {
    const task = taskOf(context, name, cohort, args);
    const timeLimit = AbortSignal.timeout(options.timeoutMs);
    inFlight += 1;
    try {
      const reply = await piscina.run(task, { signal: timeLimit });
      if (!reply.ok) throw rebuildError(reply.error);
      return reply.outcome;
    } catch (error) {
      if (!timeLimit.aborted) throw error;
      timedOut += 1;
      throw new ApiError('ANALYSIS_TIMEOUT', `The analysis did not finish within ${options.timeoutMs / 1000} s; narrow the cohort or the model, or try again when the server is less busy.`, { timeoutMs: options.timeoutMs });
    } finally {
      inFlight -= 1;
    }
  };

  return {
    run,
    stats: () => ({ mode: 'pool', pool: { threads: piscina.threads.length, inFlight, queued: piscina.queueSize, completed: piscina.completed, timedOut } }),
    close: () => piscina.destroy(),
  };
}
