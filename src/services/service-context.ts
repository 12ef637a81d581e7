/**
 * What every use case receives for one request: the database, the principal and what it may see,
 * that request's DataLoaders (already scoped to the principal's rows), limits, the disclosure
 * policy, and what the request served (for the audit log).
 */
import type { Db } from '../data/database.js';
import type { Loaders } from '../data/loaders.js';
import type { Principal } from '../auth/principal.js';
import type { DisclosurePolicy } from './disclosure.js';

export interface RequestAccounting {
  servedRows: boolean;
  servedAggregates: boolean;
  suppressions: number;
}

export interface ServiceContext {
  db: Db;
  principal: Principal;
  loaders: Loaders;
  maxPageSize: number;
  disclosure: DisclosurePolicy;
  accounting: RequestAccounting;
}

export function newAccounting(): RequestAccounting {
  return { servedRows: false, servedAggregates: false, suppressions: 0 };
}
