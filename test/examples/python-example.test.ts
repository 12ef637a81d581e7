/**
 * examples/python/survival_and_export.py, run with the machine's python3 against a started server
 * (the demo cohort over HTTP): it prints the cohort's survival, log-rank test and Cox table as
 * GraphQL computes them, and data frames with the rows the export URLs serve. It runs twice: as is
 * (pandas when installed) and with pandas hidden, which forces the standard-library fallback; the
 * results printed must be the same.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SCRIPT = join(PROJECT_ROOT, 'examples/python/survival_and_export.py');
const run = promisify(execFile);

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const fixed = (value: number) => value.toFixed(2);

it('prints the survival, log-rank and Cox results of the API, and data frames of the exports, with or without pandas', async () => {
  const truth = await server.gql(`query($by: CovariateInput!, $covariates: [CovariateInput!]!) { cohort {
    size survival { events median { estimate lower upper } }
    compareSurvival(by: $by) { logRank { p } }
    coxRegression(covariates: $covariates) { n events terms { name hazardRatio lower upper } } } }`, {
    by: { variable: 'ascitesAtBaseline' },
    covariates: [{ variable: 'ascitesAtBaseline' }, { variable: 'extrahepaticMetastases' }, { variable: 'childPugh', levels: ['B', 'C'], label: 'childPugh B/C' }],
  });
  expect(truth.errors).toBeUndefined();
  const cohort = truth.data!.cohort;
  const labsCsv = await (await fetch(`${server.url}/export/labs.csv?where=${encodeURIComponent('{"variable":"followUpMonths","gte":12}')}`)).text();
  const labRows = labsCsv.trimEnd().split('\n').length - 1;

  const asIs = await run('python3', [SCRIPT, '--url', server.url], { encoding: 'utf8' });
  const withoutPandas = await run('python3', ['-c', [
    'import runpy, sys',
    "sys.modules['pandas'] = None",
    `sys.argv = [${JSON.stringify(SCRIPT)}, '--url', ${JSON.stringify(server.url)}]`,
    `runpy.run_path(${JSON.stringify(SCRIPT)}, run_name='__main__')`,
  ].join('\n')], { encoding: 'utf8' });

  expect(withoutPandas.stdout.split('\n')[0]).toBe('backend: standard library');
  const results = (stdout: string) => stdout.split('\n').slice(1).join('\n');
  expect(results(withoutPandas.stdout)).toBe(results(asIs.stdout));

  const output = asIs.stdout;
  expect(output).toMatch(/^backend: (pandas|standard library)\n/);
  expect(output).toContain(`cohort size: ${cohort.size}\n`);
  expect(output).toContain(`deaths: ${cohort.survival.events}\n`);
  const median = cohort.survival.median;
  expect(output).toContain(`median overall survival (months): ${fixed(median.estimate)} (95% CI ${fixed(median.lower)} to ${fixed(median.upper)})\n`);
  const printedP = Number(/log-rank by ascites: .* p=(\S+)\n/.exec(output)?.[1]);
  expect(printedP / cohort.compareSurvival.logRank.p).toBeCloseTo(1, 3);
  expect(output).toContain(`Cox model: n=${cohort.coxRegression.n}, events=${cohort.coxRegression.events}, converged=true\n`);
  for (const term of cohort.coxRegression.terms) {
    expect(output).toMatch(new RegExp(`  ${term.name}\\s+${fixed(term.hazardRatio)}\\s+${fixed(term.lower)}\\s+${fixed(term.upper)}\\s`));
  }
  expect(output).toContain(`patients export: ${cohort.size} rows x 31 columns, ${cohort.survival.events} events`);
  expect(output).toContain(`labs export (followUpMonths >= 12): ${labRows} rows x 13 columns`);
}, 120_000);
