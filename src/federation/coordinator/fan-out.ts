/**
 * Asks every configured site the same peer query, in parallel, and keeps how each answered for the
 * response (FederatedCohort.sites). A pooled number needs every site: `everySite` gives the sites'
 * data when all answered, else the reason naming each site that did not (DOWN or REFUSED), which
 * the caller turns into a null with that reason, never into a number over the sites that answered.
 */
import type { FederationConfig } from '../../config.js';
import { PEER_PROTOCOL_VERSION } from '../peer/peer-protocol.js';
import { askSite, type SiteOutcome } from './site-client.js';

export type SiteStatus = 'UP' | 'DOWN' | 'REFUSED';

export interface SiteReport {
  code: string;
  status: SiteStatus;
  error: string | null;
}

export type EverySite<Data> = { ok: true; answers: { code: string; data: Data }[] } | { ok: false; reason: string };

const SEVERITY: Record<SiteStatus, number> = { UP: 0, REFUSED: 1, DOWN: 2 };

export class SiteFanOut {
  private readonly reports = new Map<string, SiteReport>();

  constructor(private readonly federation: FederationConfig) {}

  /** The peer query `federationPeer(version, where) { <selection> }` with the given variable definitions. */
  async ask<Data>(selection: string, variableDefinitions: string, variables: Record<string, unknown>): Promise<{ code: string; outcome: SiteOutcome<Data> }[]> {
    const definitions = ['$where: PatientFilter', ...(variableDefinitions === '' ? [] : [variableDefinitions])].join(', ');
    const query = `query FederationPeer(${definitions}) { federationPeer(version: ${PEER_PROTOCOL_VERSION}, where: $where) { ${selection} } }`;
    return Promise.all(this.federation.sites.map(async (site) => {
      const outcome = await askSite<{ federationPeer: Data }>(site, this.federation, query, variables);
      this.note(site.code, outcome.status === 'UP' ? null : outcome.error, outcome.status);
      return { code: site.code, outcome: outcome.status === 'UP' ? { status: 'UP' as const, data: outcome.data.federationPeer } : outcome };
    }));
  }

  /** As `ask`, for a pooled number: every site's data, or why not. */
  async everySite<Data>(selection: string, variableDefinitions: string, variables: Record<string, unknown>): Promise<EverySite<Data>> {
    const outcomes = await this.ask<Data>(selection, variableDefinitions, variables);
    const missing = outcomes.flatMap(({ code, outcome }) => (outcome.status === 'UP' ? [] : [`site ${code} is ${outcome.status} (${outcome.error})`]));
    if (missing.length > 0) return { ok: false, reason: `not pooled: ${missing.join('; ')}` };
    return { ok: true, answers: outcomes.map(({ code, outcome }) => ({ code, data: (outcome as { data: Data }).data })) };
  }

  private note(code: string, error: string | null, status: SiteStatus): void {
    const known = this.reports.get(code);
    if (known === undefined || SEVERITY[status] > SEVERITY[known.status]) this.reports.set(code, { code, status, error });
  }

  /** How each site answered the calls made so far (the worst of its answers); sites not asked yet are absent. */
  reportsSoFar(): SiteReport[] {
    return this.federation.sites.flatMap((site) => this.reports.get(site.code) ?? []);
  }

  get asked(): boolean {
    return this.reports.size > 0;
  }
}
