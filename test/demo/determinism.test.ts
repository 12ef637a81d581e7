/** The demo cohort is a pure function of (seed, patients, sites): same options, byte-identical rows. */
import { describe, expect, it } from 'vitest';
import { generateDemoCohort } from '../../src/demo/index.js';

describe('generateDemoCohort determinism', () => {
  it('gives byte-identical rows for the same seed', () => {
    expect(JSON.stringify(generateDemoCohort())).toBe(JSON.stringify(generateDemoCohort()));
    expect(JSON.stringify(generateDemoCohort({ seed: 7, patients: 300, sites: 3 }))).toBe(JSON.stringify(generateDemoCohort({ seed: 7, patients: 300, sites: 3 })));
  });

  it('gives other data for another seed', () => {
    const first = generateDemoCohort({ seed: 1 });
    const second = generateDemoCohort({ seed: 2 });
    expect(first.patients.map((p) => p.indexDate)).not.toEqual(second.patients.map((p) => p.indexDate));
    expect(first.labResults.map((l) => l.value)).not.toEqual(second.labResults.map((l) => l.value));
  });

  it('keys every row by the temporary ids of its site and patient', () => {
    const cohort = generateDemoCohort({ patients: 120, sites: 3 });
    expect(cohort.sites.map((site) => [site.id, site.code])).toEqual([[1, 'SITE01'], [2, 'SITE02'], [3, 'SITE03']]);
    expect(cohort.patients.map((p) => p.id)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const patientIds = new Set(cohort.patients.map((p) => p.id));
    for (const rows of [cohort.priorTherapies, cohort.treatments, cohort.labResults, cohort.imagingStudies, cohort.followUpTherapies]) {
      for (const row of rows) expect(patientIds.has(row.patientId)).toBe(true);
    }
    expect(new Set(cohort.patients.map((p) => p.siteId))).toEqual(new Set([1, 2, 3]));
  });

  it('rejects options it cannot honour', () => {
    expect(() => generateDemoCohort({ patients: 10 })).toThrow(/patients must be an integer ≥ 20/);
    expect(() => generateDemoCohort({ patients: 50, sites: 0 })).toThrow(/sites must be an integer from 1 to 50/);
    expect(() => generateDemoCohort({ seed: 1.5 })).toThrow(/seed must be an integer/);
  });
});
