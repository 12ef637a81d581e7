/**
 * Every main read path is served by an index: the query plans (EXPLAIN QUERY PLAN,
 * https://sqlite.org/eqp.html) of the statements the data layer actually sends, captured from
 * Drizzle's logger with their parameters on a seeded registry. A full scan of lab_results (about
 * 24 rows per patient: 2.4 million at 100,000 patients) fails every query; a full scan of
 * patients fails the queries that have an indexed way in (ids, a site, a keyset page). Queries
 * over a whole cohort defined by a derived variable do read every patient, by design.
 *
 * No ANALYZE has run, so SQLite plans from its built-in estimates, which do not depend on the
 * number of rows: a small registry gives the plans of a large one.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAnalysisFrame } from '../../src/store/analysis-frame.js';
import { sqliteStoreOf, type Store } from '../../src/store/database.js';
import { createLoaders } from '../../src/store/loaders.js';
import { compilePatientFilter, type PatientFilter } from '../../src/store/patient-filter.js';
import { findSqlVariable } from '../../src/store/patient-variables.js';
import { countPatients, listPatientPage } from '../../src/store/patients.js';
import type { RowScope } from '../../src/store/row-scope.js';
import { listSiteCodes } from '../../src/store/sites.js';
import { findToxicityGrades } from '../../src/store/toxicity.js';
import { seedDemoDatabase } from '../../src/records/demo-database.js';
import { createTestDatabase } from '../helpers/database.js';

interface Statement {
  sql: string;
  plan: string[];
}

let client: Database.Database;
let db: Store;
const captured: { sql: string; params: unknown[] }[] = [];
let siteCodes: string[];
let siteId: number;

beforeAll(async () => {
  const seeded = (await createTestDatabase()).db;
  await seedDemoDatabase(seeded, { patients: 400, sites: 4 });
  client = seeded.$client;
  db = sqliteStoreOf(client, (sql, params) => captured.push({ sql, params }));
  siteCodes = await listSiteCodes(db);
  siteId = client.prepare('SELECT id FROM sites ORDER BY code LIMIT 1').pluck().get() as number;
});
afterAll(() => client.close());

/** The statements `work` sends, each with its plan's lines. */
async function plansOf(work: () => unknown): Promise<Statement[]> {
  captured.length = 0;
  await work();
  const statements = captured.map(({ sql, params }) => ({
    sql,
    plan: (client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail),
  }));
  expect(statements.length).toBeGreaterThan(0);
  return statements;
}

const SQL_WORDS = new Set(['on', 'where', 'join', 'inner', 'left', 'order', 'group', 'limit', 'using', 'set', 'as']);

/** The names a table goes by in a statement (its own, and every alias), as query plans print them. */
function namesOf(table: string, sql: string): string[] {
  const aliases = [...sql.matchAll(new RegExp(`\\b${table}"?\\s+(?:as\\s+)?"?([a-z_]+)`, 'gi'))]
    .map((match) => match[1]!)
    .filter((alias) => !SQL_WORDS.has(alias.toLowerCase()));
  return [table, ...aliases];
}

function fullScansOf(table: string, statements: readonly Statement[]): string[] {
  return statements.flatMap(({ sql, plan }) => {
    const names = namesOf(table, sql);
    return plan.filter((line) => names.some((name) => line === `SCAN ${name}` || line.startsWith(`SCAN ${name} `)));
  });
}

const ALL: RowScope = { kind: 'ALL' };
const siteScope = (): RowScope => ({ kind: 'SITE', siteId });
const condition = (where: PatientFilter) => compilePatientFilter(where, { siteCodes });
const firstSite = (): PatientFilter => ({ site: [siteCodes[0]!] });
const RECORD_TABLES = ['lab_results', 'treatments', 'imaging_studies', 'prior_therapies', 'follow_up_therapies'];

