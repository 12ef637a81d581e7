/**
 * Kaplan–Meier plots through GraphQL: the spec compiles without a warning, the SVG draws the curves,
 * bands, censoring ticks and the number-at-risk table, and shows each group's label and size and
 * the log-rank P of the same query; under disclosure control it shows only what the result
 * releases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/access/api-keys.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { compileWithWarnings, markNames, markTexts, printedP, svgTexts } from './vega-lite.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

interface AtRiskRow { group: string; time: number; atRisk: number | null; shown: string }

describe('SurvivalComparison.plot', () => {
  it('draws one curve per group with its size, the log-rank P and the numbers at risk', async () => {
    const result = await server.gql(`{ cohort { compareSurvival(by: { variable: "ascitesAtBaseline" }) {
      logRank { p } groups { label estimate { n curve { time nRisk } } } plot { vegaLite svg } } } }`);
    expect(result.errors).toBeUndefined();
    const comparison = result.data!.cohort.compareSurvival;
    const { vegaLite, svg } = comparison.plot;

    expect(compileWithWarnings(vegaLite).warnings).toEqual([]);
    expect(JSON.stringify(vegaLite)).not.toMatch(/"url"/);
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(markNames(svg)).toEqual(expect.arrayContaining(['confidence_bands', 'survival_curves', 'censoring_ticks', 'number_at_risk']));

    const texts = svgTexts(svg);
    expect(texts).toContain('Overall survival by group (Kaplan–Meier)');
    expect(texts.some((text) => text.startsWith(`Log-rank ${printedP(comparison.logRank.p)} (χ² = `))).toBe(true);
    expect(comparison.groups.map((group: { label: string }) => group.label)).toEqual(['Ascites at baseline: no', 'Ascites at baseline: yes']);
    for (const group of comparison.groups) expect(texts).toContain(`${group.label} (n = ${group.estimate.n})`);

    const atRisk: AtRiskRow[] = vegaLite.datasets.atRisk;
    for (const group of comparison.groups) {
      const rows = atRisk.filter((row) => row.group.startsWith(`${group.label} (`));
      expect(rows[0]).toMatchObject({ time: 0, atRisk: group.estimate.n });
      for (const row of rows) {
        const expected = group.estimate.curve.find((point: { time: number }) => point.time >= row.time)?.nRisk ?? 0;
        expect(row.atRisk, `${group.label} at ${row.time}`).toBe(row.time === 0 ? group.estimate.n : expected);
      }
      const counts = rows.map((row) => row.atRisk);
      expect(counts).not.toContain(null);
      expect(counts).toEqual([...counts].sort((a, b) => b! - a!));
    }
    expect(markTexts(svg, 'number_at_risk')).toEqual(atRisk.map((row) => String(row.atRisk)));
    expect(atRisk.map((row) => row.shown)).toEqual(atRisk.map((row) => String(row.atRisk)));
  });

  it('names a G-rho test by its rho and takes a title', async () => {
    const result = await server.gql(`{ cohort { compareSurvival(by: { variable: "childPugh" }, rho: 1) {
      logRank { p } groups { label } plot(title: "Peto-Peto by Child-Pugh class") { svg } } } }`);
    expect(result.errors).toBeUndefined();
    const texts = svgTexts(result.data!.cohort.compareSurvival.plot.svg);
    expect(texts).toContain('Peto-Peto by Child-Pugh class');
    expect(texts.some((text) => text.startsWith(`G-rho (ρ = 1) ${printedP(result.data!.cohort.compareSurvival.logRank.p)}`))).toBe(true);
  });
});

describe('SurvivalEstimate.plot', () => {
  it('draws the cohort curve in the unit asked, with its size and median', async () => {
    const result = await server.gql(`{ cohort(where: { variable: "sex", eq: "FEMALE" }) { size survival(options: { timeUnit: YEARS }) {
      n events median { estimate } plot { vegaLite svg } } } }`);
    expect(result.errors).toBeUndefined();
    const { size, survival } = result.data!.cohort;
    expect(compileWithWarnings(survival.plot.vegaLite).warnings).toEqual([]);
    const texts = svgTexts(survival.plot.svg);
    expect(survival.n).toBe(size);
    expect(texts).toContain(`Patients (n = ${size})`);
    expect(texts).toContain('Time since first TARE (years)');
    expect(texts.some((text) => text.startsWith(`n = ${survival.n}, ${survival.events} deaths; median `))).toBe(true);
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

  it('shows released numbers at risk (at least k), and none past the point where the curve was stopped', async () => {
    const result = await guarded.gql(`{ cohort { compareSurvival(by: { variable: "ascitesAtBaseline" }) {
      groups { label estimate { curve { time nRisk nEvent nCensor } } } plot { vegaLite svg } } } }`, {}, { authorization });
    expect(result.errors).toBeUndefined();
    const { groups, plot } = result.data!.cohort.compareSurvival;
    const atRisk: AtRiskRow[] = plot.vegaLite.datasets.atRisk;
    for (const group of groups) {
      const curve: { time: number; nRisk: number; nEvent: number; nCensor: number }[] = group.estimate.curve;
      const last = curve[curve.length - 1]!;
      expect(last.nRisk - last.nEvent - last.nCensor, `${group.label}: patients left after the curve stops`).toBeGreaterThan(0);
      const rows = atRisk.filter((row) => row.group.startsWith(`${group.label} (`));
      for (const row of rows) {
        if (row.time > last.time) expect(row.shown, `${group.label} at ${row.time}`).toBe('–');
        else expect(row.atRisk!, `${group.label} at ${row.time}: at least k`).toBeGreaterThanOrEqual(5);
      }
      expect(rows.some((row) => row.shown === '–')).toBe(true);
    }
    expect(markTexts(plot.svg, 'number_at_risk')).toEqual(atRisk.map((row) => row.shown));
  });
});

describe('a survival plot of another endpoint', () => {
  it('names the endpoint, its event and its origin instead of overall survival and deaths', async () => {
    const result = await server.gql(`{ cohort {
      survival(endpoint: { preset: PFS, origin: LAST_TREATMENT }) { n events plot { vegaLite svg } }
      compareSurvival(by: { variable: "ascitesAtBaseline" }, endpoint: { preset: PFS }) { plot { vegaLite } } } }`);
    expect(result.errors).toBeUndefined();
    const { survival, compareSurvival } = result.data!.cohort;
    expect(compileWithWarnings(survival.plot.vegaLite).warnings).toEqual([]);
    const texts = svgTexts(survival.plot.svg);
    expect(texts).toContain('Progression-free survival (from the last TARE session) (Kaplan–Meier)');
    expect(texts).toContain('Free of progression or death');
    expect(texts.some((text) => text.startsWith('Time since last TARE session ('))).toBe(true);
    expect(texts.some((text) => text.startsWith(`n = ${survival.n}, ${survival.events} events (progression or death); median `))).toBe(true);
    expect(texts.join(' ')).not.toMatch(/Overall survival|deaths/);
    expect(JSON.stringify(compareSurvival.plot.vegaLite)).toContain('Progression-free survival by group (Kaplan–Meier)');
  });
});
