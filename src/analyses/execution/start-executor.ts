/**
 * Chooses the server's analysis executor once, at start-up: the worker pool over the database
 * file, or inline for an in-memory database; either behind the result cache.
 */
import { databaseUrlForWorkers } from '../../store/connection-facts.js';
import type { Store } from '../../store/database.js';
import { currentDataVersion } from '../../store/data-version.js';
import { createAnalysisPool } from './analysis-pool.js';
import { withResultCache } from './cached-executor.js';
import type { ServerAnalysisExecutor } from './executor.js';
import { createInlineExecutor } from './inline-executor.js';

/** The analysis settings of src/config.ts. */
export interface AnalysisSettings {
  analysisTimeoutMs: number;
  analysisWorkers: number;
  analysisCacheEntries: number;
  analysisCacheBytes: number;
}

export function startAnalysisExecutor(db: Store, settings: AnalysisSettings): ServerAnalysisExecutor {
  const databaseUrl = databaseUrlForWorkers(db);
  const executor = databaseUrl === null
    ? createInlineExecutor()
    : createAnalysisPool({ databaseUrl, threads: settings.analysisWorkers, timeoutMs: settings.analysisTimeoutMs });
  return withResultCache(executor, async () => await currentDataVersion(db), { maxEntries: settings.analysisCacheEntries, maxBytes: settings.analysisCacheBytes });
}
