/**
 * What every use case receives for one request: the database, the principal and what it may see,
 * that request's DataLoaders (already scoped to the principal's rows), limits, the disclosure
 * policy, and what the request served (for the audit log).
 */
import type { Db } from '../store/database.js';
import type { Loaders } from '../store/loaders.js';
import type { Principal } from './principal.js';
import type { DisclosurePolicy } from './disclosure-policy.js';

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
