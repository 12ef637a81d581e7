/**
 * The per-request context: the database, the authenticated principal, fresh DataLoaders scoped to
 * the rows that principal may read (a cache per request, never shared), limits and accounting
 * (access/service-context.ts, built the same way on analysis worker threads), the configuration,
 * and the analysis executor the server chose at start-up (src/analyses/execution/).
 */
import type { Config } from './config.js';
import type { Store } from './store/database.js';
import type { Principal } from './access/principal.js';
import { createServiceContext, type ServiceContext } from './access/service-context.js';
import type { RequestAudit } from './access/audit.js';
import type { AnalysisExecutor } from './analyses/execution/executor.js';
import { storedDisclosureSecret } from './store/disclosure-secret.js';

export interface Context extends ServiceContext {
  config: Config;
  analyses: AnalysisExecutor;
  /** The audit record of the HTTP request this context serves (absent for in-process operations). */
  audit?: RequestAudit;
}

/** With the request's audit record, the context counts what it serves into that record. */
export async function createContext(db: Store, config: Config, principal: Principal, analyses: AnalysisExecutor, audit?: RequestAudit): Promise<Context> {
  if (audit !== undefined) audit.principal = principal;
  const disclosure = {
    threshold: config.disclosureThreshold,
    secret: config.disclosureSecret ?? await storedDisclosureSecret(db),
    survivalGridDays: config.disclosureSurvivalGridDays,
  };
  const context = createServiceContext(db, principal, { maxPageSize: config.maxPageSize, disclosure });
  return { ...context, accounting: audit?.accounting ?? context.accounting, config, analyses, audit };
}
