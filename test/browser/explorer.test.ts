/**
 * The cohort explorer page in a real browser: Chromium (found by test/helpers/chromium.ts) driven
 * by playwright-core against the started server (demo cohort). The page loads, shows the cohort and its plots as the API
 * computes them, redraws the Kaplan–Meier plot with the new group sizes when a filter changes, asks
 * for an API key when the server requires keys, and never reaches past this machine: every request to
 * another host is intercepted, refused and fails the test. Screenshots go to test/artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/access/api-keys.js';
import { findChromium } from '../helpers/chromium.js';
import { rawToken } from '../helpers/readable-labels.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const BUILT_PAGE = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const READY_TIMEOUT_MS = 30_000;

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let leftLocalhost: string[];
let pageErrors: string[];

beforeAll(async () => {
  if (!existsSync(BUILT_PAGE)) throw new Error('The explorer page is not built: run `npm run build:web` (npm test does it first).');
  const executablePath = findChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startTestServer();
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  leftLocalhost = [];
  pageErrors = [];
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['data:', 'blob:'].includes(url.protocol) || LOCAL_HOSTS.has(url.hostname)) return route.fallback();
    leftLocalhost.push(url.href);
    return route.abort('blockedbyclient');
  });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterEach(async () => {
  await context.close();
  expect(leftLocalhost, 'requests that left localhost').toEqual([]);
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});

const panel = (name: string) => page.locator(`[data-testid="${name}-panel"]`);
const waitUntilReady = (name: string) => page.waitForSelector(`[data-testid="${name}-panel"][data-state="ready"]`, { timeout: READY_TIMEOUT_MS });

/** The group sizes the Kaplan–Meier legend shows, by group label. */
async function legendSizes(): Promise<Record<string, number>> {
  const texts = await page.locator('[data-testid="survival-plot"] svg text').allTextContents();
  return Object.fromEntries(texts.map((text) => /^(.*) \(n = (\d+)\)$/.exec(text)).filter((match) => match !== null).map((match) => [match[1]!, Number(match[2])]));
}

async function survivalFromApi(where: unknown) {
  const result = await server.gql('query($where: PatientFilter) { cohort(where: $where) { size compareSurvival(by: { variable: "ascitesAtBaseline" }) { logRank { p } groups { label estimate { n } } } } }', { where });
  expect(result.errors).toBeUndefined();
  const { size, compareSurvival } = result.data!.cohort;
  return {
    size: size as number,
    p: compareSurvival.logRank.p as number,
    sizes: Object.fromEntries(compareSurvival.groups.map((group: { label: string; estimate: { n: number } }) => [group.label, group.estimate.n])),
  };
}

/** Each line of the panel's SVG text: a <text> of several <tspan> lines gives one entry per line (textContent would run them together). */
async function svgLines(name: string): Promise<string[]> {
  return panel(name).locator('svg text').evaluateAll((texts) => texts.flatMap((text) => {
    const lines = [...text.querySelectorAll('tspan')];
    return lines.length === 0 ? [text.textContent ?? ''] : lines.map((line) => line.textContent ?? '');
  }));
}

const printedP = (p: number) => (p < 0.001 ? 'P < 0.001' : `P = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`);

