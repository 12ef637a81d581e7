/**
 * Attack: intersect two releases of one count. If `Site.patientCount` were rounded to 5 while
 * `cohort(where: {site: [X]}) { size }` is cell-key perturbed (±2), the two intervals together
 * would pin the count more tightly than either. Defence: both are the cell-key count of the same
 * set of patients, so they are one number; the site's own roles and administrators get it exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAttackServer, type AttackServer } from './attack-server.js';

let attack: AttackServer;

beforeAll(async () => {
  attack = await startAttackServer({ patients: 400, sites: 3 });
});

afterAll(async () => {
  await attack?.close();
});

const SITES = '{ sites { code patientCount } }';
const SIZE = 'query ($site: [String!]!) { cohort(where: { site: $site }) { size } }';

describe('one release per count: site patient counts', () => {
  it('a consortium key sees each site count as the perturbed size of that site, never a rounded one', async () => {
    const truth = (await attack.ask('ADMIN', SITES)).data!.sites as { code: string; patientCount: number }[];
    const released = (await attack.ask('CONSORTIUM_ANALYST', SITES)).data!.sites as { code: string; patientCount: number }[];
    let unrounded = 0;
    for (const site of released) {
      const exact = truth.find((t) => t.code === site.code)!.patientCount;
      const size = (await attack.ask('CONSORTIUM_ANALYST', SIZE, { site: [site.code] })).data!.cohort.size;
      expect(site.patientCount).toBe(size);
      expect(Math.abs(site.patientCount - exact)).toBeLessThanOrEqual(2);
      if (site.patientCount % 5 !== 0) unrounded += 1;
    }
    expect(unrounded).toBeGreaterThan(0);
  });

  it("a site analyst sees its own site's count exact and the others' as the consortium does", async () => {
    const truth = (await attack.ask('ADMIN', SITES)).data!.sites as { code: string; patientCount: number }[];
    const consortium = (await attack.ask('CONSORTIUM_ANALYST', SITES)).data!.sites as { code: string; patientCount: number }[];
    const analyst = (await attack.ask('SITE_ANALYST', SITES)).data!.sites as { code: string; patientCount: number }[];
    for (const site of analyst) {
      const expected = site.code === attack.ownSite ? truth : consortium;
      expect(site.patientCount).toBe(expected.find((t) => t.code === site.code)!.patientCount);
    }
  });
});
