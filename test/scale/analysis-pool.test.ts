/**
 * Analyses on the worker pool, over a registry file:
 *   - a long analysis does not hold up a light query, asserted by the order of the responses
 *     (never by their timing): the light query is sent once the analysis is known to be under
 *     way, and must come back first;
 *   - the pool answers exactly what the same application answers inline over an in-memory copy of
 *     the same data: results, disclosure suppressions, and errors with their code, argument and
 *     details, for an administrator and for a consortium analyst under disclosure control;
 *   - the time limit answers ANALYSIS_TIMEOUT;
 *   - the result cache serves repeats, keeps principals apart, and forgets everything on a write,
 *     this server's (GraphQL mutations) or another connection's (the data_version triggers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sqliteStoreOf, type Store } from '../../src/store/database.js';
import { migrateDatabase } from '../../src/store/migrate.js';
import { createApiKey } from '../../src/access/api-keys.js';
import { storedDisclosureSecret } from '../../src/store/disclosure-secret.js';
import { serveDatabase, type FileServer } from './file-server.js';
import { writeSeededRegistry } from './seeded-registry.js';

/** Enough patients that the heavy request below keeps a worker busy for a good second. */
const PATIENTS = 6_000;
const SITES = 4;

let folder: string;
let file: string;
let db: Store;
let memoryCopy: Database.Database;
let pool: FileServer;
let inline: FileServer;
const keys: Record<'ADMIN' | 'CONSORTIUM_ANALYST', string> = { ADMIN: '', CONSORTIUM_ANALYST: '' };

/**
 * The image of a WAL database, marked as a rollback-journal one (file format version bytes 18 and
 * 19: 2 is WAL, 1 legacy; https://sqlite.org/fileformat.html#file_format_version_numbers), since an
 * in-memory database cannot open a WAL file.
 */
function inRollbackJournalMode(image: Buffer): Buffer {
  image[18] = 1;
  image[19] = 1;
  return image;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'analysis-pool-'));
  file = join(folder, 'registry.sqlite');
  await writeSeededRegistry(file, { patients: PATIENTS, sites: SITES });
  db = openDatabase(`file:${file}`);
  await migrateDatabase(db);
  keys.ADMIN = (await createApiKey(db, { role: 'ADMIN' })).key;
  keys.CONSORTIUM_ANALYST = (await createApiKey(db, { role: 'CONSORTIUM_ANALYST' })).key;
  // Created before the copy is taken, so both servers perturb with the same cell-key secret.
  await storedDisclosureSecret(db);
  memoryCopy = new Database(inRollbackJournalMode(db.$client.serialize()));
  pool = await serveDatabase(db);
  inline = await serveDatabase(sqliteStoreOf(memoryCopy));
}, 300_000);

