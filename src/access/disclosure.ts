/**
 * Disclosure control: one declarative policy applied to every aggregate the API returns to a
 * principal who may not see the rows behind it (CONSORTIUM_ANALYST and FEDERATION_PEER always; SITE_MANAGER and
 * SITE_ANALYST when the cohort reaches beyond their own site). docs/disclosure.md has the threat
 * model and the attacks each rule is tested against.
 *
 *   - a count n with 0 < n < k is withheld: null, and listed in `suppressions` with the reason;
 *   - every released count is the cell-key perturbed count of its set of patients (cell-key.ts:
 *     the same set, the same noise; the own site exact for site roles), and percentages are
 *     computed from released counts;
 *   - in a table, a row, column or level set with exactly one withheld cell has a second cell
 *     withheld (secondary suppression), so the cell cannot be restored from the others;
 *   - a cohort whose complement in the registry is 0 < N - n < k is withheld too (the
 *     `where: F` vs `where: { not: F }` vs whole-registry attack);
 *   - analyses that would publish a small group are refused outright (FORBIDDEN, with the reason):
 *     survival comparisons with a group under k, Cox models with fewer than k events per term or a
 *     binary term level under k; Kaplan–Meier curves stop where fewer than k remain at risk;
 *     individual values (minimum, maximum) are never released.
 *
 * What a guard withholds is collected into the request context's `withheld` list; `disclosed`
 * gives one computation (an analysis, a cohort's size) a list of its own and returns it with the
 * result, so suppressions travel as part of the result value (through the worker pool and the
 * result cache) rather than as a side effect on shared objects. `refuseUnreleasableCohort` is the
 * rule every analysis passes before it runs (src/analyses/execution/execute.ts calls it).
 */
import { ApiError } from '../errors.js';
import { isAdministrator } from './principal.js';
import { countPatients, countPatientsOutsideSite } from '../store/patients.js';
import { ALL_ROWS } from '../store/row-scope.js';
import type { PatientCondition } from '../store/patient-filter.js';
import type { DisclosurePolicy, Suppression } from './disclosure-policy.js';

export type { DisclosurePolicy, Suppression };
import { newAccounting, type RequestAccounting, type ServiceContext } from './service-context.js';

/** What disclosure control needs of a cohort: its condition. */
export interface ControlledCohort {
  condition: PatientCondition;
  /** Cached: does the cohort include patients outside the principal's site? */
  reachesOtherSites?: boolean;
}

/** A value released to a principal, with what disclosure control withheld from it and what computing it served (for the audit log). */
export interface Disclosed<Value> {
  result: Value;
  suppressions: Suppression[];
  accounting: RequestAccounting;
}

export class DisclosureGuard {
  constructor(
    readonly active: boolean,
    private readonly policy: DisclosurePolicy,
    private readonly record: (suppression: Suppression) => void,
  ) {}

  get threshold(): number {
    return this.policy.threshold;
  }

  /** True when n is a small, non-zero count that may not be published. */
  isSmall(n: number): boolean {
    return this.active && n > 0 && n < this.policy.threshold;
  }

  withhold(path: string, reason: string): null {
    this.record({ path, reason });
    return null;
  }

  smallCountReason(): string {
    return `fewer than ${this.policy.threshold} patients (disclosure control)`;
  }

  /** Refuses an analysis that would publish a small group. */
  refuse(reason: string): never {
    throw new ApiError('FORBIDDEN', `Disclosure control: ${reason}. Widen the cohort or merge groups (with \`levels\` or \`above\`).`, { threshold: this.policy.threshold });
  }

  /**
   * A table of counts with primary suppression (0 < n < k), secondary suppression in rows and
   * columns, each cell shown as released(r, c) (the cell-key perturbed count, src/access/cell-key.ts),
   * where a null is a primary suppression too.
   */
  table(path: (row: number, column: number) => string, counts: readonly (readonly number[])[], released: (row: number, column: number) => number | null): (number | null)[][] {
    if (!this.active) return counts.map((row) => [...row]);
    const shown = counts.map((row, r) => row.map((_, c) => released(r, c)));
    const primary = (r: number, c: number) => this.isSmall(counts[r]![c]!) || shown[r]![c] === null;
    const withheld = counts.map((row, r) => row.map((_, c) => primary(r, c)));
    const reasons = counts.map((row, r) => row.map((_, c) => (primary(r, c) ? this.smallCountReason() : '')));
    const secondary = 'withheld so that a withheld cell cannot be recovered from its row or column (secondary suppression)';
    const protectLine = (cells: { r: number; c: number }[]) => {
      const hidden = cells.filter(({ r, c }) => withheld[r]![c]);
      if (hidden.length !== 1 || cells.length < 2) return false;
      // The smallest non-zero cell: a withheld 0 beside a small cell would leave their sum, the small count, known.
      const cost = ({ r, c }: { r: number; c: number }) => (counts[r]![c]! === 0 ? Number.POSITIVE_INFINITY : counts[r]![c]!);
      const candidates = cells.filter(({ r, c }) => !withheld[r]![c]).sort((a, b) => (cost(a) === cost(b) ? 0 : cost(a) < cost(b) ? -1 : 1));
      const next = candidates[0];
      if (next === undefined) return false;
      withheld[next.r]![next.c] = true;
      reasons[next.r]![next.c] = secondary;
      return true;
    };
    for (let changed = true; changed;) {
      changed = false;
      counts.forEach((row, r) => { if (protectLine(row.map((_, c) => ({ r, c })))) changed = true; });
      if (counts.length > 1) {
        counts[0]!.forEach((_, c) => { if (protectLine(counts.map((__, r) => ({ r, c })))) changed = true; });
      }
    }
    return counts.map((row, r) => row.map((_, c) => (withheld[r]![c] ? this.withhold(path(r, c), reasons[r]![c]!) : shown[r]![c]!)));
  }
}

