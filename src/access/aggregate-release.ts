/**
 * What the table and summary analyses release for one request and cohort (docs/disclosure.md, "Tables and summaries"):
 * exact when disclosure control is off for the cohort; otherwise
 *   - counts of sets of patients through cell-key perturbation (src/access/cell-key.ts): the same
 *     patients always get the same noise, small counts are withheld and never shown as 0; tables
 *     and level sets add secondary suppression (DisclosureGuard.table);
 *   - continuous summaries (Table 1 rows, lab values per timepoint) withheld below k, else the
 *     perturbed mean, SD and quartiles of src/access/perturbed-summary.ts, keyed by the records'
 *     cell key, and never the minimum or maximum.
 *
 * The own-site rule holds for both: for a site role its own site's patients (whose rows it may
 * read) are counted exactly and their values enter exactly, carrying no key; the small-count rule,
 * the quartile rule and the noise are those of the other sites' part. Padding a cohort with known
 * patients therefore never unlocks or moves anything the role could not compute itself.
 */
import { describe, type DescriptiveSummary } from '../stats/index.js';
import { CellKeyCounter, RecordKeys, cellKey } from './cell-key.js';
import { magnitudeNoiseRule, perturbSummary, statisticKeys } from './perturbed-summary.js';
import { cohortPatientIdsAtSite } from '../store/cohort-members.js';
import type { ControlledCohort, DisclosureGuard } from './disclosure.js';
import type { ServiceContext } from './service-context.js';

export type ReleasedSummary = Omit<DescriptiveSummary, 'n'> & { n: number | null };

const INDIVIDUAL_VALUE = 'an individual patient\'s value (disclosure control)';

export class AggregateRelease {
  private readonly recordKeys: RecordKeys;
  private readonly rule;
  private readonly counter: CellKeyCounter;

  constructor(
    readonly guard: DisclosureGuard,
    secret: string,
    private readonly isOwn: (patientId: number) => boolean,
  ) {
    this.rule = magnitudeNoiseRule(guard.threshold);
    this.recordKeys = RecordKeys.for(secret);
    this.counter = new CellKeyCounter({ secret, threshold: guard.threshold, isOwn });
  }

  /** The released count of a set of distinct patients; null (and listed under `path`) when withheld. */
  count(path: string, patientIds: readonly number[]): number | null {
    if (!this.guard.active) return patientIds.length;
    return this.counter.count(patientIds) ?? this.guard.withhold(path, this.guard.smallCountReason());
  }

  /** A table whose cells are sets of patients: perturbed counts, primary and secondary suppression. */
  table(path: (row: number, column: number) => string, cells: readonly (readonly (readonly number[])[])[]): (number | null)[][] {
    return this.guard.table(path, cells.map((row) => row.map((ids) => ids.length)), (r, c) => this.counter.count(cells[r]![c]!));
  }

  /** One variable's levels as sets of patients, as `table` with one row. */
  levels(path: (index: number) => string, cells: readonly (readonly number[])[]): (number | null)[] {
    return this.table((_, i) => path(i), [cells])[0]!;
  }

  /** One variable's values (values[i] is patient patientIds[i]'s), released under `path`. */
  summarize(path: string, variable: string, values: readonly number[], patientIds: readonly number[]): ReleasedSummary {
    if (!this.guard.active) return describe(values);
    const known: number[] = [];
    const other: number[] = [];
    const otherIds: number[] = [];
    values.forEach((value, i) => {
      if (this.isOwn(patientIds[i]!)) {
        known.push(value);
      } else {
        other.push(value);
        otherIds.push(patientIds[i]!);
      }
    });
    const n = this.count(`${path}.n`, patientIds);
    if (n === null || this.guard.isSmall(other.length)) {
      this.guard.withhold(path, this.guard.smallCountReason());
      return { n, mean: null, sd: null, median: null, q1: null, q3: null, min: null, max: null };
    }
    if (other.length === 0) return { ...describe(values), n };
    const released = perturbSummary(known, other, statisticKeys(cellKey(otherIds.map((id) => this.recordKeys.of(id))), variable), this.rule);
    const quartilesShown = released.median !== null;
    if (!quartilesShown) {
      for (const statistic of ['median', 'q1', 'q3']) {
        this.guard.withhold(`${path}.${statistic}`, `a quartile of fewer than ${this.rule.minQuantileN} patients is too close to one patient's value (disclosure control)`);
      }
    }
    this.guard.withhold(`${path}.min`, INDIVIDUAL_VALUE);
    this.guard.withhold(`${path}.max`, INDIVIDUAL_VALUE);
    return {
      n,
      mean: released.mean,
      sd: released.sd,
      median: quartilesShown ? released.median : null,
      q1: quartilesShown ? released.q1 : null,
      q3: quartilesShown ? released.q3 : null,
      min: null,
      max: null,
    };
  }
}

/** The request's release for a cohort (its guard decides whether control applies; one query for a site role's own patients). */
export async function aggregateReleaseFor(context: ServiceContext, cohort: ControlledCohort, guard: DisclosureGuard): Promise<AggregateRelease> {
  if (!guard.active) return new AggregateRelease(guard, context.disclosure.secret, () => false);
  const siteId = context.principal.role === 'CONSORTIUM_ANALYST' ? null : context.principal.siteId;
  const own = siteId === null ? null : await cohortPatientIdsAtSite(context.db, cohort.condition, siteId);
  return new AggregateRelease(guard, context.disclosure.secret, own === null ? () => false : (id) => own.has(id));
}
