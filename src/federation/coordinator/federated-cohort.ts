/**
 * A cohort across the federation's sites as one response sees it (FederatedCohort in
 * schema/federation.graphql): its filter, the sites' answers so far (SiteFanOut), and the values
 * released from it with what each withheld (src/records/cohort-results.ts, as a Cohort's).
 *
 * The rule every pooled analysis passes first, the coordinator's version of execute.ts's: the
 * pooled size and the federation's size (every site's registry) are asked, and for a principal
 * under disclosure control an analysis of a small cohort, or of one whose complement in the
 * federation is small, is refused (FORBIDDEN). The sites apply the same rule to their own part.
 */
import type { FederationConfig } from '../../config.js';
import type { ServiceContext } from '../../access/service-context.js';
import { newAccounting } from '../../access/service-context.js';
import type { Disclosed, Suppression } from '../../access/disclosure.js';
import { ApiError } from '../../errors.js';
import { CohortResults } from '../../records/cohort-results.js';
import type { PatientFilter } from '../../records/cohorts.js';
import { SiteFanOut } from './fan-out.js';
import { PooledRelease, pooledKey } from './pooled-release.js';
import type { PeerCount } from '../peer/peer-protocol.js';

const SIZE_SELECTION = 'size { value { count cellKey } }';

export interface PooledSize {
  count: number;
  cellKey: number;
  federationSize: number;
}

export class FederatedCohort {
  readonly results = new CohortResults();
  readonly fanOut: SiteFanOut;
  private size: Promise<PooledSize | string> | null = null;

  constructor(readonly context: ServiceContext, readonly federation: FederationConfig, readonly where: PatientFilter | null) {
    this.fanOut = new SiteFanOut(federation);
  }

  get variables(): { where: PatientFilter | null } {
    return { where: this.where };
  }

  /** The pooled size and the federation's size, asked once per response; a string says why there is none. */
  pooledSize(): Promise<PooledSize | string> {
    this.size ??= (async () => {
      const [cohort, registry] = await Promise.all([
        this.fanOut.everySite<{ size: { value: PeerCount | null } }>(SIZE_SELECTION, '', this.variables),
        this.fanOut.everySite<{ size: { value: PeerCount | null } }>(SIZE_SELECTION, '', { where: null }),
      ]);
      if (!cohort.ok) return cohort.reason;
      if (!registry.ok) return registry.reason;
      const withheldAt = cohort.answers.filter(({ data }) => data.size.value === null).map(({ code }) => code);
      if (withheldAt.length > 0) return `withheld by site ${withheldAt.join(', ')} (its disclosure control)`;
      const values = cohort.answers.map(({ data }) => data.size.value!);
      return {
        count: values.reduce((sum, value) => sum + value.count, 0),
        cellKey: pooledKey(values.map((value) => value.cellKey)),
        federationSize: registry.answers.reduce((sum, { data }) => sum + (data.size.value?.count ?? 0), 0),
      };
    })();
    return this.size;
  }

  /**
   * One pooled value under `responseKey`: its release (the coordinator's policy, suppressions
   * prefixed with `field`) after the common rule; a value that needs a missing site is null with
   * the reason (`compute` returns the reason as a string).
   */
  release<Value>(responseKey: string, field: string, compute: (release: PooledRelease) => Promise<Value | string>): Promise<Disclosed<Value | null>> {
    return this.results.release(responseKey, async () => {
      const withheld: Suppression[] = [];
      const accounting = newAccounting();
      accounting.servedAggregates = true;
      const release = new PooledRelease({ ...this.context, accounting }, field, withheld);
      if (release.controlled && field !== 'size') {
        const size = await this.pooledSize();
        if (typeof size !== 'string') {
          const risk = release.unreleasable(size.count, size.federationSize);
          if (risk !== null) release.guard.refuse(risk);
        }
      }
      const value = await compute(release);
      if (typeof value === 'string') return { result: release.withhold('', value), suppressions: withheld, accounting };
      return { result: value, suppressions: withheld, accounting };
    });
  }
}

/** Federation on a server without FEDERATION_CONFIG. */
export function notACoordinator(): ApiError {
  return new ApiError('BAD_USER_INPUT', 'This server coordinates no federation: start it with FEDERATION_CONFIG=sites.json (docs/federation.md).');
}
