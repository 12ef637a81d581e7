/**
 * Seeding a database: one transaction that violates no constraint, counts that match the
 * generated rows, the published counts again by SQL, a refusal of a database that already holds
 * patients, and a scaled cohort over several sites.
 */
import { describe, expect, it } from 'vitest';
import { DemoDatabaseNotEmptyError, generateDemoCohort, seedDemoCohort } from '../../src/demo/index.js';
import { createTestDatabase } from '../helpers/database.js';

function count(db: Awaited<ReturnType<typeof createTestDatabase>>['db'], sql: string): number {
  return (db.$client.prepare(sql).get() as { n: number }).n;
}

describe('seedDemoCohort', () => {
  it('writes every generated row, keeping every constraint and foreign key', async () => {
    const { db } = await createTestDatabase();
    const summary = await seedDemoCohort(db);
    const cohort = generateDemoCohort();
    expect(summary).toEqual({
      sites: 1,
      siteReferenceRanges: cohort.siteReferenceRanges.length,
      patients: 93,
      priorTherapies: 70,
      treatments: 168,
      labResults: cohort.labResults.length,
      imagingStudies: 145,
      followUpTherapies: 10,
      clinicalEvents: cohort.clinicalEvents.length,
    });
    expect(count(db, 'SELECT count(*) AS n FROM lab_results')).toBe(cohort.labResults.length);
    expect(db.$client.pragma('foreign_key_check')).toEqual([]);
    expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('reproduces the published counts in SQL', async () => {
    const { db } = await createTestDatabase();
    await seedDemoCohort(db);
    expect(count(db, "SELECT count(*) AS n FROM patients WHERE vital_status = 'DEAD'")).toBe(42);
    expect(count(db, "SELECT count(*) AS n FROM patients WHERE (julianday(coalesce(death_date, last_follow_up_date)) - julianday(index_date)) / 30.4375 >= 12")).toBe(52);
    expect(count(db, `SELECT count(*) AS n FROM (SELECT patient_id FROM treatments GROUP BY patient_id
      HAVING sum(target = 'RIGHT_LOBE') > 0 AND sum(target = 'LEFT_LOBE') > 0)`)).toBe(45);
    expect(count(db, `SELECT count(*) AS n FROM lab_results l JOIN patients p ON p.id = l.patient_id
      WHERE l.analyte = 'ALP' AND l.collected_on <= p.index_date AND l.value > 2.5 * l.upper_limit_of_normal`)).toBe(16);
    expect(count(db, "SELECT count(DISTINCT patient_id) AS n FROM treatments WHERE target = 'WHOLE_LIVER' AND patient_id IN (SELECT patient_id FROM prior_therapies WHERE therapy = 'RESECTION')")).toBe(3);
    expect(count(db, 'SELECT count(*) AS n FROM lab_results l JOIN patients p ON p.id = l.patient_id WHERE l.collected_on > coalesce(p.death_date, p.last_follow_up_date)')).toBe(0);
  });

  it('refuses a database that already holds patients, writing nothing', async () => {
    const { db } = await createTestDatabase();
    await seedDemoCohort(db);
    await expect(seedDemoCohort(db, { seed: 2 })).rejects.toThrow(DemoDatabaseNotEmptyError);
    expect(count(db, 'SELECT count(*) AS n FROM patients')).toBe(93);
  });

  it('seeds a scaled cohort over several sites, each with its reference ranges', async () => {
    const { db } = await createTestDatabase();
    const summary = await seedDemoCohort(db, { patients: 2000, sites: 2 });
    expect(summary.patients).toBe(2000);
    expect(summary.sites).toBe(2);
    expect(summary.siteReferenceRanges).toBe(16);
    const perSite = db.$client.prepare('SELECT s.code AS code, count(*) AS n FROM patients p JOIN sites s ON s.id = p.site_id GROUP BY s.code ORDER BY s.code').all();
    expect(perSite).toEqual([{ code: 'SITE01', n: 1000 }, { code: 'SITE02', n: 1000 }]);
    const deathShare = count(db, "SELECT count(*) AS n FROM patients WHERE vital_status = 'DEAD'") / 2000;
    expect(deathShare).toBeCloseTo(42 / 93, 2);
    expect(count(db, `SELECT count(*) AS n FROM lab_results l JOIN patients p ON p.id = l.patient_id JOIN site_reference_ranges r
      ON r.site_id = p.site_id AND r.analyte = l.analyte WHERE r.upper_limit_of_normal IS NOT l.upper_limit_of_normal`)).toBe(0);
    expect(db.$client.pragma('foreign_key_check')).toEqual([]);
  });
});
