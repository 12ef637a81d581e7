/**
 * Cumulative-incidence plots through GraphQL and GET /plots/cumulativeIncidence.svg: the spec
 * compiles without a warning; the curves are the released Aalen–Johansen steps of each cause (from
 * 0 at time 0, nothing past the last released point); panels and legends carry the endpoint's
 * cause names, each group's size and Gray's test of the same query; stacked, the causes add up to
 * the probability of any event; under disclosure control the plot draws only what the result releases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/access/api-keys.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { compileWithWarnings, drawnRows, markNames, printedP, svgTexts } from './vega-lite.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

interface Point { time: number; nRisk: number; estimate: number; lower: number | null; upper: number | null }
interface Result {
  groups: { label: string; n: number; causes: { cause: string; events: number | null; curve: Point[] }[] }[];
  grayTest: { cause: string; statistic: number; df: number; p: number }[];
  plot: { vegaLite: { datasets: { incidence: { panel: string; series: string; time: number; estimate: number }[] } }; svg: string };
}

const FIELDS = 'groups { label n causes { cause events curve { time nRisk estimate lower upper } } } grayTest { cause statistic df p }';
const ttpByAscites = 'endpoint: { preset: TTP }, by: { variable: "ascitesAtBaseline" }';

/** The drawn points of one curve, in time order. */
const drawn = (result: Result, panel: string, series: string) =>
  result.plot.vegaLite.datasets.incidence.filter((row) => row.panel === panel && row.series === series).map((row) => ({ time: row.time, estimate: row.estimate }));

