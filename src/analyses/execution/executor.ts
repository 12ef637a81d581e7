/**
 * The one interface the rest of the server runs Cohort analyses through. Two implementations,
 * chosen once at start-up (start-executor.ts) and carried on every request's context:
 *
 *   - inline (inline-executor.ts): on the event loop, for `:memory:` databases that no other
 *     connection can open (the tests'); no time limit, since a synchronous computation cannot be
 *     interrupted;
 *   - the worker pool (analysis-pool.ts): on worker threads over the database file, with a time
 *     limit, so a 100,000-patient Cox model blocks a worker, not the event loop.
 *
 * Both run the same stage (execute.ts) and answer the same outcome; the result cache
 * (cached-executor.ts) decorates either.
 */
import type { ServiceContext } from '../../access/service-context.js';
import type { Disclosed } from '../../access/disclosure.js';
import type { CohortSelection } from '../../records/cohorts.js';
import type { AnalysisName } from '../registry.js';
import type { CacheStats } from './analysis-cache.js';

/** One analysis's result with what disclosure control withheld from it and what it served, as plain data. */
export interface AnalysisOutcome extends Disclosed<unknown> {
  /** Approximate memory the result holds (result-size.ts), for the cache's bound. */
  bytes: number;
}

export interface PoolStats {
  threads: number;
  /** Tasks submitted and not settled yet (queued or running). */
  inFlight: number;
  queued: number;
  completed: number;
  timedOut: number;
}

export interface ExecutorStats {
  mode: 'pool' | 'inline';
  pool: PoolStats | null;
}

export interface AnalysisExecutor {
  /** Runs one analysis of a cohort (compiled and validated on this thread) for the context's principal. */
  run(context: ServiceContext, name: AnalysisName, cohort: CohortSelection, args: unknown): Promise<AnalysisOutcome>;
  stats(): ExecutorStats;
  close(): Promise<void>;
}

/** The executor the server starts: cached, so its counters include the cache's (GET /healthz). */
export interface AnalysisStats extends ExecutorStats {
  cache: CacheStats;
}

export interface ServerAnalysisExecutor extends AnalysisExecutor {
  stats(): AnalysisStats;
}
