/**
 * The data version the result cache keys on is kept by the database itself: every insert, update
 * and delete of a table analyses read moves it, whatever code (or connection) writes, while writes
 * that change no patient data (audit log, API keys, saved cohort definitions) leave it alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentDataVersion } from '../../src/store/data-version.js';
import { seedDemoDatabase } from '../../src/records/demo-database.js';
import { createApiKey } from '../../src/access/api-keys.js';
import { createTestDatabase, sqlRun, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoDatabase(database.db, { patients: 20, sites: 2 });
});
afterAll(() => database.close());

const run = (sql: string) => sqlRun(database.db, sql);

describe('the data version', () => {
  it.each([
    ['sites', "UPDATE sites SET name = name || ' ' WHERE id = (SELECT min(id) FROM sites)"],
    ['patients', 'UPDATE patients SET ecog = ecog WHERE id = (SELECT min(id) FROM patients)'],
    ['prior_therapies', `DELETE FROM prior_therapies WHERE patient_id = (SELECT min(patient_id) FROM prior_therapies)
      AND therapy = (SELECT min(therapy) FROM prior_therapies WHERE patient_id = (SELECT min(patient_id) FROM prior_therapies))`],
    ['treatments', 'UPDATE treatments SET activity_gbq = activity_gbq WHERE id = (SELECT min(id) FROM treatments)'],
    ['lab_results', 'UPDATE lab_results SET value = value + 1 WHERE id = (SELECT min(id) FROM lab_results)'],
    ['imaging_studies', 'DELETE FROM imaging_studies WHERE id = (SELECT min(id) FROM imaging_studies)'],
    ['follow_up_therapies', 'DELETE FROM follow_up_therapies WHERE id = (SELECT min(id) FROM follow_up_therapies)'],
    ['site_reference_ranges', `INSERT INTO site_reference_ranges (site_id, analyte, upper_limit_of_normal) VALUES ((SELECT min(id) FROM sites), 'INR', 1.2)
      ON CONFLICT (site_id, analyte) DO UPDATE SET upper_limit_of_normal = excluded.upper_limit_of_normal`],
  ])('moves on a write to %s by plain SQL', async (_, sql) => {
    const before = await currentDataVersion(database.db);
    expect(await run(sql)).toBe(1);
    expect(await currentDataVersion(database.db)).not.toBe(before);
  });

  it('stays for writes that change no patient data', async () => {
    const before = await currentDataVersion(database.db);
    await createApiKey(database.db, { role: 'ADMIN' });
    await run("INSERT INTO saved_cohorts (name, filter_json) VALUES ('data version probe', '{}')");
    expect(await currentDataVersion(database.db)).toBe(before);
  });
});
