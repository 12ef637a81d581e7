/**
 * Analysis results as CSV and JSON (`/export/results/<result>.<csv|json>`) over HTTP on the demo
 * cohort: each download holds exactly what the GraphQL field answers (curves, at-risk rows, Cox
 * terms, Table 1), with group and term keys beside their labels; bad parameters get /graphql's
 * error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const param = (name: string, value: unknown) => `${name}=${encodeURIComponent(JSON.stringify(value))}`;

async function download(path: string) {
  const response = await fetch(`${server.url}/export/results/${path}`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** Rows of a CSV whose cells hold no comma (labels here have none), keyed by the header. */
function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [columns[index]!, cell])));
}

describe('analysis results to download', () => {
  it('Kaplan–Meier curves per group as CSV: every point of every group, with its key and label', async () => {
    const by = { variable: 'ascitesAtBaseline' };
    const api = await server.gql('query($by: CovariateInput!) { cohort { compareSurvival(by: $by) { groups { key label estimate { curve { time nRisk nEvent survival } } } } } }', { by });
    const csv = await download(`compareSurvival-curves.csv?${param('by', by)}`);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const rows = parseCsv(csv.text);
    const groups = api.data!.cohort.compareSurvival.groups as { key: string; label: string; estimate: { curve: { time: number; nRisk: number; nEvent: number; survival: number }[] } }[];
    expect(rows).toHaveLength(groups.reduce((sum, group) => sum + group.estimate.curve.length, 0));
    const first = groups[1]!;
    const exported = rows.filter((row) => row['groupKey'] === first.key);
    expect(exported.map((row) => row['groupLabel'])).toEqual(first.estimate.curve.map(() => first.label));
    expect(exported.map((row) => Number(row['survival']))).toEqual(first.estimate.curve.map((point) => point.survival));
    expect(exported.map((row) => Number(row['nRisk']))).toEqual(first.estimate.curve.map((point) => point.nRisk));
  });

  it('at-risk rows at the times asked, Cox terms and Table 1 as JSON', async () => {
    const atRisk = JSON.parse((await download(`survival-at-risk.json?${param('options', { times: [12, 24, 60] })}`)).text) as { time: number; nRisk: number }[];
    const api = await server.gql('{ cohort { survival(options: { times: [12, 24, 60] }) { atTimes { time nRisk } } characteristics { variable } coxRegression(covariates: [{ variable: "ascitesAtBaseline" }, { variable: "tumorBurden" }]) { terms { key label hazardRatio p } } } }');
    expect(atRisk.map((row) => ({ time: row.time, nRisk: row.nRisk }))).toEqual(api.data!.cohort.survival.atTimes);

    const terms = JSON.parse((await download(`coxRegression-terms.json?${param('covariates', [{ variable: 'ascitesAtBaseline' }, { variable: 'tumorBurden' }])}`)).text) as Record<string, unknown>[];
    expect(terms.map((term) => ({ key: term['key'], label: term['label'], hazardRatio: term['hazardRatio'], p: term['p'] }))).toEqual(api.data!.cohort.coxRegression.terms);
    expect(terms.map((term) => term['label'])).toContain('Hepatic tumour burden (25–50 % vs < 25 %)');

    const table1 = JSON.parse((await download('characteristics.json')).text) as Record<string, unknown>[];
    expect(new Set(table1.map((row) => row['variable']))).toEqual(new Set(api.data!.cohort.characteristics.map((row: { variable: string }) => row.variable)));
    expect(table1.filter((row) => row['variable'] === 'tumorBurden').map((row) => row['levelLabel'])).toEqual(['< 25 %', '25–50 %', '> 50 %']);
    expect(table1.find((row) => row['variable'] === 'ageAtIndex')).toMatchObject({ level: null, mean: expect.any(Number) });
  });

  it('answers a bad parameter, a missing argument and an unknown result with /graphql\'s error shape', async () => {
    const unknown = await download('survival-curve.csv?nonsense=1');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const missing = await download('compareSurvival-curves.csv');
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).errors[0].message).toMatch(/\$by/);
    const badVariable = await download(`coxRegression-terms.csv?${param('covariates', [{ variable: 'nope' }])}`);
    expect(JSON.parse(badVariable.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const none = await download('nothing.csv');
    expect(none.status).toBe(404);
    expect(JSON.parse(none.text).errors[0].message).toMatch(/survival-curve, survival-at-risk, compareSurvival-curves/);
  });
});