describe('the cohort explorer', () => {
  it('shows the cohort, Table 1 and the plots, and redraws Kaplan–Meier with the new group sizes when a filter changes', async () => {
    const everyone = await survivalFromApi(null);
    await page.goto(`${server.url}/`);
    for (const name of ['characteristics', 'survival', 'forest', 'lab']) await waitUntilReady(name);

    await expect.poll(() => page.getByTestId('cohort-size').textContent()).toBe(`${everyone.size} patients`);
    expect(await page.getByTestId('api-key').isVisible(), 'the API key field while the server is open').toBe(false);
    expect(await page.locator('[data-testid="characteristics"] tr[data-variable]').count()).toBeGreaterThanOrEqual(15);
    expect(await legendSizes()).toEqual(everyone.sizes);
    expect(await page.getByTestId('logrank-p').textContent()).toContain(`Log-rank ${printedP(everyone.p)}`);
    expect(await panel('forest').locator('svg text').allTextContents()).toEqual(expect.arrayContaining(['Ascites at baseline (yes vs no)', 'Extrahepatic metastases (yes vs no)']));
    expect(await panel('lab').locator('svg text').allTextContents()).toContain('Alkaline phosphatase over time');
    await page.screenshot({ path: `${ARTIFACTS}explorer-all-patients.png`, fullPage: true });

    const women = { and: [{ variable: 'sex', in: ['FEMALE'] }] };
    const filtered = await survivalFromApi(women);
    expect(filtered.size).toBeLessThan(everyone.size);
    await page.getByTestId('add-filter').selectOption('sex');
    await page.locator('fieldset[data-variable="sex"] input[value="FEMALE"]').check();

    await expect.poll(() => page.getByTestId('cohort-size').textContent(), { timeout: READY_TIMEOUT_MS }).toBe(`${filtered.size} patients`);
    await expect.poll(legendSizes, { timeout: READY_TIMEOUT_MS }).toEqual(filtered.sizes);
    await waitUntilReady('survival');
    expect(Object.values(filtered.sizes).reduce((sum, n) => sum + n, 0)).toBe(filtered.size);
    expect(await page.getByTestId('logrank-p').textContent()).toContain(`Log-rank ${printedP(filtered.p)}`);
    const rows = await page.locator('[data-testid="survival-groups"] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-group'), Number(tr.querySelector('[data-column="n"]')?.textContent)]));
    expect(Object.fromEntries(rows)).toEqual(filtered.sizes);
    await page.screenshot({ path: `${ARTIFACTS}explorer-women.png`, fullPage: true });
  });

  it('shows people labels, never raw tokens: Table 1, groups, Cox terms with their reference level, legends, filters; the median with its CI; n per timepoint', async () => {
    await page.goto(`${server.url}/`);
    for (const name of ['characteristics', 'survival', 'forest', 'lab']) await waitUntilReady(name);
    await page.getByTestId('add-filter').selectOption('tumorBurden');
    const shown = [
      ...await page.locator('[data-testid="characteristics"] th').allTextContents(),
      ...await page.locator('[data-testid="survival-groups"] tbody th').allTextContents(),
      ...await page.locator('[data-testid="lab-counts"] tbody th').allTextContents(),
      ...await page.locator('fieldset[data-variable="tumorBurden"] label').allTextContents(),
      ...await svgLines('forest'),
      ...await svgLines('survival'),
    ].map((text) => text.trim()).filter((text) => text !== '');
    expect(shown.map(rawToken).filter((problem) => problem !== null)).toEqual([]);
    expect(shown).toEqual(expect.arrayContaining(['Ascites at baseline: no', 'Ascites at baseline: yes', 'Ascites at baseline (yes vs no)', '< 25 %', 'male']));

    const api = await server.gql('{ cohort { compareSurvival(by: { variable: "ascitesAtBaseline" }) { groups { key label estimate { median { estimate lower upper } } } } labTrajectory(analyte: ALP) { timepoints summary { timepoint n } } } }');
    expect(api.errors).toBeUndefined();
    const months = (value: number | null) => (value === null ? 'NR' : value.toFixed(1));
    for (const group of api.data!.cohort.compareSurvival.groups as { key: string; label: string; estimate: { median: { estimate: number | null; lower: number | null; upper: number | null } } }[]) {
      const row = page.locator(`[data-testid="survival-groups"] tr[data-key="${group.key}"]`);
      expect(await row.locator('th').textContent()).toBe(group.label);
      const { estimate, lower, upper } = group.estimate.median;
      expect(await row.locator('[data-column="median"]').textContent()).toBe(estimate === null ? 'not reached' : `${months(estimate)} (${months(lower)}–${months(upper)})`);
    }
    expect(await page.locator('[data-testid="survival-groups"] thead').textContent()).toContain('Median, months (95% CI)');

    const trajectory = api.data!.cohort.labTrajectory as { timepoints: string[]; summary: { timepoint: string; n: number }[] };
    const counts = await page.locator('[data-testid="lab-counts"] tbody tr').first().locator('td').evaluateAll((cells) => cells.map((cell) => [cell.getAttribute('data-timepoint'), Number(cell.textContent)]));
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(trajectory.summary.map((point) => [point.timepoint, point.n])));
    const labTexts = await svgLines('lab');
    for (const point of trajectory.summary) expect(labTexts).toContain(`n = ${point.n}`);
    await page.screenshot({ path: `${ARTIFACTS}explorer-labels.png`, fullPage: true });
    await panel('survival').screenshot({ path: `${ARTIFACTS}explorer-survival-labels.png` });
    await panel('forest').screenshot({ path: `${ARTIFACTS}explorer-cox-labels.png` });
  });

  it('restricts the lab trajectory to complete cases (a value at every timepoint) when asked, as the ANOVA does', async () => {
    await page.goto(`${server.url}/`);
    await waitUntilReady('lab');
    const counts = async (): Promise<Record<string, number>> => Object.fromEntries(await page.locator('[data-testid="lab-counts"] tbody tr').first().locator('td')
      .evaluateAll((cells) => cells.map((cell) => [cell.getAttribute('data-timepoint'), Number(cell.textContent)])));
    const everyValue = await counts();
    const complete = await server.gql(`{ cohort(where: { and: [{ variable: "lab.ALP.BASELINE", isNull: false }, { variable: "lab.ALP.MONTH_6", isNull: false }, { variable: "lab.ALP.YEAR_1", isNull: false }] }) {
      size labTrajectory(analyte: ALP) { summary { timepoint n } } } }`);
    expect(complete.errors).toBeUndefined();
    const completeCases = complete.data!.cohort.size as number;
    expect(completeCases).toBeLessThan(Math.max(...Object.values(everyValue)));

    await page.getByTestId('lab-complete-cases').check();
    const expected = Object.fromEntries((complete.data!.cohort.labTrajectory.summary as { timepoint: string; n: number }[]).map((point) => [point.timepoint, point.n]));
    await expect.poll(counts, { timeout: READY_TIMEOUT_MS }).toEqual(expected);
    expect(new Set(Object.values(expected))).toEqual(new Set([completeCases]));
    await waitUntilReady('lab');
    expect(await svgLines('lab')).toContain(`n = ${completeCases}`);
    await panel('lab').screenshot({ path: `${ARTIFACTS}explorer-lab-complete-cases.png` });

    await page.getByTestId('lab-complete-cases').uncheck();
    await expect.poll(counts, { timeout: READY_TIMEOUT_MS }).toEqual(everyValue);
  });

  it('picks PFS: the Kaplan–Meier and Cox panels measure it, the PH test sits under the forest plot, and TTP\'s cumulative incidence is drawn', async () => {
    const covariates = [{ variable: 'ascitesAtBaseline' }, { variable: 'extrahepaticMetastases' }];
    const api = await server.gql(`query($covariates: [CovariateInput!]!) { cohort {
      compareSurvival(by: { variable: "ascitesAtBaseline" }, endpoint: { preset: PFS }) { logRank { p } groups { label estimate { n events } } }
      coxRegression(covariates: $covariates, endpoint: { preset: PFS }) { events proportionalHazards { term chisq df p } }
      cumulativeIncidence(endpoint: { preset: TTP }, by: { variable: "ascitesAtBaseline" }) { groups { label n causes { cause events } } grayTest { cause p } } } }`, { covariates });
    expect(api.errors).toBeUndefined();
    const { compareSurvival, coxRegression, cumulativeIncidence } = api.data!.cohort;

    await page.goto(`${server.url}/`);
    for (const name of ['survival', 'forest', 'incidence']) await waitUntilReady(name);
    expect(await panel('incidence').locator('svg text').allTextContents()).toEqual(expect.arrayContaining(['Cumulative incidence by group (Aalen–Johansen)', 'Progression', 'Death']));
    for (const group of cumulativeIncidence.groups as { label: string; n: number; causes: { cause: string; events: number }[] }[]) {
      const row = page.locator(`[data-testid="incidence-events"] tr[data-group="${group.label}"]`);
      expect(await row.locator('[data-column="n"]').textContent()).toBe(String(group.n));
      for (const cause of group.causes) expect(await row.locator(`[data-cause="${cause.cause}"]`).textContent()).toBe(String(cause.events));
    }
    for (const test of cumulativeIncidence.grayTest as { cause: string; p: number }[]) expect(await page.getByTestId('gray-test').textContent()).toContain(`${test.cause} ${printedP(test.p)}`);

    await page.getByTestId('endpoint').selectOption('PFS');
    await expect.poll(() => panel('survival').locator('h2').textContent()).toBe('Progression-free survival');
    await expect.poll(() => page.getByTestId('logrank-p').textContent(), { timeout: READY_TIMEOUT_MS }).toContain(`Log-rank ${printedP(compareSurvival.logRank.p)}`);
    await expect.poll(() => panel('survival').locator('svg text').allTextContents(), { timeout: READY_TIMEOUT_MS }).toContain('Progression-free survival by group (Kaplan–Meier)');
    for (const group of compareSurvival.groups as { label: string; estimate: { n: number; events: number } }[]) {
      expect(await page.locator(`[data-testid="survival-groups"] tr[data-group="${group.label}"] td`).nth(1).textContent()).toBe(String(group.estimate.events));
    }
    await expect.poll(() => panel('forest').locator('svg text').allTextContents(), { timeout: READY_TIMEOUT_MS }).toContain('Cox proportional-hazards model: Progression-free survival');
    await waitUntilReady('forest');
    const tests = coxRegression.proportionalHazards as { term: string; chisq: number; df: number; p: number }[];
    expect(tests.map((test) => test.term)).toEqual(['ascitesAtBaseline', 'extrahepaticMetastases', 'GLOBAL']);
    const shown = await page.locator('[data-testid="ph-test"] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-term'), tr.querySelector('[data-column="chisq"]')?.textContent, tr.querySelector('[data-column="p"]')?.textContent]));
    expect(shown).toEqual(tests.map((test) => [test.term, test.chisq.toFixed(2), printedP(test.p).replace(/^P (= )?/, '')]));
    expect(await page.locator('[data-testid="ph-test"] tbody th').allTextContents()).toEqual(['Ascites at baseline (yes vs no)', 'Extrahepatic metastases (yes vs no)', 'Global (whole model)']);
    expect(await panel('forest').textContent()).toContain(`${coxRegression.events} events`);

    await page.getByTestId('endpoint').selectOption('TOXICITY');
    await page.getByTestId('endpoint-analyte').selectOption('BILIRUBIN');
    await expect.poll(() => panel('survival').locator('h2').textContent(), { timeout: READY_TIMEOUT_MS }).toMatch(/^Time to CTCAE grade ≥ 3: /);
    await waitUntilReady('survival');
    await waitUntilReady('forest');
    await page.getByTestId('endpoint').selectOption('PFS');
    await expect.poll(() => panel('forest').locator('svg text').allTextContents(), { timeout: READY_TIMEOUT_MS }).toContain('Cox proportional-hazards model: Progression-free survival');
    await waitUntilReady('survival');
    await page.screenshot({ path: `${ARTIFACTS}explorer-endpoints.png`, fullPage: true });
  });

  it('asks for an API key when the server requires keys (AUTH_MODE=keys), then sends it as a bearer token', async () => {
    const guarded = await startTestServer({ env: { AUTH_MODE: 'keys' } });
    try {
      const key = (await createApiKey(guarded.db, { role: 'CONSORTIUM_ANALYST' })).key;
      const authorizations: (string | undefined)[] = [];
      await page.route('**/graphql', (route) => {
        authorizations.push(route.request().headers()['authorization']);
        return route.fallback();
      });
      await page.goto(`${guarded.url}/`);
      const keyForm = page.getByTestId('api-key');
      await keyForm.waitFor({ state: 'visible' });
      const prompt = await keyForm.locator('.api-key-message').textContent();
      expect(prompt).toBe('This API needs a key: send `Authorization: Bearer <key>` (ask an administrator for one).');
      await page.screenshot({ path: `${ARTIFACTS}explorer-api-key.png` });

      await page.fill('#api-key-input', 'ntk_not_a_key');
      await page.click('#api-key button[type="submit"]');
      await expect.poll(() => authorizations.includes('Bearer ntk_not_a_key')).toBe(true);
      expect(await keyForm.isVisible()).toBe(true);

      const sent = authorizations.length;
      await page.fill('#api-key-input', key);
      await page.click('#api-key button[type="submit"]');
      for (const name of ['characteristics', 'survival', 'forest', 'lab']) await waitUntilReady(name);
      const size = (await guarded.gql('{ cohort { size } }', {}, { authorization: `Bearer ${key}` })).data!.cohort.size;
      expect(await page.getByTestId('cohort-size').textContent()).toBe(`${size} patients`);
      expect(authorizations[0]).toBeUndefined();
      expect(authorizations.length - sent).toBeGreaterThanOrEqual(5);
      expect(new Set(authorizations.slice(sent))).toEqual(new Set([`Bearer ${key}`]));
    } finally {
      await guarded.close();
    }
  });
});