afterAll(async () => {
  await pool?.close();
  await inline?.close();
  db?.$client.close();
  memoryCopy?.close();
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

const SIX_COVARIATES = '[{ variable: "ageAtIndex" }, { variable: "sex" }, { variable: "ecog" }, { variable: "tumorBurden" }, { variable: "ascitesAtBaseline" }, { variable: "extrahepaticMetastases" }]';

const cohortQuery = (fields: string) => `query($where: PatientFilter, $id: ID) { cohort(where: $where, id: $id) { ${fields} suppressions { path reason } } }`;

describe('a long analysis', () => {
  it('does not block a concurrent light query', async () => {
    const heavyQuery = cohortQuery(`
      toxicityTable(worstWithin: { fromDay: 1, toDay: 730 }) { rows { analyte timepoint measured } }
      coxScreen(covariates: [{ variable: "lab.ALBUMIN.BASELINE" }, { variable: "grade.ALP.BASELINE" }, { variable: "treatmentDistribution" }, { variable: "childPugh" }]) { selected }
      characteristics { variable n }`);
    const order: string[] = [];
    const heavy = pool.gql(heavyQuery, {}, keys.ADMIN).then((response) => { order.push('heavy'); return response; });
    while (!order.includes('heavy') && ((await pool.analyses()).pool?.inFlight ?? 0) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const light = await pool.gql('{ sites { code } }', {}, keys.ADMIN);
    order.push('light');
    const heavyResponse = await heavy;

    expect(order).toEqual(['light', 'heavy']);
    expect(light.errors).toBeUndefined();
    expect(light.data!.sites).toHaveLength(SITES);
    expect(heavyResponse.errors).toBeUndefined();
    expect(heavyResponse.data!.cohort.characteristics.length).toBeGreaterThan(0);
  });
});

const ANALYSES: Record<string, string> = {
  survival: 'survival(options: { times: [12, 24], confType: LOG_LOG }) { n events median { estimate lower upper } curve { time nRisk nEvent survival lower upper } atTimes { time survival } }',
  compareSurvival: 'compareSurvival(by: { variable: "tumorBurden" }, strata: { variable: "sex" }) { n warnings groups { label estimate { n events median { estimate } } } logRank { statistic df p observed expected } }',
  coxRegression: `coxRegression(covariates: ${SIX_COVARIATES}, interactions: [["ascitesAtBaseline", "extrahepaticMetastases"]]) { n events converged warnings terms { name coef hazardRatio lower upper p } concordance }`,
  coxScreen: `coxScreen(covariates: ${SIX_COVARIATES}, threshold: 0.01) { selected univariate { covariate p } multivariable { n terms { name hazardRatio } } }`,
  crossTab: 'crossTab(rows: { variable: "tumorBurden" }, columns: { variable: "ascitesAtBaseline" }) { rowLabels columnLabels counts n fisher { p oddsRatio } }',
  labTrajectory: 'labTrajectory(analyte: ALP, by: { variable: "sex" }, adjustFor: { variable: "tumorBurden" }) { summary { timepoint n mean sd median } anova { nComplete F p } adjustedAnova { F p } groups { label n } warnings }',
  toxicityTable: 'toxicityTable(version: V4_03, worstWithin: { fromDay: 1, toDay: 365 }) { cohortSize rows { analyte timepoint measured notGradable patientsByGrade { grade patients } } worstWithin { patientsWithAnyGradeAtLeast { grade patients } } }',
  cumulativeIncidence: 'cumulativeIncidence(endpoint: { preset: TTP }, by: { variable: "ascitesAtBaseline" }, options: { times: [12] }) { groups { label n causes { cause events curve { time nRisk estimate lower upper } atTimes { time estimate } } } grayTest { cause statistic df p } }',
  fineGray: 'fineGray(endpoint: { events: [{ kind: DEATH, cause: TUMOR }], competing: [{ kind: DEATH, cause: LIVER }] }, covariates: [{ variable: "ascitesAtBaseline" }, { variable: "ageAtIndex" }]) { n events terms { name coef se p } likelihoodRatio { statistic p } excluded { count reason } }',
  followUp: 'followUp(endpoint: { preset: PFS }, options: { timeUnit: YEARS }) { n median { estimate lower upper } method }',
  characteristics: 'characteristics(variables: ["ageAtIndex", "sex", "ecog", "grade.ALP.BASELINE", "treatmentDistribution"]) { variable n missing levels { level count percent } summary { n mean median } }',
};

/** The first saved study subgroup (followed more than a year) intersected with a filter, exercising both halves of a cohort definition. */
const COHORT = { id: '1', where: { site: ['SITE01', 'SITE02', 'SITE03'] } };

describe('the pool answers what inline execution answers', () => {
  it.each(Object.keys(ANALYSES).flatMap((name) => [[name, 'ADMIN'], [name, 'CONSORTIUM_ANALYST']] as const))('%s for %s', async (name, role) => {
    const query = cohortQuery(ANALYSES[name]!);
    const [fromPool, fromInline] = await Promise.all([pool.gql(query, COHORT, keys[role]), inline.gql(query, COHORT, keys[role])]);
    expect(fromPool.errors).toBeUndefined();
    expect(fromPool).toEqual(fromInline);
  });

  it('reports disclosure suppressions through the pool', async () => {
    // A time past the end of follow-up has fewer than k at risk (the whole curve of 6,000 patients on a monthly grid may end with k or more).
    const response = await pool.gql(cohortQuery('survival(options: { times: [10000] }) { n curve { time } atTimes { time } }'), {}, keys.CONSORTIUM_ANALYST);
    expect(response.data!.cohort.suppressions.map((s: { path: string }) => s.path)).toContain('survival.atTimes[0]');
  });

  /** An age that only a few patients are at or under (the oldest ages are capped, so many patients share them). */
  function tinyGroupCut(): number {
    const cut = db.$client.prepare('SELECT max(age) FROM (SELECT age_at_index AS age FROM patients ORDER BY age_at_index LIMIT 3)').pluck().get() as number;
    const atOrUnder = db.$client.prepare('SELECT count(*) FROM patients WHERE age_at_index <= ?').pluck().get(cut) as number;
    expect(atOrUnder).toBeLessThan(5);
    return cut;
  }
  const failures: [string, () => { query: string; variables: Record<string, unknown>; role: keyof typeof keys }, string, Record<string, unknown>][] = [
    ['an unknown variable', () => ({ query: cohortQuery('coxRegression(covariates: [{ variable: "nope" }]) { n }'), variables: {}, role: 'ADMIN' }), 'BAD_USER_INPUT', { argument: 'covariates[0].variable' }],
    ['an empty cohort', () => ({ query: cohortQuery('survival { n }'), variables: { where: { variable: 'ageAtIndex', gt: 129 } }, role: 'ADMIN' }), 'BAD_USER_INPUT', { argument: 'where' }],
    ['a two-level factor given levels of the wrong kind', () => ({ query: cohortQuery('crossTab(rows: { variable: "ageAtIndex", levels: ["A"] }, columns: { variable: "sex" }) { n }'), variables: {}, role: 'ADMIN' }), 'BAD_USER_INPUT', { argument: 'rows.levels' }],
    ['a covariate measured after the time origin', () => ({ query: cohortQuery('coxRegression(covariates: [{ variable: "grade.ALP.YEAR_1" }]) { n }'), variables: {}, role: 'ADMIN' }), 'IMMORTAL_TIME_BIAS', { argument: 'covariates[0].variable', landmarkMonths: 15 }],
    ['a group under the disclosure threshold', () => ({ query: cohortQuery(`compareSurvival(by: { variable: "ageAtIndex", above: ${tinyGroupCut()} }) { n }`), variables: {}, role: 'CONSORTIUM_ANALYST' }), 'FORBIDDEN', { threshold: 5 }],
  ];

  it.each(failures)('refuses %s with the same error', async (_, request, code, extensions) => {
    const { query, variables, role } = request();
    const [fromPool, fromInline] = await Promise.all([pool.gql(query, variables, keys[role]), inline.gql(query, variables, keys[role])]);
    expect(fromPool.errors).toHaveLength(1);
    expect(fromPool.errors![0]!.extensions).toMatchObject({ code, ...extensions });
    expect(fromPool).toEqual(fromInline);
  });
});

describe('the time limit', () => {
  it('answers ANALYSIS_TIMEOUT when an analysis takes longer', async () => {
    const hurried = await serveDatabase(db, { ANALYSIS_TIMEOUT_MS: '1', ANALYSIS_CACHE_ENTRIES: '0' });
    try {
      const response = await hurried.gql(cohortQuery(`coxRegression(covariates: ${SIX_COVARIATES}) { n }`), {}, keys.ADMIN);
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]!.extensions).toMatchObject({ code: 'ANALYSIS_TIMEOUT', timeoutMs: 1 });
      expect(response.errors![0]!.path).toEqual(['cohort', 'coxRegression']);
      expect((await hurried.analyses()).pool!.timedOut).toBe(1);
    } finally {
      await hurried.close();
    }
  });
});

describe('the result cache', () => {
  const trajectory = cohortQuery('labTrajectory(analyte: ALP, timepoints: [BASELINE, MONTH_6]) { summary { timepoint n mean } }');
  const baselineMean = (response: { data?: any }) => response.data.cohort.labTrajectory.summary[0].mean as number;

  /** The ALP result that the BASELINE timepoint picks for the first patient who has one (the pick rule of src/store/patient-variables.ts). */
  function pickedBaselineAlp() {
    return db.$client.prepare(`
      SELECT l.id, l.collected_on AS collectedOn, l.value, l.unit, p.external_id AS externalId, s.code AS siteCode
      FROM patients p JOIN sites s ON s.id = p.site_id
      JOIN lab_results l ON l.id = (SELECT r.id FROM lab_results r WHERE r.patient_id = p.id AND r.analyte = 'ALP'
        AND julianday(r.collected_on) - julianday(p.index_date) BETWEEN -90 AND 0
        ORDER BY abs(julianday(r.collected_on) - julianday(p.index_date)), r.collected_on LIMIT 1)
      ORDER BY p.id LIMIT 1`).get() as { id: number; collectedOn: string; value: number; unit: string; externalId: string; siteCode: string };
  }

  async function countersAround<T>(work: () => Promise<T>): Promise<{ result: T; hits: number; misses: number }> {
    const before = (await pool.analyses()).cache;
    const result = await work();
    const after = (await pool.analyses()).cache;
    return { result, hits: after.hits - before.hits, misses: after.misses - before.misses };
  }

  it('serves a repeated analysis from memory, with the suppressions it had', async () => {
    const query = cohortQuery('survival(options: { timeUnit: YEARS, times: [1000] }) { n median { estimate } curve { time survival } atTimes { time } }');
    const first = await countersAround(() => pool.gql(query, {}, keys.CONSORTIUM_ANALYST));
    const repeat = await countersAround(() => pool.gql(query, {}, keys.CONSORTIUM_ANALYST));
    expect([first.hits, first.misses]).toEqual([0, 1]);
    expect([repeat.hits, repeat.misses]).toEqual([1, 0]);
    expect(repeat.result.data!.cohort.suppressions.length).toBeGreaterThan(0);
    expect(repeat.result).toEqual(first.result);

    const administrator = await countersAround(() => pool.gql(query, {}, keys.ADMIN));
    expect([administrator.hits, administrator.misses]).toEqual([0, 1]);
    expect(administrator.result.data!.cohort.suppressions).toEqual([]);
  });

  it('computes again after a write through the API', async () => {
    const before = await pool.gql(trajectory, {}, keys.ADMIN);
    expect((await countersAround(() => pool.gql(trajectory, {}, keys.ADMIN))).hits).toBe(1);

    const lab = pickedBaselineAlp();
    const written = await pool.gql('mutation($input: LabResultsInput!) { upsertLabResults(input: $input) { updated userErrors { message } } }', {
      input: { siteCode: lab.siteCode, results: [{ patientExternalId: lab.externalId, analyte: 'ALP', collectedOn: lab.collectedOn, value: lab.value + 500, unit: lab.unit }] },
    }, keys.ADMIN);
    expect(written.data!.upsertLabResults).toEqual({ updated: 1, userErrors: [] });
    const afterUpdate = await countersAround(() => pool.gql(trajectory, {}, keys.ADMIN));
    expect([afterUpdate.hits, afterUpdate.misses]).toEqual([0, 1]);
    expect(baselineMean(afterUpdate.result)).toBeGreaterThan(baselineMean(before));

    const deleted = await pool.gql('mutation($site: String!, $id: ID!) { deleteRecord(siteCode: $site, type: LAB_RESULT, id: $id) { deletedId } }', { site: lab.siteCode, id: String(lab.id) }, keys.ADMIN);
    expect(deleted.data!.deleteRecord.deletedId).toBe(String(lab.id));
    const afterDelete = await countersAround(() => pool.gql(trajectory, {}, keys.ADMIN));
    expect([afterDelete.hits, afterDelete.misses]).toEqual([0, 1]);
  });

  it('computes again after another connection commits', async () => {
    const before = await pool.gql(trajectory, {}, keys.ADMIN);
    const other = new Database(file);
    try {
      other.prepare('UPDATE lab_results SET value = value + 250 WHERE id = ?').run(pickedBaselineAlp().id);
    } finally {
      other.close();
    }
    const after = await countersAround(() => pool.gql(trajectory, {}, keys.ADMIN));
    expect([after.hits, after.misses]).toEqual([0, 1]);
    expect(baselineMean(after.result)).toBeGreaterThan(baselineMean(before));
  });
});