describe('patient pages', () => {
  it('seek to the page by primary key', async () => {
    const statements = await plansOf(async () => await listPatientPage(db, { condition: undefined, scope: ALL, limit: 101, afterId: 200 }));
    expect(fullScansOf('patients', statements)).toEqual([]);
  });

  it('read a site-scoped page in id order from the site index, without sorting the site', async () => {
    const statements = await plansOf(async () => await listPatientPage(db, { condition: undefined, scope: siteScope(), limit: 101, afterId: 10 }));
    expect(fullScansOf('patients', statements)).toEqual([]);
    expect(statements[0]!.plan.join('\n')).toMatch(/USING (COVERING )?INDEX patients_site \(site_id=\? AND rowid>\?\)/);
    expect(statements[0]!.plan.join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
  });

  it('filter on sites through the site index', async () => {
    const page = await plansOf(async () => await listPatientPage(db, { condition: condition(firstSite()), scope: ALL, limit: 101, afterId: undefined }));
    const count = await plansOf(async () => await countPatients(db, condition({ site: siteCodes.slice(0, 2) }), ALL));
    expect(fullScansOf('patients', [...page, ...count])).toEqual([]);
  });
});

describe('loader batches', () => {
  const ids = Array.from({ length: 100 }, (_, i) => i + 1);

  it.each([['every row', () => ALL], ['a site', siteScope]])('look every record type up by patient id (%s)', async (_, scope) => {
    const statements = await plansOf(async () => {
      const loaders = createLoaders(db, scope());
      await Promise.all([
        loaders.patientById.loadMany(ids),
        loaders.siteById.loadMany([siteId]),
        loaders.patientCountBySiteId.loadMany([siteId]),
        loaders.priorTherapiesByPatientId.loadMany(ids),
        loaders.treatmentsByPatientId.loadMany(ids),
        loaders.labResultsByPatientId.loadMany(ids),
        loaders.imagingStudiesByPatientId.loadMany(ids),
        loaders.followUpTherapiesByPatientId.loadMany(ids),
      ]);
    });
    expect(statements).toHaveLength(8);
    for (const table of ['patients', 'sites', ...RECORD_TABLES]) expect(fullScansOf(table, statements), table).toEqual([]);
  });
});

describe('analyses', () => {
  const frameVariables = ['lab.ALP.BASELINE', 'lab.ALBUMIN.YEAR_1', 'grade.AST.MONTH_6', 'imaging.ascites.BASELINE', 'treatmentDistribution', 'priorTherapy.TACE', 'totalActivityGbq'];
  const cohortOf = (cohort: string) => (cohort === 'a site' ? condition(firstSite()) : undefined);

  it.each(['the whole registry', 'a site'])('build the analysis frame with timepoint lab variables from per-patient index lookups (%s)', async (cohort) => {
    const variables = frameVariables.map((name) => findSqlVariable(name)!);
    const statements = await plansOf(async () => await loadAnalysisFrame(db, cohortOf(cohort), variables));
    for (const table of RECORD_TABLES) expect(fullScansOf(table, statements), table).toEqual([]);
    if (cohort === 'a site') expect(fullScansOf('patients', statements)).toEqual([]);
  });

  it('filter on lab timepoint values and grades without scanning labs', async () => {
    const statements = await plansOf(async () => await countPatients(db, condition({ and: [{ variable: 'lab.ALP.BASELINE', gt: 150 }, { variable: 'grade.BILIRUBIN.MONTH_6', gte: 1 }] }), ALL));
    expect(namesOf('lab_results', statements[0]!.sql)).toContain('r');
    expect(fullScansOf('lab_results', statements)).toEqual([]);
  });

  it.each(['the whole registry', 'a site'])('tabulate toxicity grades from index lookups, patients first (%s)', async (cohort) => {
    const statements = await plansOf(async () => await findToxicityGrades(db, cohortOf(cohort), {
      analytes: ['ALP', 'AST', 'BILIRUBIN'], timepoints: ['BASELINE', 'MONTH_6', 'YEAR_1'], gradeColumn: 'grade_v5', worstWithin: { fromDay: 1, toDay: 365 },
    }));
    expect(statements).toHaveLength(1);
    expect(fullScansOf('lab_results', statements)).toEqual([]);
    // One pass: each patient's labs by the (patient, analyte, date) index; over the whole registry, patients in id order
    // give the groups in order, without a sort (a site's patients come from the site index, and its labs are sorted).
    expect(statements[0]!.plan.some((line) => /^SEARCH l USING INDEX lab_results_patient_analyte_date \(patient_id=\?/.test(line))).toBe(true);
    if (cohort === 'a site') expect(fullScansOf('patients', statements)).toEqual([]);
    else expect(statements[0]!.plan.filter((line) => line.includes('TEMP B-TREE'))).toEqual([]);
  });
});
