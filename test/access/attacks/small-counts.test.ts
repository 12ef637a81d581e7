/**
 * Attack (or rather, failure): a wrong number instead of a withheld one. A SITE_MANAGER asking for
 * another site's 6-patient cohort used to get `survival { n: 5 events: 0 }` — truth: 6 patients,
 * 2 deaths. Rounding a small count to 0 asserts something false and still narrows it to 1–2.
 * The defence (docs/disclosure.md): a count with 0 < n < k is null, with a suppression at its path;
 * a perturbed count never reaches 0 from a true count above 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/access/api-keys.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
let admin: Record<string, string>;
let manager: Record<string, string>;
let consortium: Record<string, string>;
let otherSite: string;
let otherAges: number[];

const QUERY = `query($w: PatientFilter) { cohort(where: $w) {
  survival { n events curve { nRisk nEvent nCensor } } suppressions { path reason } } }`;

/** Cohorts of the other site's oldest patients, from the smallest size k allows up to `largest`, with no age tie at the cut. */
function oldestCohorts(largest: number): Record<string, unknown>[] {
  const cohorts: Record<string, unknown>[] = [];
  for (let n = 5; n <= largest; n++) {
    if (otherAges[n - 1] === otherAges[n]) continue;
    cohorts.push({ and: [{ site: [otherSite] }, { variable: 'ageAtIndex', gt: (otherAges[n - 1]! + otherAges[n]!) / 2 }] });
  }
  return cohorts;
}

beforeAll(async () => {
  server = await startTestServer({ seed: { patients: 400, sites: 2 }, env: { AUTH_MODE: 'keys', DISCLOSURE_SECRET: 'small-counts-attack-test-secret-0123456789abc' } });
  admin = { authorization: `Bearer ${(await createApiKey(server.db, { role: 'ADMIN' })).key}` };
  const sites = (await server.gql('{ sites { code } }', {}, admin)).data!.sites.map((s: any) => s.code);
  otherSite = sites[1];
  manager = { authorization: `Bearer ${(await createApiKey(server.db, { role: 'SITE_MANAGER', siteCode: sites[0] })).key}` };
  consortium = { authorization: `Bearer ${(await createApiKey(server.db, { role: 'CONSORTIUM_ANALYST' })).key}` };
  otherAges = (await server.gql('query($w: PatientFilter) { patients(where: $w, first: 500) { nodes { ageAtIndex } } }', { w: { site: [otherSite] } }, admin))
    .data!.patients.nodes.map((node: any) => node.ageAtIndex as number).sort((a: number, b: number) => b - a);
});
afterAll(async () => { await server.close(); });

describe('small counts', () => {
  it('withholds the deaths of another site\'s small cohort (null, with a suppression at survival.events) instead of rounding them to 0', async () => {
    let checked = 0;
    for (const where of oldestCohorts(12)) {
      const truth = (await server.gql(QUERY, { w: where }, admin)).data!.cohort.survival;
      if (!(truth.events > 0 && truth.events < 5)) continue;
      const result = await server.gql(QUERY, { w: where }, manager);
      if (result.errors !== undefined) {
        // A released size below k refuses the whole estimate, which is also not a false number.
        expect(result.errors[0]!.extensions!['code']).toBe('FORBIDDEN');
        continue;
      }
      const { survival, suppressions } = result.data!.cohort;
      expect(survival.events).toBeNull();
      expect(suppressions.map((s: any) => s.path)).toContain('survival.events');
      expect(survival.n).toBeGreaterThanOrEqual(5);
      expect(Math.abs(survival.n - truth.n)).toBeLessThanOrEqual(2);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('never answers 0 for a count that is not 0, for any small cohort and any count of its estimate', async () => {
    for (const where of oldestCohorts(20)) {
      const truth = (await server.gql(QUERY, { w: where }, admin)).data!.cohort.survival;
      const result = await server.gql(QUERY, { w: where }, manager);
      if (result.errors !== undefined) continue;
      const { survival, suppressions } = result.data!.cohort;
      if (truth.events > 0) expect(survival.events).not.toBe(0);
      if (survival.events === null) expect(suppressions.map((s: any) => s.path)).toContain('survival.events');
      else expect(survival.events).toBeGreaterThanOrEqual(5);
      for (const point of survival.curve) expect(point.nRisk).toBeGreaterThanOrEqual(5);
      const released = survival.curve.reduce((sum: number, p: any) => sum + p.nEvent, 0);
      if (truth.events > 0 && survival.curve.length > 0 && released === 0) {
        // No step shown: the curve must have been stopped, and say so.
        expect(suppressions.map((s: any) => s.path)).toContain('survival.curve');
      }
    }
  });

  it('withholds small observed deaths of a log-rank group at their path', async () => {
    const compare = (fields: string) => `query($w: PatientFilter) { cohort(where: $w) { compareSurvival(by: { variable: "ascitesAtBaseline" }) { logRank { groups observed } groups { estimate { n } } } ${fields} } }`;
    let checked = 0;
    for (const where of oldestCohorts(80)) {
      const exact = (await server.gql(compare(''), { w: where }, admin)).data?.cohort.compareSurvival;
      if (!exact || exact.groups.some((g: any) => g.estimate.n < 8) || !exact.logRank.observed.some((o: number) => o > 0 && o < 5)) continue;
      const result = await server.gql(compare('suppressions { path }'), { w: where }, consortium);
      expect(result.errors).toBeUndefined();
      const { compareSurvival, suppressions } = result.data!.cohort;
      exact.logRank.observed.forEach((observed: number, g: number) => {
        const released = compareSurvival.logRank.observed[g];
        if (observed > 0 && observed < 5) {
          expect(released).toBeNull();
          expect(suppressions.map((s: any) => s.path)).toContain(`compareSurvival.logRank.observed[${g}]`);
        } else if (released !== null) {
          expect(Math.abs(released - observed)).toBeLessThanOrEqual(2);
        }
      });
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('keeps counts useful for the consortium: the whole cohort\'s deaths within 2 of the truth', async () => {
    const truth = (await server.gql('{ cohort { survival { n events } } }', {}, admin)).data!.cohort.survival;
    const released = (await server.gql('{ cohort { survival { n events } } }', {}, consortium)).data!.cohort.survival;
    expect(Math.abs(released.n - truth.n)).toBeLessThanOrEqual(2);
    expect(Math.abs(released.events - truth.events)).toBeLessThanOrEqual(2);
  });
});