/** Does this cohort's aggregate need control for this principal? (cached on the selection) */
async function needsControl(context: ServiceContext, cohort: ControlledCohort): Promise<boolean> {
  const principal = context.principal;
  if (isAdministrator(principal)) return false;
  if (principal.role === 'CONSORTIUM_ANALYST' || principal.role === 'FEDERATION_PEER') return true;
  cohort.reachesOtherSites ??= await countPatientsOutsideSite(context.db, cohort.condition, principal.siteId!) > 0;
  return cohort.reachesOtherSites;
}

/** A guard for the aggregates of `cohort`; what it withholds goes to `context.withheld`, its paths prefixed with `prefix` (the Cohort field). */
export async function guardFor(context: ServiceContext, cohort: ControlledCohort, prefix: string): Promise<DisclosureGuard> {
  context.accounting.servedAggregates = true;
  return new DisclosureGuard(await needsControl(context, cohort), context.disclosure, (suppression) => {
    context.withheld.push({ path: `${prefix}${suppression.path}`, reason: suppression.reason });
    context.accounting.suppressions += 1;
  });
}

/** Computes one released value with its own suppression list and accounting, and returns them with it. */
export async function disclosed<Value>(context: ServiceContext, compute: (context: ServiceContext) => Value | Promise<Value>): Promise<Disclosed<Value>> {
  const own: ServiceContext = { ...context, withheld: [], accounting: newAccounting() };
  const result = await compute(own);
  return { result, suppressions: own.withheld, accounting: own.accounting };
}

/**
 * Why no aggregate of a cohort of `size` patients may be released to this principal, or null when
 * it may: a cohort of 0 < n < k patients publishes a small group, and one whose complement in the
 * registry is 0 < N - n < k publishes that complement by differencing against the whole registry.
 */
async function unreleasable(context: ServiceContext, guard: DisclosureGuard, size: number): Promise<'small' | 'small complement' | null> {
  if (!guard.active) return null;
  if (guard.isSmall(size)) return 'small';
  return guard.isSmall(await countPatients(context.db, undefined, ALL_ROWS) - size) ? 'small complement' : null;
}

function differencingReason(guard: DisclosureGuard): string {
  return `fewer than ${guard.threshold} patients of the registry are outside this cohort (disclosure control against differencing)`;
}

/**
 * Whether a cohort's size is withheld from this principal (recording why): when it is small, or when
 * its complement in the registry is small. A size that is not withheld is released as a cell-key
 * count (cohort-size.ts).
 */
export async function cohortSizeWithheld(context: ServiceContext, cohort: ControlledCohort, size: number): Promise<boolean> {
  const guard = await guardFor(context, cohort, '');
  const risk = await unreleasable(context, guard, size);
  if (risk === null) return false;
  guard.withhold('size', risk === 'small' ? guard.smallCountReason() : differencingReason(guard));
  return true;
}

/**
 * The rule every analysis passes before it runs: for a principal under disclosure control, no
 * analysis of a cohort that is small or whose complement in the registry is small (FORBIDDEN
 * with the reason), whatever the analysis (a survival curve of "everyone but one patient" minus
 * the whole registry's is that patient's).
 */
export async function refuseUnreleasableCohort(context: ServiceContext, cohort: ControlledCohort): Promise<void> {
  const guard = await guardFor(context, cohort, '');
  if (!guard.active) return;
  const risk = await unreleasable(context, guard, await countPatients(context.db, cohort.condition, ALL_ROWS));
  if (risk !== null) guard.refuse(risk === 'small' ? `the cohort has ${guard.smallCountReason()}` : differencingReason(guard));
}
