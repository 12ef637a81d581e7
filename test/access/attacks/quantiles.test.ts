/**
 * Attack: quantiles of a small cohort are patients' values. With 5 patients, R's type-7 q1,
 * median and q3 are exactly the 2nd, 3rd and 4th values, and min and max the other two, so a
 * Table 1 row gives the whole column.
 *
 * Defence (src/access/perturbed-summary.ts): quartiles are withheld below 2k = 10 patients (and
 * listed in suppressions), min and max always; from 10 on the quartiles carry the records' noise,
 * so a released quartile is not any patient's recorded value. The same rule holds per timepoint in
 * lab trajectories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAttackServer, type AttackServer } from './attack-server.js';

const VARIABLES = ['ageAtIndex', 'totalActivityGbq', 'followUpMonths'];
const TABLE = `query($w: PatientFilter, $v: [String!]) { cohort(where: $w) { characteristics(variables: $v) { variable n summary { n mean median q1 q3 min max } } suppressions { path reason } } }`;

let attack: AttackServer;
let oldest: number[];
beforeAll(async () => {
  attack = await startAttackServer({ patients: 400, sites: 2 });
  const rows = (await attack.ask('ADMIN', '{ patients(first: 500) { nodes { ageAtIndex } } }')).data!.patients.nodes;
  oldest = rows.map((r: any) => r.ageAtIndex as number).sort((a: number, b: number) => b - a);
});
afterAll(async () => { await attack?.close(); });

/** The cohort of the j oldest patients (ages are unique at the top of this registry). */
const oldestOf = (j: number) => ({ variable: 'ageAtIndex', gte: oldest[j - 1] });

describe('quantiles of small cohorts', () => {
  it.each([5, 6, 7, 8, 9])('withholds the quartiles of a %i-patient cohort, whose exact quartiles are its patients\' values', async (j) => {
    expect(oldest[j - 1]).not.toBe(oldest[j]);
    const exact = (await attack.ask('ADMIN', TABLE, { w: oldestOf(j), v: VARIABLES })).data!.cohort;
    const ages = oldest.slice(0, j);
    const exactAge = exact.characteristics[0].summary;
    expect(exactAge.n).toBe(j);
    if (j === 5) expect([exactAge.q1, exactAge.median, exactAge.q3].every((q: number) => ages.includes(q))).toBe(true);

    const released = (await attack.ask('CONSORTIUM_ANALYST', TABLE, { w: oldestOf(j), v: VARIABLES })).data!.cohort;
    const paths = released.suppressions.map((s: any) => s.path);
    released.characteristics.forEach((row: any, index: number) => {
      expect([row.summary.median, row.summary.q1, row.summary.q3, row.summary.min, row.summary.max]).toEqual([null, null, null, null, null]);
      if (row.summary.mean !== null) {
        for (const statistic of ['median', 'q1', 'q3', 'min', 'max']) expect(paths).toContain(`characteristics[${index}].summary.${statistic}`);
      }
    });
  });

  it('releases quartiles from 10 patients on, perturbed off every recorded value', async () => {
    const cohort = { variable: 'ageAtIndex', gte: oldest[39] };
    const exact = (await attack.ask('ADMIN', TABLE, { w: cohort, v: VARIABLES })).data!.cohort.characteristics;
    const values = (await attack.ask('ADMIN', `query($w: PatientFilter) { patients(where: $w, first: 500) { nodes { ageAtIndex } } }`, { w: cohort })).data!.patients.nodes.map((n: any) => n.ageAtIndex);
    const released = (await attack.ask('CONSORTIUM_ANALYST', TABLE, { w: cohort, v: VARIABLES })).data!.cohort.characteristics;
    const age = released[0].summary;
    expect(exact[0].summary.n).toBe(40);
    for (const statistic of ['median', 'q1', 'q3']) {
      expect(age[statistic]).not.toBeNull();
      expect(values).not.toContain(age[statistic]);
      expect(age[statistic]).not.toBe(exact[0].summary[statistic]);
    }
    expect(age.q1).toBeLessThanOrEqual(age.median);
    expect(age.median).toBeLessThanOrEqual(age.q3);
  });

  it('withholds per-timepoint quartiles of a small lab trajectory', async () => {
    const query = `query($w: PatientFilter) { cohort(where: $w) { labTrajectory(analyte: ALP) { summary { timepoint n mean median q1 q3 min max } } suppressions { path } } }`;
    const exact = (await attack.ask('ADMIN', query, { w: oldestOf(9) })).data!.cohort.labTrajectory.summary;
    const released = (await attack.ask('CONSORTIUM_ANALYST', query, { w: oldestOf(9) })).data!.cohort;
    expect(exact.some((point: any) => point.n >= 5 && point.median !== null)).toBe(true);
    for (const point of released.labTrajectory.summary) {
      expect([point.median, point.q1, point.q3, point.min, point.max]).toEqual([null, null, null, null, null]);
    }
  });
});
