/**
 * Attack: the means of a cohort A (n patients) and of A plus one patient p give p's value,
 * x = (n+1)·mean(A+p) − n·mean(A); their SDs give |x − mean(A)| through the sums of squares. Here
 * A is "age below p's age" and A+p "age at most p's age", over 400 patients and two sites, for 40
 * patients spread over the age range, and the attacker is granted the exact n.
 *
 * Defence (src/access/perturbed-summary.ts): the mean and SD carry noise keyed by the records,
 * of scale c·σ/n on the mean (c = 2), so the implied sums move by about c·σ. The protection
 * interval asserted: the estimate misses by more than σ/4 for at least two thirds of the targets,
 * and by more than σ/2 at the median, for a consortium analyst and for a site analyst going after
 * the other site's patients; asking for the same records again gives the same noise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAttackServer, type AttackServer, type Role } from './attack-server.js';

const TARGET = 'totalActivityGbq';
const SUMMARY = `query($w: PatientFilter, $v: [String!]) { cohort(where: $w) { characteristics(variables: $v) { n summary { n mean sd median min max } } } }`;

let attack: AttackServer;
let ages: { age: number; site: string }[];
beforeAll(async () => {
  attack = await startAttackServer({ patients: 400, sites: 2 });
  const rows = (await attack.ask('ADMIN', '{ patients(first: 500) { nodes { ageAtIndex site { code } } } }')).data!.patients.nodes;
  ages = rows.map((r: any) => ({ age: r.ageAtIndex as number, site: r.site.code as string })).sort((a: any, b: any) => a.age - b.age);
});
afterAll(async () => { await attack?.close(); });

async function summary(role: Role, where: unknown) {
  return (await attack.ask(role, SUMMARY, { w: where, v: [TARGET] })).data!.cohort.characteristics[0].summary as { n: number | null; mean: number | null; sd: number | null; min: number | null; max: number | null };
}

/** 40 patients with a unique age, spread over the range (every 4th), whose value of TARGET the administrator knows. */
function targets(site?: (code: string) => boolean) {
  const unique = ages.filter((a, i) => ages[i - 1]?.age !== a.age && ages[i + 1]?.age !== a.age);
  return unique.filter((a) => site === undefined || site(a.site)).filter((_, i) => i >= 20 && i % 4 === 0).slice(0, 40);
}

async function differencingErrors(role: Role, chosen: { age: number }[]) {
  const meanErrors: number[] = [];
  const sdErrors: number[] = [];
  let sigma = 0;
  for (const { age } of chosen) {
    const below = { variable: 'ageAtIndex', lt: age };
    const upTo = { variable: 'ageAtIndex', lte: age };
    const exact1 = await summary('ADMIN', below);
    const exact2 = await summary('ADMIN', upTo);
    const alone = await summary('ADMIN', { variable: 'ageAtIndex', eq: String(age) });
    const n = exact1.n!;
    if (exact2.n !== n + 1) continue;
    const x = alone.mean!;
    // The attack works on exact releases: the patient's value to rounding error.
    expect((n + 1) * exact2.mean! - n * exact1.mean!).toBeCloseTo(x, 6);
    const released1 = await summary(role, below);
    const released2 = await summary(role, upTo);
    expect([released1.min, released1.max, released2.min, released2.max]).toEqual([null, null, null, null]);
    sigma = exact2.sd!;
    meanErrors.push(Math.abs((n + 1) * released2.mean! - n * released1.mean! - x) / sigma);
    const squares = (s: { sd: number | null }, size: number) => (size - 1) * s.sd! ** 2;
    const distance = Math.sqrt(Math.max(0, ((n + 1) / n) * (squares(released2, n + 1) - squares(released1, n))));
    sdErrors.push(Math.abs(distance - Math.abs(x - exact1.mean!)) / sigma);
  }
  return { meanErrors, sdErrors, sigma };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('mean differencing', () => {
  it.each([
    ['CONSORTIUM_ANALYST' as Role, undefined],
    ['SITE_ANALYST' as Role, 'other site'],
  ])('misses the isolated patient by more than the protection interval (%s)', async (role, which) => {
    const chosen = targets(which === undefined ? undefined : (code) => code !== attack.ownSite);
    const { meanErrors, sdErrors } = await differencingErrors(role, chosen);
    expect(meanErrors.length).toBeGreaterThanOrEqual(30);
    expect(meanErrors.filter((e) => e > 0.25).length).toBeGreaterThanOrEqual((2 / 3) * meanErrors.length);
    expect(median(meanErrors)).toBeGreaterThan(0.5);
    expect(median(sdErrors)).toBeGreaterThan(0.25);
  });

  it('gives the same records the same noise however they are asked for, so repeats do not average out', async () => {
    const age = targets()[0]!.age;
    const plain = await summary('CONSORTIUM_ANALYST', { variable: 'ageAtIndex', lt: age });
    const rephrased = await summary('CONSORTIUM_ANALYST', { and: [{ variable: 'ageAtIndex', lt: age }, { not: { variable: 'ageAtIndex', gte: age } }] });
    const again = await summary('CONSORTIUM_ANALYST', { variable: 'ageAtIndex', lt: age });
    const exact = await summary('ADMIN', { variable: 'ageAtIndex', lt: age });
    expect(rephrased.mean).toBe(plain.mean);
    expect(again.mean).toBe(plain.mean);
    expect(plain.mean).not.toBe(exact.mean);
  });
});
