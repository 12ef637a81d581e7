/**
 * The per-request context: the database, the authenticated principal, fresh DataLoaders scoped to
 * the rows that principal may read (a cache per request, never shared), limits and accounting.
 */
import type { Config } from './config.js';
import type { Db } from './store/database.js';
import { createLoaders } from './store/loaders.js';
import { storedDisclosureSecret } from './store/disclosure-secret.js';
import { rowScope, type Principal } from './access/principal.js';
import { newAccounting, type ServiceContext } from './access/service-context.js';

export interface Context extends ServiceContext {
  config: Config;
}

export function createContext(db: Db, config: Config, principal: Principal): Context {
  return {
    db,
    principal,
    loaders: createLoaders(db, rowScope(principal)),
    maxPageSize: config.maxPageSize,
    disclosure: {
      threshold: config.disclosureThreshold,
      roundingBase: config.disclosureRounding,
      secret: config.disclosureSecret ?? storedDisclosureSecret(db),
      survivalGridDays: config.disclosureSurvivalGridDays,
    },
    accounting: newAccounting(),
    config,
  };
}
