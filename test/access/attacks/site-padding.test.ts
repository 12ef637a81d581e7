/**
 * Attack: padding by a site analyst. A SITE_ANALYST knows its own site's rows, so it can add
 * exactly j of its own patients to a query about another site,
 *   or: [{ and: [{ site: [other] }, F] }, { and: [{ site: [own] }, { variable: "ageAtIndex", lt: c_j }] }],
 * and watch, as j grows, where the other site's count stops being withheld (n + j reaches k) and
 * where rounding to 5 flips (n + j crosses a multiple of 5 minus 2.5): either point gives n exactly.
 * The defence (docs/disclosure.md, the own-site rule of cell-key perturbation): own-site patients
 * are counted exactly and carry no key, and the small-count rule and the noise apply to the other
 * site's part only — so the answer moves by exactly j and nothing flips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/access/api-keys.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
let admin: Record<string, string>;
let analyst: Record<string, string>;
let consortium: Record<string, string>;
let ownSite: string;
let otherSite: string;
/** Thresholds c with the number of own patients younger than c, as the analyst reads them from its own rows. */
let padding: { cut: number; j: number }[];

/** A filter of the other site's patients older than some age, holding `size` of them or the nearest size with no age tie. */
async function otherSiteOldest(atLeast: number): Promise<{ filter: Record<string, unknown>; n: number }> {
  const ages = (await server.gql('query($w: PatientFilter) { patients(where: $w, first: 500) { nodes { ageAtIndex } } }', { w: { site: [otherSite] } }, admin))
    .data!.patients.nodes.map((node: any) => node.ageAtIndex as number).sort((a: number, b: number) => b - a);
  let n = atLeast;
  while (ages[n - 1] === ages[n]) n += 1;
  return { filter: { variable: 'ageAtIndex', gt: (ages[n - 1]! + ages[n]!) / 2 }, n };
}

const padded = (filter: Record<string, unknown>, cut: number) => ({
  or: [{ and: [{ site: [otherSite] }, filter] }, { and: [{ site: [ownSite] }, { variable: 'ageAtIndex', lt: cut }] }],
});

async function size(where: Record<string, unknown>, headers: Record<string, string>): Promise<{ size: number | null; suppressions: { path: string }[] }> {
  const result = await server.gql('query($w: PatientFilter) { cohort(where: $w) { size suppressions { path } } }', { w: where }, headers);
  expect(result.errors).toBeUndefined();
  return result.data!.cohort;
}

beforeAll(async () => {
  server = await startTestServer({ seed: { patients: 400, sites: 2 }, env: { AUTH_MODE: 'keys', DISCLOSURE_SECRET: 'site-padding-attack-test-secret-0123456789ab' } });
  admin = { authorization: `Bearer ${(await createApiKey(server.db, { role: 'ADMIN' })).key}` };
  const sites = (await server.gql('{ sites { code } }', {}, admin)).data!.sites.map((s: any) => s.code);
  [ownSite, otherSite] = sites;
  analyst = { authorization: `Bearer ${(await createApiKey(server.db, { role: 'SITE_ANALYST', siteCode: ownSite })).key}` };
  consortium = { authorization: `Bearer ${(await createApiKey(server.db, { role: 'CONSORTIUM_ANALYST' })).key}` };
  // The attacker's own knowledge: its own patients' ages (row access to its site).
  const ownAges: number[] = (await server.gql('{ patients(first: 500) { nodes { ageAtIndex } } }', {}, analyst)).data!.patients.nodes
    .map((node: any) => node.ageAtIndex as number).sort((a: number, b: number) => a - b);
  const distinct = [...new Set(ownAges)].slice(1, 13);
  padding = distinct.map((cut) => ({ cut, j: ownAges.filter((age) => age < cut).length }));
});
afterAll(async () => { await server.close(); });

describe('padding with own-site patients', () => {
  it('never reveals a withheld count of the other site: every padded count stays withheld', async () => {
    const { filter, n } = await otherSiteOldest(3);
    expect(n).toBeLessThan(5);
    expect(padding.at(-1)!.j + n).toBeGreaterThan(10);
    for (const { cut } of padding) {
      const answer = await size(padded(filter, cut), analyst);
      expect(answer.size).toBeNull();
      expect(answer.suppressions.map((s) => s.path)).toContain('size');
    }
  });

  it('moves a released count by exactly the padding, so no flip point exists to find', async () => {
    const { filter, n } = await otherSiteOldest(12);
    const offsets = new Set<number>();
    for (const { cut, j } of padding) {
      const answer = await size(padded(filter, cut), analyst);
      expect(answer.size).not.toBeNull();
      offsets.add(answer.size! - j);
    }
    // Every padded answer says the same thing about the other site: one perturbed value within ±2 of n.
    expect(offsets.size).toBe(1);
    const [offset] = [...offsets];
    expect(Math.abs(offset! - n)).toBeLessThanOrEqual(2);
    // The unpadded count of the other site (what the consortium sees) is that same value.
    expect((await size({ and: [{ site: [otherSite] }, filter] }, consortium)).size).toBe(offset);
  });

  it('gives padded survival estimates the same lever-free counts', async () => {
    const { filter } = await otherSiteOldest(12);
    const query = 'query($w: PatientFilter) { cohort(where: $w) { survival { n } } }';
    const offsets = new Set<number>();
    for (const { cut, j } of padding.slice(0, 6)) {
      const result = await server.gql(query, { w: padded(filter, cut) }, analyst);
      expect(result.errors).toBeUndefined();
      offsets.add(result.data!.cohort.survival.n - j);
    }
    expect(offsets.size).toBe(1);
  });

  it('still gives the site analyst exact counts over its own site', async () => {
    const exact = (await size({ site: [ownSite] }, admin)).size;
    expect((await size({ site: [ownSite] }, analyst)).size).toBe(exact);
  });
});
