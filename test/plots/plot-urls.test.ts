/**
 * The plot URLs for notebooks: GET /plots/<analysis>.svg and .json take the GraphQL field's
 * arguments as JSON query parameters and answer exactly what the GraphQL `plot` field answers;
 * bad arguments get the same errors as on /graphql, with an HTTP status from their code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/access/api-keys.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { svgTexts } from './vega-lite.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

function plotUrl(path: string, parameters: Record<string, unknown>): string {
  const query = new URLSearchParams(Object.entries(parameters).map(([name, value]): [string, string] => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
  return `${server.url}/plots/${path}?${query}`;
}

const women = { variable: 'sex', eq: 'FEMALE' };
const ascites = { variable: 'ascitesAtBaseline' };

describe('answers', () => {
  it('serves the same SVG and spec as the GraphQL field, for the same arguments', async () => {
    const result = await server.gql(
      'query($where: PatientFilter, $by: CovariateInput!) { cohort(where: $where) { size compareSurvival(by: $by) { plot(title: "Women") { vegaLite svg } } } }',
      { where: women, by: ascites },
    );
    expect(result.errors).toBeUndefined();
    const { plot } = result.data!.cohort.compareSurvival;

    const svg = await fetch(plotUrl('compareSurvival.svg', { where: women, by: ascites, title: 'Women' }));
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(await svg.text()).toBe(plot.svg);

    const json = await fetch(plotUrl('compareSurvival.json', { where: women, by: ascites, title: 'Women' }));
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json.json()).toEqual(plot.vegaLite);

    const sizes = svgTexts(plot.svg).map((text) => /\(n = (\d+)\)$/.exec(text)?.[1]).filter((n) => n !== undefined).map(Number);
    expect(sizes.reduce((sum, n) => sum + n, 0)).toBe(result.data!.cohort.size);
  });

  it('serves every plottable analysis, taking bare words for enum and string arguments', async () => {
    const urls = [
      plotUrl('survival.svg', { options: { timeUnit: 'YEARS' } }),
      plotUrl('coxRegression.svg', { covariates: [ascites, { variable: 'ageAtIndex' }], ties: 'BRESLOW' }),
      plotUrl('labTrajectory.svg', { analyte: 'BILIRUBIN', by: ascites, summary: 'MEDIAN_IQR', title: 'Bilirubin' }),
      plotUrl('toxicityTable.svg', { analytes: ['ALP', 'AST'], version: 'V4_03' }),
    ];
    for (const url of urls) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(await response.text(), url).toMatch(/^<svg/);
    }
    expect(svgTexts(await (await fetch(urls[2]!)).text())).toContain('Bilirubin');
  });
});

describe('errors', () => {
  const errorOf = async (url: string) => {
    const response = await fetch(url);
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    return { status: response.status, error: body.errors[0]! };
  };

  it('reports a bad argument as /graphql does, with status 400', async () => {
    const viaGraphql = await server.gql('{ cohort { compareSurvival(by: { variable: "nope" }) { n } } }');
    const { status, error } = await errorOf(plotUrl('compareSurvival.svg', { by: { variable: 'nope' } }));
    expect(status).toBe(400);
    expect(error.message).toBe(viaGraphql.errors![0]!.message);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'by.variable' });
  });

  it('answers 400 BAD_USER_INPUT for a missing, malformed, unknown, repeated or invalid parameter', async () => {
    const cases = [
      plotUrl('compareSurvival.svg', {}),
      plotUrl('compareSurvival.svg', { by: ascites, where: '{ variable: sex' }),
      plotUrl('compareSurvival.svg', { by: ascites, colour: 'red' }),
      `${plotUrl('labTrajectory.svg', { analyte: 'ALP' })}&analyte=AST`,
      plotUrl('labTrajectory.json', { analyte: 'NOT_A_LAB' }),
      plotUrl('coxRegression.svg', { covariates: [ascites], confLevel: 2 }),
    ];
    for (const url of cases) {
      const { status, error } = await errorOf(url);
      expect(status, url).toBe(400);
      expect(error.extensions['code'], url).toBe('BAD_USER_INPUT');
    }
  });

  it('answers 401 UNAUTHENTICATED without a key when the server requires keys, and the plot with one', async () => {
    const guarded = await startTestServer({ env: { AUTH_MODE: 'keys' } });
    try {
      const url = `${guarded.url}/plots/survival.svg?title=${encodeURIComponent('"Overall"')}`;
      const { status, error } = await errorOf(url);
      expect(status).toBe(401);
      expect(error.extensions['code']).toBe('UNAUTHENTICATED');
      const key = (await createApiKey(guarded.db, { role: 'CONSORTIUM_ANALYST' })).key;
      const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
      expect(response.status).toBe(200);
      expect(svgTexts(await response.text())).toContain('Overall');
    } finally {
      await guarded.close();
    }
  });

  it('answers 404 NOT_FOUND for an analysis without a plot or another format', async () => {
    for (const path of ['crossTab.svg', 'nothing.svg', 'survival.png']) {
      const { status, error } = await errorOf(`${server.url}/plots/${path}`);
      expect(status, path).toBe(404);
      expect(error.extensions['code']).toBe('NOT_FOUND');
      expect(error.message).toContain('survival, compareSurvival, coxRegression, fineGray, cumulativeIncidence, labTrajectory, toxicityTable');
    }
  });
});
