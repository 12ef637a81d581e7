/**
 * What a Cohort analysis is: one module object, declared at the end of its file in src/analyses/
 * and listed once in registry.ts. The executor (src/analyses/execution/) knows analyses only
 * through this interface: it keys the result cache with `canonicalArgs`, runs `compute` inline or
 * on a worker thread, and passes every result through one disclosure stage (execute.ts) that
 * applies the rule common to all analyses (disclosure.ts `refuseUnreleasableCohort`) before the
 * analysis's own rule, which `compute` applies through `guardFor(context, cohort, field)`.
 * docs/architecture.md has the recipe for adding one.
 */
import type { CohortSelection } from '../records/cohorts.js';
import type { ServiceContext } from '../access/service-context.js';

export interface Analysis<Field extends string, Args, Result> {
  /** The Cohort field (schema/analysis.graphql) that serves it; also the prefix of its suppression paths. */
  field: Field;
  /**
   * The arguments in canonical form, for the cache key: equal meaning, equal value (null and
   * missing fields dropped, object keys sorted; a default list made explicit where the module
   * shares the constant its computation uses). GraphQL has already applied the SDL's defaults and
   * checked the arguments' shape; `compute` validates their values before it reads any data.
   */
  canonicalArgs(args: Args): unknown;
  /** What the analysis reads, in words (the frame columns or tables), for docs and reviewers. */
  reads: string;
  /** Its own disclosure rule, in words, beyond the rule every analysis passes. */
  disclosure: string;
  /** The computation: validates the arguments, reads the cohort's data, applies its disclosure rule. */
  compute(context: ServiceContext, cohort: CohortSelection, args: Args): Result | Promise<Result>;
}

/** JSON-like values with object keys sorted and null or missing fields left out: equal inputs, equal value. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value)
    .filter(([, field]) => field !== null && field !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, field]) => [key, canonical(field)]));
}

/** JSON of the canonical form: the text a cache key is made of. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

/** Declares an analysis (the identity, typed: the field name stays a literal type for the registry). */
export function defineAnalysis<Field extends string, Args, Result>(analysis: Analysis<Field, Args, Result>): Analysis<Field, Args, Result> {
  return analysis;
}
