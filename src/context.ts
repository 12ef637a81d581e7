/** The per-request context: the database, fresh DataLoaders (a cache per request, never shared), and limits. */
import type { Config } from './config.js';
import type { Db } from './data/database.js';
import { createLoaders } from './data/loaders.js';
import type { ServiceContext } from './services/service-context.js';

export interface Context extends ServiceContext {
  config: Config;
}

export function createContext(db: Db, config: Config): Context {
  return { db, loaders: createLoaders(db), maxPageSize: config.maxPageSize, config };
}