describe('CumulativeIncidence.plot', () => {
  it('draws one panel per cause named after the endpoint, one step curve per group, with Gray\'s test', async () => {
    const response = await server.gql(`{ cohort { cumulativeIncidence(${ttpByAscites}) { ${FIELDS} plot { vegaLite svg } } } }`);
    expect(response.errors).toBeUndefined();
    const result: Result = response.data!.cohort.cumulativeIncidence;
    expect(compileWithWarnings(result.plot.vegaLite).warnings).toEqual([]);
    expect(JSON.stringify(result.plot.vegaLite)).not.toMatch(/"url"/);
    expect(result.plot.svg).toMatch(/^<svg/);
    expect(markNames(result.plot.svg)).toEqual(expect.arrayContaining(['confidence_bands_0', 'incidence_curves_0', 'confidence_bands_1', 'incidence_curves_1']));
    for (const [index, cause] of ['progression', 'death'].entries()) {
      const rows = await drawnRows(result.plot.vegaLite, `incidence_curves_${index}`);
      expect(rows.length, cause).toBe(result.plot.vegaLite.datasets.incidence.filter((row) => row.panel === cause).length);
      expect(new Set(rows.map((row) => row['panel'])), `the ${cause} panel draws only ${cause}`).toEqual(new Set([cause]));
    }

    const texts = svgTexts(result.plot.svg);
    expect(texts).toContain('Cumulative incidence by group (Aalen–Johansen)');
    expect(result.groups[0]!.causes.map((cause) => cause.cause)).toEqual(['progression', 'death']);
    expect(texts).toEqual(expect.arrayContaining(['Progression', 'Death', 'Time (months)']));
    for (const test of result.grayTest) {
      expect(texts).toContain(`Gray's test ${printedP(test.p)} (χ² = ${test.statistic.toFixed(2)}, ${test.df} df)`);
    }
    for (const group of result.groups) {
      const name = `${group.label} (n = ${group.n})`;
      expect(texts).toContain(name);
      expect(texts).toContain(`${name}: ${group.causes.map((cause) => `${cause.cause} ${cause.events}`).join(', ')} events`);
      for (const cause of group.causes) {
        expect(drawn(result, cause.cause, name)).toEqual([{ time: 0, estimate: 0 }, ...cause.curve.map((point) => ({ time: point.time, estimate: point.estimate }))]);
      }
    }
    const line = result.plot.vegaLite as unknown as { concat: { layer: { mark: { interpolate: string } }[] }[] };
    expect(line.concat.flatMap((panel) => panel.layer.map((layer) => layer.mark.interpolate))).toEqual(expect.arrayContaining(['step-after']));
    expect(line.concat.flatMap((panel) => panel.layer.map((layer) => layer.mark.interpolate)).every((interpolate) => interpolate === 'step-after')).toBe(true);
  });

  it('stacks the causes in one panel per group: their sum is the probability of any event, below 1', async () => {
    const response = await server.gql(`{ cohort { cumulativeIncidence(${ttpByAscites}, options: { timeUnit: YEARS }) { ${FIELDS} plot(layout: STACKED, title: "TTP, stacked") { vegaLite svg } } } }`);
    expect(response.errors).toBeUndefined();
    const result: Result = response.data!.cohort.cumulativeIncidence;
    expect(compileWithWarnings(result.plot.vegaLite).warnings).toEqual([]);
    expect(markNames(result.plot.svg)).toEqual(expect.arrayContaining(['stacked_incidence_0', 'stacked_incidence_1']));
    for (const [index, group] of result.groups.entries()) {
      const rows = await drawnRows(result.plot.vegaLite, `stacked_incidence_${index}`);
      expect(new Set(rows.map((row) => row['panel'])), `panel ${index} draws only its group`).toEqual(new Set([`${group.label} (n = ${group.n})`]));
    }
    const texts = svgTexts(result.plot.svg);
    expect(texts).toEqual(expect.arrayContaining(['TTP, stacked', 'Time (years)', 'progression', 'death']));
    for (const group of result.groups) {
      const name = `${group.label} (n = ${group.n})`;
      expect(texts).toContain(name);
      const [progression, death] = [drawn(result, name, 'progression'), drawn(result, name, 'death')];
      expect(progression.map((point) => point.time)).toEqual(death.map((point) => point.time));
      const anyEvent = progression.map((point, i) => point.estimate + death[i]!.estimate);
      expect(Math.max(...anyEvent)).toBeGreaterThan(0.3);
      expect(Math.max(...anyEvent)).toBeLessThanOrEqual(1 + 1e-9);
      expect(anyEvent).toEqual([...anyEvent].sort((a, b) => a - b));
    }
  });

  it('serves the same SVG at /plots/cumulativeIncidence.svg, taking the layout as a bare word', async () => {
    const response = await server.gql(`{ cohort(where: { variable: "sex", eq: "FEMALE" }) { cumulativeIncidence(endpoint: { preset: TTP }) { plot(layout: STACKED) { svg } } } }`);
    expect(response.errors).toBeUndefined();
    const query = new URLSearchParams({ where: JSON.stringify({ variable: 'sex', eq: 'FEMALE' }), endpoint: JSON.stringify({ preset: 'TTP' }), layout: 'STACKED' });
    const svg = await fetch(`${server.url}/plots/cumulativeIncidence.svg?${query}`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const text = await svg.text();
    expect(text).toBe(response.data!.cohort.cumulativeIncidence.plot.svg);
    expect(svgTexts(text)).toContain('Cumulative incidence by cause, stacked (Aalen–Johansen)');

    const bad = await fetch(`${server.url}/plots/cumulativeIncidence.svg?${new URLSearchParams({ endpoint: JSON.stringify({ preset: 'TTP' }), layout: 'PIE' })}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('under disclosure control', () => {
  let guarded: TestServer;
  let authorization: string;
  beforeAll(async () => {
    guarded = await startTestServer({ env: { AUTH_MODE: 'keys' } });
    authorization = `Bearer ${(await createApiKey(guarded.db, { role: 'CONSORTIUM_ANALYST' })).key}`;
  });
  afterAll(async () => { await guarded.close(); });

  it('draws exactly the released points (each with at least k at risk) and the released counts', async () => {
    const response = await guarded.gql(`{ cohort { cumulativeIncidence(${ttpByAscites}) { ${FIELDS} plot { vegaLite svg } } suppressions { path reason } } }`, {}, { authorization });
    expect(response.errors).toBeUndefined();
    const result: Result = response.data!.cohort.cumulativeIncidence;
    const truncated = (response.data!.cohort.suppressions as { path: string }[]).filter((entry) => entry.path.startsWith("cumulativeIncidence") && entry.path.endsWith(".curve"));
    expect(truncated.length).toBeGreaterThan(0);
    const texts = svgTexts(result.plot.svg);
    for (const group of result.groups) {
      const name = `${group.label} (n = ${group.n})`;
      expect(texts).toContain(name);
      for (const cause of group.causes) {
        for (const point of cause.curve) expect(point.nRisk).toBeGreaterThanOrEqual(5);
        expect(drawn(result, cause.cause, name)).toEqual([{ time: 0, estimate: 0 }, ...cause.curve.map((point) => ({ time: point.time, estimate: point.estimate }))]);
      }
      expect(texts).toContain(`${name}: ${group.causes.map((cause) => `${cause.cause} ${cause.events === null ? 'withheld' : cause.events}`).join(', ')} events`);
    }
  });
});
