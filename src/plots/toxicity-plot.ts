/**
 * A toxicity table (the founding study's Table 4) as stacked bars, one small chart per lab: for
 * each timepoint, the patients with a result there, stacked by the CTCAE grade of that result from
 * grade 0 at the bottom, with the results that could not be graded on top in grey. Bars of one lab
 * share a count axis with every other lab, so heights compare across the panels. Withheld counts
 * (null, disclosure control) are left out of their bar.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ANALYTE_NAMES, ANALYTES, type CtcaeVersion } from '../clinical/index.js';
import { GRADE_COLORS, NOT_GRADABLE_COLOR, PLOT_CONFIG } from './plot-style.js';
import { TIMEPOINT_WORDS, type PlotTimepoint } from './plot-text.js';

export interface ToxicityRowInput {
  analyte: string;
  timepoint: PlotTimepoint;
  measured: number | null;
  notGradable: number | null;
  patientsByGrade: readonly { grade: number; patients: number | null }[];
}

export interface ToxicityTableInput {
  version: CtcaeVersion;
  cohortSize: number | null;
  rows: readonly ToxicityRowInput[];
}

export interface ToxicityPlotOptions {
  title?: string | null;
}

const PANEL_WIDTH = 170;
const PANEL_HEIGHT = 140;
const PANELS_PER_ROW = 4;
const GRADE_NAMES = ['Grade 0', 'Grade 1', 'Grade 2', 'Grade 3', 'Grade 4'];
const NOT_GRADABLE = 'Not gradable';
const CTCAE_NAMES: Readonly<Record<CtcaeVersion, string>> = { V5_0: 'CTCAE v5.0', V4_03: 'CTCAE v4.03' };

function analyteLabel(analyte: string): string {
  const known = ANALYTE_NAMES.find((name) => name === analyte);
  return known === undefined ? analyte : ANALYTES[known].label;
}

export function toxicityPlot(table: ToxicityTableInput, options: ToxicityPlotOptions = {}): TopLevelSpec {
  const bars = table.rows.flatMap((row) => {
    const base = { analyte: analyteLabel(row.analyte), timepoint: TIMEPOINT_WORDS[row.timepoint], measured: row.measured };
    const graded = row.patientsByGrade.map((count) => ({ ...base, category: GRADE_NAMES[count.grade] ?? `Grade ${count.grade}`, rank: count.grade, patients: count.patients }));
    return [...graded, { ...base, category: NOT_GRADABLE, rank: GRADE_NAMES.length, patients: row.notGradable }];
  }).filter((bar) => bar.patients !== null && bar.patients > 0);
  const analyteOrder = [...new Set(table.rows.map((row) => analyteLabel(row.analyte)))];
  const timepointOrder = [...new Set(table.rows.map((row) => TIMEPOINT_WORDS[row.timepoint]))];
  const cohort = table.cohortSize === null ? '' : `; cohort of ${table.cohortSize} patients`;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PLOT_CONFIG,
    title: {
      text: options.title ?? `Laboratory toxicity by ${CTCAE_NAMES[table.version]} grade`,
      subtitle: [`Patients with a result at each timepoint, by the grade of that result${cohort}`],
    },
    data: { values: bars },
    facet: { field: 'analyte', type: 'nominal', sort: analyteOrder, title: null, header: { labelFontWeight: 'bold', labelLimit: 0 } },
    spacing: { row: 32, column: 28 },
    bounds: 'flush',
    columns: PANELS_PER_ROW,
    spec: {
      name: 'grade_bars',
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'timepoint', type: 'ordinal', sort: timepointOrder, scale: { domain: timepointOrder }, axis: { title: null, labelAngle: 0 } },
        y: { field: 'patients', type: 'quantitative', stack: 'zero', axis: { title: 'Patients' } },
        color: {
          field: 'category',
          type: 'ordinal',
          scale: { domain: [...GRADE_NAMES, NOT_GRADABLE], range: [...GRADE_COLORS, NOT_GRADABLE_COLOR] },
          legend: { title: CTCAE_NAMES[table.version], orient: 'right' },
        },
        order: { field: 'rank', type: 'quantitative', sort: 'ascending' },
        tooltip: [
          { field: 'analyte', type: 'nominal', title: 'Lab' },
          { field: 'timepoint', type: 'nominal', title: 'Timepoint' },
          { field: 'category', type: 'nominal', title: 'Grade' },
          { field: 'patients', type: 'quantitative', title: 'Patients' },
          { field: 'measured', type: 'quantitative', title: 'With a result' },
        ],
      },
    },
  };
}
