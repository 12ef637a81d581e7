/**
 * The coordinator's own disclosure policy on pooled numbers (docs/federation.md, "Disclosure"): for
 * a principal under disclosure control (every role but an administrator), the central aggregate
 * tier's rules applied to the pooled values:
 *   - a pooled count is perturbed once by the pooled cell key, the sum of the sites' cell keys mod
 *     2^32 (cell-key.ts `perturb`): the same patients always get the same noise, however the query
 *     is phrased or repeated, and a count with 0 < n < k is withheld;
 *   - a table adds secondary suppression (DisclosureGuard.table);
 *   - a cohort whose complement in the federation (the sites' registries added) is 0 < N - n < k
 *     is withheld, as the central tier withholds it, against differencing with nested filters;
 *   - test statistics, coefficients and their limits to 3 significant digits, P values to 2.
 * Administrators see the exact pooled values.
 */
import { DisclosureGuard } from '../../access/disclosure.js';
import { isAdministrator } from '../../access/principal.js';
import { perturb } from '../../access/cell-key.js';
import { coarsenP, coarsenStatistic } from '../../access/coarsened-statistics.js';
import type { ServiceContext } from '../../access/service-context.js';
import type { Suppression } from '../../access/disclosure-policy.js';

const TWO_TO_32 = 2 ** 32;

/** The cell key of a union of disjoint sets: the sum of their keys mod 2^32 (cell-key.ts `cellKey`). */
export function pooledKey(keys: readonly number[]): number {
  return keys.reduce((sum, key) => (sum + key) % TWO_TO_32, 0);
}

export class PooledRelease {
  readonly guard: DisclosureGuard;

  constructor(context: ServiceContext, prefix: string, readonly withheld: Suppression[]) {
    this.guard = new DisclosureGuard(!isAdministrator(context.principal), context.disclosure, (suppression) => {
      withheld.push({ path: `${prefix}${suppression.path}`, reason: suppression.reason });
      context.accounting.suppressions += 1;
    });
  }

  get controlled(): boolean {
    return this.guard.active;
  }

  withhold(path: string, reason: string): null {
    return this.guard.withhold(path, reason);
  }

  /** A pooled count of a set of patients with its pooled cell key. */
  count(path: string, count: number, key: number): number | null {
    if (!this.guard.active) return count;
    return perturb(count, key, this.guard.threshold) ?? this.guard.withhold(path, this.guard.smallCountReason());
  }

  table(path: (row: number, column: number) => string, counts: readonly (readonly number[])[], keys: readonly (readonly number[])[]): (number | null)[][] {
    return this.guard.table(path, counts, (r, c) => perturb(counts[r]![c]!, keys[r]![c]!, this.guard.threshold));
  }

  /** Whether the cohort's size or its complement in the federation is small (then nothing of it is released). */
  unreleasable(size: number, federationSize: number): string | null {
    if (this.guard.isSmall(size)) return `the cohort has ${this.guard.smallCountReason()}`;
    if (this.guard.isSmall(federationSize - size)) return `fewer than ${this.guard.threshold} patients of the federation are outside this cohort (disclosure control against differencing)`;
    return null;
  }

  statistic(value: number | null): number | null {
    return this.guard.active ? coarsenStatistic(value) : value;
  }

  p(value: number | null): number | null {
    return this.guard.active ? coarsenP(value) : value;
  }
}
