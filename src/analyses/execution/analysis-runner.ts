/**
 * Runs the Cohort analysis fields: from the result cache when the same analysis of the same
 * cohort was computed for the same visibility on the same data, else on the worker-thread pool
 * when the database is a file (src/analyses/execution/: a 100,000-patient Cox model then blocks a worker,
 * not the event loop that serves every other request), else inline (`:memory:` databases, which
 * other connections cannot open: the tests'). Inline analyses have no time limit: a synchronous
 * computation on the event loop cannot be interrupted.
 *
 * The server starts an AnalysisService for its database (startAnalyses) and stops it with itself;
 * runAnalysis finds it through the request's database (the latest started, when several servers
 * share one connection). Without one (a context built by hand, e.g. by a script), analyses run
 * inline and uncached.
 *
 * Cache key: analysis name, its arguments and the cohort's definition as canonical JSON, the
 * principal's visibility (role and site, which decide row scope and disclosure control, and the
 * disclosure policy), and the data version (data-version.ts). Disclosure suppressions and the
 * audit accounting an analysis produced are stored with its result and replayed on every hit,
 * so Cohort.suppressions and the audit log read the same whether the result was computed or not.
 */
import { databaseFileOf } from '../../store/connection-facts.js';
import type { Db } from '../../store/database.js';
import { createAnalysisPool, type AnalysisPool, type PoolStats } from './analysis-pool.js';
import {
  canonicalJson, executeAnalysis, taskOf,
  type AnalysisArgs, type AnalysisName, type AnalysisOutcome, type AnalysisResult,
} from './analysis-task.js';
import { AnalysisCache, type CacheStats } from './analysis-cache.js';
import { trackAnalysis, type CohortSelection } from '../../records/cohorts.js';
import { currentDataVersion } from '../../store/data-version.js';
import type { ServiceContext } from '../../access/service-context.js';

/** The analysis settings of src/config.ts. */
export interface AnalysisSettings {
  analysisTimeoutMs: number;
  analysisWorkers: number;
  analysisCacheEntries: number;
  analysisCacheBytes: number;
}

export interface AnalysisStats {
  mode: 'pool' | 'inline';
  cache: CacheStats;
  pool: PoolStats | null;
}

export interface AnalysisService {
  stats(): AnalysisStats;
  close(): Promise<void>;
}

interface RunningService extends AnalysisService {
  outcome(context: ServiceContext, name: AnalysisName, cohort: CohortSelection, args: unknown): Promise<AnalysisOutcome>;
}

const services = new WeakMap<Db, RunningService[]>();

function cacheKey(context: ServiceContext, name: AnalysisName, cohort: CohortSelection, args: unknown, dataVersion: string): string {
  const { role, siteId } = context.principal;
  return canonicalJson([name, args, cohort.where, cohort.savedCohortId, role, siteId, context.disclosure, dataVersion]);
}

export function startAnalyses(db: Db, settings: AnalysisSettings): AnalysisService {
  const databaseFile = databaseFileOf(db);
  const pool: AnalysisPool | null = databaseFile === null
    ? null
    : createAnalysisPool({ databaseFile, threads: settings.analysisWorkers, timeoutMs: settings.analysisTimeoutMs });
  const cache = new AnalysisCache<AnalysisOutcome>({ maxEntries: settings.analysisCacheEntries, maxBytes: settings.analysisCacheBytes });
  const service: RunningService = {
    outcome(context, name, cohort, args) {
      const dataVersion = currentDataVersion(db);
      const compute = async () => {
        const outcome = pool === null ? await executeAnalysis(context, name, cohort, args) : await pool.run(taskOf(context, name, cohort, args));
        return { value: outcome, bytes: outcome.bytes };
      };
      return cache.getOrCompute(cacheKey(context, name, cohort, args, dataVersion), compute, () => currentDataVersion(db) === dataVersion);
    },
    stats: () => ({ mode: pool === null ? 'inline' : 'pool', cache: cache.stats(), pool: pool?.stats() ?? null }),
    async close() {
      services.set(db, (services.get(db) ?? []).filter((started) => started !== service));
      await pool?.close();
    },
  };
  services.set(db, [...(services.get(db) ?? []), service]);
  return service;
}

/** Replays what the analysis recorded onto this request's cohort and accounting. */
function applyToRequest(context: ServiceContext, cohort: CohortSelection, outcome: AnalysisOutcome): void {
  cohort.suppressions.push(...outcome.suppressions);
  const { accounting } = context;
  accounting.servedRows ||= outcome.accounting.servedRows;
  accounting.servedAggregates ||= outcome.accounting.servedAggregates;
  accounting.suppressions += outcome.accounting.suppressions;
}

export function runAnalysis<Name extends AnalysisName>(context: ServiceContext, name: Name, cohort: CohortSelection, args: AnalysisArgs<Name>): Promise<AnalysisResult<Name>> {
  return trackAnalysis(cohort, async () => {
    const service = services.get(context.db)?.at(-1);
    const outcome = service === undefined ? await executeAnalysis(context, name, cohort, args) : await service.outcome(context, name, cohort, args);
    applyToRequest(context, cohort, outcome);
    return outcome.result as AnalysisResult<Name>;
  });
}
