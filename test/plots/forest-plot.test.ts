/**
 * Cox forest plots through GraphQL: one row per term with its HR (CI) and P as the model reports
 * them, hazard ratios on a log axis with a reference line at 1, and the interval's level named.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { compileWithWarnings, markNames, printedP, svgTexts } from './vega-lite.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

interface Term { name: string; key: string; label: string; hazardRatio: number | null; lower: number | null; upper: number | null; p: number | null }

/** Three significant digits, as the plot prints estimates. */
const threeDigits = (value: number) => value.toFixed(Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value)))));

it('draws every term with its hazard ratio, interval and P on a log axis', async () => {
  const result = await server.gql(`{ cohort { coxRegression(covariates: [{ variable: "ascitesAtBaseline" }, { variable: "extrahepaticMetastases" }, { variable: "tumorBurden" }, { variable: "ageAtIndex" }]) {
    n events likelihoodRatio { p } terms { name key label hazardRatio lower upper p } plot { vegaLite svg } } } }`);
  expect(result.errors).toBeUndefined();
  const model = result.data!.cohort.coxRegression;
  const { vegaLite, svg } = model.plot;
  expect(compileWithWarnings(vegaLite).warnings).toEqual([]);
  expect(markNames(svg)).toEqual(expect.arrayContaining(['reference_line', 'confidence_intervals', 'hazard_ratios']));
  expect(JSON.stringify(vegaLite)).toContain('"type":"log"');

  const texts = svgTexts(svg);
  expect(texts).toContain('Cox proportional-hazards model');
  expect(texts).toContain('HR (95% CI)');
  expect(texts).toContain('Hazard ratio (95% CI), log scale');
  expect(texts.some((text) => text.startsWith(`n = ${model.n}, ${model.events} deaths; likelihood-ratio ${printedP(model.likelihoodRatio.p)}`))).toBe(true);
  expect(model.terms.map((term: Term) => term.name)).toEqual(['ascitesAtBaseline', 'extrahepaticMetastases', 'tumorBurden=FROM_25_TO_50', 'tumorBurden=OVER_50', 'ageAtIndex']);
  expect(model.terms.map((term: Term) => term.key)).toEqual(model.terms.map((term: Term) => term.name));
  expect(model.terms.map((term: Term) => term.label)).toEqual([
    'Ascites at baseline (yes vs no)', 'Extrahepatic metastases (yes vs no)', 'Hepatic tumour burden (25–50 % vs < 25 %)',
    'Hepatic tumour burden (> 50 % vs < 25 %)', 'Age at first TARE (per year)',
  ]);
  for (const term of model.terms as Term[]) {
    expect(texts).toContain(term.label);
    expect(texts).toContain(`${threeDigits(term.hazardRatio!)} (${threeDigits(term.lower!)}–${threeDigits(term.upper!)})`);
    expect(texts).toContain(printedP(term.p!).replace(/^P (= )?/, ''));
  }
});

it('names the level of the intervals asked for', async () => {
  const result = await server.gql('{ cohort { coxRegression(covariates: [{ variable: "ascitesAtBaseline" }], confLevel: 0.9) { plot { svg } } } }');
  expect(result.errors).toBeUndefined();
  expect(svgTexts(result.data!.cohort.coxRegression.plot.svg)).toContain('HR (90% CI)');
});

it('keeps a term that cannot be estimated, marked as such', async () => {
  const result = await server.gql(`{ cohort(where: { variable: "ascitesAtBaseline", eq: "false" }) { coxRegression(covariates: [{ variable: "ascitesAtBaseline", label: "ascites" }, { variable: "sex" }]) {
    terms { name hazardRatio } plot { svg } } } }`);
  expect(result.errors).toBeUndefined();
  const model = result.data!.cohort.coxRegression;
  const aliased = (model.terms as Term[]).filter((term) => term.hazardRatio === null);
  expect(aliased.map((term) => term.name)).toEqual(['ascites']);
  expect(svgTexts(model.plot.svg)).toEqual(expect.arrayContaining(['ascites', 'not estimable']));
});
