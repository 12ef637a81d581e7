/**
 * Lab trajectory plots through GraphQL: per timepoint and group the mean with its t interval (or
 * the median with its IQR) exactly as the trajectory reports them, the CTCAE thresholds near the
 * data as reference lines, and the repeated-measures ANOVA's P in the subtitle.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tQuantile } from '../../src/stats/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { compileWithWarnings, markNames, printedP, svgTexts } from './vega-lite.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

interface SummaryPoint { timepoint: string; n: number; mean: number | null; sd: number | null; median: number | null; q1: number | null; q3: number | null }
interface PlottedPoint { group: string; timepoint: string; n: number; center: number; low: number; high: number }

const TIMEPOINT_WORDS: Record<string, string> = { BASELINE: 'Baseline', MONTH_6: '6 months', YEAR_1: '1 year' };
const trajectoryFields = 'anova { p } groupComparison { interaction { p } } groups { label n summary { timepoint n mean sd median q1 q3 } }';

it('plots the mean and 95% t interval per timepoint and group, with the ANOVA P and the grade thresholds', async () => {
  const result = await server.gql(`{ cohort { labTrajectory(analyte: ALP, by: { variable: "tumorBurden" }) { ${trajectoryFields} plot { vegaLite svg } } } }`);
  expect(result.errors).toBeUndefined();
  const trajectory = result.data!.cohort.labTrajectory;
  const { vegaLite, svg } = trajectory.plot;
  expect(compileWithWarnings(vegaLite).warnings).toEqual([]);
  expect(markNames(svg)).toEqual(expect.arrayContaining(['intervals', 'centers', 'lines']));

  const points: PlottedPoint[] = vegaLite.datasets.points;
  let compared = 0;
  for (const group of trajectory.groups as { label: string; n: number; summary: SummaryPoint[] }[]) {
    for (const point of group.summary.filter((candidate) => candidate.n >= 2)) {
      const plotted = points.find((candidate) => candidate.group === `${group.label} (n = ${group.n})` && candidate.timepoint === TIMEPOINT_WORDS[point.timepoint]);
      const halfWidth = tQuantile(0.975, point.n - 1) * point.sd! / Math.sqrt(point.n);
      expect(plotted, `${group.label} ${point.timepoint}`).toMatchObject({ n: point.n, center: point.mean });
      expect(plotted!.low).toBeCloseTo(point.mean! - halfWidth, 9);
      expect(plotted!.high).toBeCloseTo(point.mean! + halfWidth, 9);
      compared += 1;
    }
  }
  expect(compared).toBeGreaterThanOrEqual(6);

  const texts = svgTexts(svg);
  expect(texts).toEqual(expect.arrayContaining(['Alkaline phosphatase over time', 'Alkaline phosphatase (U/L)', 'Baseline', '6 months', '1 year']));
  for (const group of trajectory.groups) expect(texts).toContain(`${group.label} (n = ${group.n})`);
  // Each timepoint's label carries the n of every group there, in legend order.
  const groups = trajectory.groups as { summary: SummaryPoint[] }[];
  for (const timepoint of ['BASELINE', 'YEAR_1'] as const) {
    const counts = groups.map((group) => group.summary.find((point) => point.timepoint === timepoint)?.n ?? '–');
    expect(texts).toContain(`n = ${counts.join(' / ')}`);
  }
  expect(texts.some((text) => text.startsWith('Repeated-measures ANOVA of time: F(') && text.includes(printedP(trajectory.anova.p)))).toBe(true);
  expect(texts.some((text) => text.startsWith('Mixed ANOVA: time × group ') && text.includes(printedP(trajectory.groupComparison.interaction.p)))).toBe(true);
  // CTCAE v5.0 alkaline phosphatase increased, grade 1: > ULN; the default adult ULN is 96 U/L.
  expect(texts).toContain('Grade 1: > 96 (ULN)');
  expect(texts).toContain('Dashed: where CTCAE v5.0 grades begin, at the default adult reference range');
});

it('plots the median and interquartile range when asked, and the thresholds of another CTCAE version', async () => {
  const result = await server.gql(`{ cohort { labTrajectory(analyte: ALP) { summary { timepoint n median q1 q3 } plot(summary: MEDIAN_IQR, ctcaeVersion: V4_03) { vegaLite svg } } } }`);
  expect(result.errors).toBeUndefined();
  const trajectory = result.data!.cohort.labTrajectory;
  const points: PlottedPoint[] = trajectory.plot.vegaLite.datasets.points;
  const expected = (trajectory.summary as SummaryPoint[]).filter((point) => point.median !== null)
    .map((point) => ({ group: 'All patients', timepoint: TIMEPOINT_WORDS[point.timepoint], n: point.n, center: point.median, low: point.q1, high: point.q3 }));
  expect(expected.length).toBe(3);
  expect(points.map(({ group, timepoint, n, center, low, high }) => ({ group, timepoint, n, center, low, high }))).toEqual(expected);
  const texts = svgTexts(trajectory.plot.svg);
  expect(texts).toContain('Median and interquartile range per timepoint');
  expect(texts).toContain('Dashed: where CTCAE v4.03 grades begin, at the default adult reference range');
});
