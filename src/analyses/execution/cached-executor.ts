/**
 * The result cache as a decorator around an executor (analysis-cache.ts: bounded, least recently
 * used first out, single flight). Cache key: the analysis, its arguments in canonical form (the
 * module's `canonicalArgs`), the cohort's definition, the principal's visibility (role and site,
 * which decide row scope and disclosure control), the disclosure policy, and the data version
 * (src/store/data-version.ts, kept by the database itself). A result is stored only if the data
 * version is unchanged once it is computed. Suppressions and accounting are part of the stored
 * outcome, so Cohort.suppressions and the audit log read the same whether it was computed or not.
 */
import { canonicalJson } from '../analysis.js';
import { analysisNamed } from '../registry.js';
import { AnalysisCache, type CacheLimits } from './analysis-cache.js';
import type { AnalysisExecutor, AnalysisOutcome, ServerAnalysisExecutor } from './executor.js';

export function withResultCache(inner: AnalysisExecutor, dataVersion: () => Promise<string>, limits: CacheLimits): ServerAnalysisExecutor {
  const cache = new AnalysisCache<AnalysisOutcome>(limits);
  return {
    async run(context, name, cohort, args) {
      const version = await dataVersion();
      const { role, siteId } = context.principal;
      const key = canonicalJson([name, analysisNamed(name).canonicalArgs(args), cohort.definition, role, siteId, context.disclosure, version]);
      const compute = async () => {
        const outcome = await inner.run(context, name, cohort, args);
        return { value: outcome, bytes: outcome.bytes };
      };
      return cache.getOrCompute(key, compute, async () => (await dataVersion()) === version);
    },
    stats: () => ({ ...inner.stats(), cache: cache.stats() }),
    close: () => inner.close(),
  };
}
