/**
 * Toxicity plots through GraphQL: one panel per lab, one bar per timepoint whose stacked segments
 * are the patients per grade (and the results not gradable) of the same table, so each bar's
 * height is the patients with a result there.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { compileWithWarnings, markNames, svgTexts } from './vega-lite.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

interface Row { analyte: string; timepoint: string; measured: number; notGradable: number; patientsByGrade: { grade: number; patients: number }[] }
interface Bar { analyte: string; timepoint: string; category: string; patients: number }

const LABELS: Record<string, string> = { ALP: 'Alkaline phosphatase', BILIRUBIN: 'Total bilirubin', PLATELETS: 'Platelet count' };
const TIMEPOINT_WORDS: Record<string, string> = { BASELINE: 'Baseline', MONTH_6: '6 months', YEAR_1: '1 year' };

it('stacks the patients of each lab and timepoint by grade, bar heights the patients measured', async () => {
  const result = await server.gql(`{ cohort { toxicityTable(analytes: [ALP, BILIRUBIN, PLATELETS]) {
    cohortSize rows { analyte timepoint measured notGradable patientsByGrade { grade patients } } plot { vegaLite svg } } } }`);
  expect(result.errors).toBeUndefined();
  const table = result.data!.cohort.toxicityTable;
  const { vegaLite, svg } = table.plot;
  expect(compileWithWarnings(vegaLite).warnings).toEqual([]);
  expect(markNames(svg)).toContain('grade_bars');

  const bars: Bar[] = vegaLite.data.values;
  for (const row of table.rows as Row[]) {
    const stacked = bars.filter((bar) => bar.analyte === LABELS[row.analyte] && bar.timepoint === TIMEPOINT_WORDS[row.timepoint]);
    expect(stacked.reduce((sum, bar) => sum + bar.patients, 0), `${row.analyte} ${row.timepoint}`).toBe(row.measured);
    for (const count of row.patientsByGrade.filter((entry) => entry.patients > 0)) {
      expect(stacked.find((bar) => bar.category === `Grade ${count.grade}`)?.patients).toBe(count.patients);
    }
  }
  expect((table.rows as Row[]).reduce((sum, row) => sum + row.measured, 0)).toBeGreaterThan(0);

  const texts = svgTexts(svg);
  expect(texts).toEqual(expect.arrayContaining([
    'Laboratory toxicity by CTCAE v5.0 grade', ...Object.values(LABELS), ...Object.values(TIMEPOINT_WORDS),
    'Grade 0', 'Grade 1', 'Grade 2', 'Grade 3', 'Grade 4', 'Not gradable', 'Patients',
  ]));
  expect(texts).toContain(`Patients with a result at each timepoint, by the grade of that result; cohort of ${table.cohortSize} patients`);
});

it('names the CTCAE version of the table', async () => {
  const result = await server.gql('{ cohort { toxicityTable(analytes: [ALT], version: V4_03) { plot(title: "ALT, CTCAE v4.03") { svg } } } }');
  expect(result.errors).toBeUndefined();
  const texts = svgTexts(result.data!.cohort.toxicityTable.plot.svg);
  expect(texts).toEqual(expect.arrayContaining(['ALT, CTCAE v4.03', 'CTCAE v4.03', 'Alanine aminotransferase']));
});
