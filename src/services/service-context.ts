/** What every use case receives for one request: the database, that request's DataLoaders, and limits. */
import type { Db } from '../data/database.js';
import type { Loaders } from '../data/loaders.js';

export interface ServiceContext {
  db: Db;
  loaders: Loaders;
  maxPageSize: number;
}
