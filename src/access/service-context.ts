/**
 * What every use case receives for one request: the database, the principal and what it may see,
 * that request's DataLoaders (already scoped to the principal's rows), limits, the disclosure
 * policy, and what the request served (for the audit log).
 */
import type { Store } from '../store/database.js';
import { createLoaders, type Loaders } from '../store/loaders.js';
import { rowScope, type Principal } from './principal.js';
import type { DisclosurePolicy, Suppression } from './disclosure-policy.js';

export interface RequestAccounting {
  servedRows: boolean;
  servedAggregates: boolean;
  suppressions: number;
}

export interface ServiceContext {
  db: Store;
  principal: Principal;
  loaders: Loaders;
  maxPageSize: number;
  disclosure: DisclosurePolicy;
  accounting: RequestAccounting;
  /**
   * What disclosure control withheld from the value being computed (guardFor appends to it).
   * Every released value gets a list of its own (disclosure.ts `disclosed`) and returns it with
   * its result; the request's own list stays empty.
   */
  withheld: Suppression[];
}

export function newAccounting(): RequestAccounting {
  return { servedRows: false, servedAggregates: false, suppressions: 0 };
}

/** Adds what one released value served (disclosure.ts `Disclosed`) to the request's accounting. */
export function addAccounting(into: RequestAccounting, served: RequestAccounting): void {
  into.servedRows ||= served.servedRows;
  into.servedAggregates ||= served.servedAggregates;
  into.suppressions += served.suppressions;
}

/** A request's context for a principal: the same on the main thread (src/context.ts) and on an analysis worker thread. */
export function createServiceContext(db: Store, principal: Principal, limits: { maxPageSize: number; disclosure: DisclosurePolicy }): ServiceContext {
  return {
    db,
    principal,
    loaders: createLoaders(db, rowScope(principal)),
    maxPageSize: limits.maxPageSize,
    disclosure: limits.disclosure,
    accounting: newAccounting(),
    withheld: [],
  };
}
