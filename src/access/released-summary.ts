/**
 * Continuous summaries (Table 1 rows, lab values per timepoint) as a request may see them: exact
 * when disclosure control is off for the cohort; otherwise withheld below k, and else the
 * perturbed mean, SD and quartiles of src/access/perturbed-summary.ts, keyed by the records'
 * cell key (src/access/cell-key.ts) so that the same patients always get the same noise, and
 * never the minimum or maximum. docs/disclosure-tables.md has the attacks and the anchors.
 *
 * The own-site rule of the counts holds here too: for a site role the values of its own site's
 * patients (which it may read) enter exactly and carry no key, and the small-count rule, the
 * quartile rule and the noise scale are those of the other sites' part. Padding a cohort with
 * known patients therefore never unlocks or moves anything the role could not compute itself.
 */
import { describe, type DescriptiveSummary } from '../stats/index.js';
import { cellKey, recordKey } from './cell-key.js';
import { magnitudeNoiseRule, perturbSummary, statisticKeys } from './perturbed-summary.js';
import { cohortPatientIdsAtSite } from '../store/site-members.js';
import type { ControlledCohort, DisclosureGuard } from './disclosure.js';
import type { ServiceContext } from './service-context.js';

export type ReleasedSummary = Omit<DescriptiveSummary, 'n'> & { n: number | null };

const INDIVIDUAL_VALUE = 'an individual patient\'s value (disclosure control)';

export class SummaryRelease {
  private readonly keys = new Map<number, number>();
  private readonly rule;

  constructor(
    private readonly guard: DisclosureGuard,
    private readonly secret: string,
    private readonly isOwn: (patientId: number) => boolean,
  ) {
    this.rule = magnitudeNoiseRule(guard.threshold);
  }

  private keyOf(patientId: number): number {
    let key = this.keys.get(patientId);
    if (key === undefined) {
      key = recordKey(this.secret, patientId);
      this.keys.set(patientId, key);
    }
    return key;
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
    const n = this.guard.count(`${path}.n`, values.length);
    if (n === null || this.guard.isSmall(other.length)) {
      this.guard.withhold(path, this.guard.smallCountReason());
      return { n, mean: null, sd: null, median: null, q1: null, q3: null, min: null, max: null };
    }
    if (other.length === 0) return { ...describe(values), n };
    const released = perturbSummary(known, other, statisticKeys(cellKey(otherIds.map((id) => this.keyOf(id))), variable), this.rule);
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

/** The request's summary release for a cohort (its guard decides whether control applies). */
export function summaryReleaseFor(context: ServiceContext, cohort: ControlledCohort, guard: DisclosureGuard): SummaryRelease {
  if (!guard.active) return new SummaryRelease(guard, context.disclosure.secret, () => false);
  const siteId = context.principal.role === 'CONSORTIUM_ANALYST' ? null : context.principal.siteId;
  const own = siteId === null ? null : cohortPatientIdsAtSite(context.db, cohort.condition, siteId);
  return new SummaryRelease(guard, context.disclosure.secret, own === null ? () => false : (id) => own.has(id));
}
