/**
 * The per-request context: the database, the authenticated principal, fresh DataLoaders scoped to
 * the rows that principal may read (a cache per request, never shared), limits and accounting.
 */
import type { Config } from './config.js';
import type { Db } from './store/database.js';
import { createLoaders } from './store/loaders.js';
import { rowScope, type Principal } from './access/principal.js';
import { newAccounting, type ServiceContext } from './access/service-context.js';
import type { RequestAudit } from './access/audit.js';

export interface Context extends ServiceContext {
  config: Config;
  /** The audit record of the HTTP request this context serves (absent for in-process operations). */
  audit?: RequestAudit;
}

/** With the request's audit record, the context counts what it serves into that record. */
export function createContext(db: Db, config: Config, principal: Principal, audit?: RequestAudit): Context {
  if (audit !== undefined) audit.principal = principal;
  return {
    db,
    principal,
    loaders: createLoaders(db, rowScope(principal)),
    maxPageSize: config.maxPageSize,
    disclosure: { threshold: config.disclosureThreshold, roundingBase: config.disclosureRounding },
    accounting: audit?.accounting ?? newAccounting(),
    config,
    audit,
  };
}
