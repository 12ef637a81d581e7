/**
 * Round trip: the demo cohort exported as CSV, imported with `npm run import` into a fresh
 * database under the same site code, and served by `npm start` on that database, exports the
 * very same files, and every analysis of the cohort gives the same result. (The interchange
 * format has no follow-up therapies, site reference ranges or saved cohorts, so those are not
 * compared; every lab result carries its own limits, so the grades do not depend on the site's.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childEnv, freePort, startProcess, tsxArgs, type RunningProcess } from '../helpers/processes.js';
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
