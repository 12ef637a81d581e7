/**
 * Cumulative-incidence plots (Cohort.cumulativeIncidence) as Vega-Lite specs: the Aalen–Johansen
 * estimate of each cause as a step function (the value just after each time, held until the next:
 * step-after, from 0 at time 0), in one of two layouts:
 * - LINES: one panel per cause (the event of interest first, then each competing event), one line
 *   per group with its pointwise confidence band, Gray's test of that cause in the panel's subtitle;
 * - STACKED: one panel per group, the causes' incidences stacked, so that the top edge is the
 *   probability of any event, 1 − S(t) (Putter, Fiocco & Geskus, "Tutorial in biostatistics:
 *   competing risks and multi-state models", Stat Med 26:2389, 2007, figure 2).
 * Never 1 − KM of one cause, which overstates it when events compete (Putter et al., section 3.1).
 *
 * The input is the API's CumulativeIncidence result as the analysis returns it, already under
 * disclosure control where it applies (src/analyses/cumulative-incidence.ts: curves stopped where
 * fewer than k remain at risk, estimates to 3 significant digits, event counts released or
 * withheld): the plot draws exactly the released points and prints "withheld" for a null count.
 * Causes carry the names the analysis gave them after the endpoint's events ("progression",
 * "death").
 */
import type { TopLevelSpec } from 'vega-lite';
import { GROUP_COLORS, PLOT_CONFIG } from './plot-style.js';
import { formatP, TIME_UNIT_WORDS, type PlotTimeUnit } from './plot-text.js';
import { timeTicks } from './survival-plot.js';

export interface IncidencePointInput {
  time: number;
  estimate: number;
  lower: number | null;
  upper: number | null;
}

export interface CumulativeIncidenceInput {
  groups: readonly {
    label: string;
    n: number;
    causes: readonly { cause: string; events: number | null; curve: readonly IncidencePointInput[] }[];
  }[];
  grayTest: readonly { cause: string; statistic: number; df: number; p: number }[];
  timeUnit: PlotTimeUnit;
}

export type IncidencePlotLayout = 'LINES' | 'STACKED';

export interface CumulativeIncidencePlotOptions {
  title?: string | null;
  layout?: IncidencePlotLayout | null;
}

/** One drawn point: `panel` is the cause (LINES) or the group (STACKED), `series` the other. */
interface IncidenceRow {
  panel: string;
  series: string;
  order: number;
  time: number;
  estimate: number;
  lower: number | null;
  upper: number | null;
}

const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 260;
const PANELS_PER_ROW = 3;
/** Between panels: room for the next panel's y-axis labels and title (flush bounds leave axes out of the layout). */
const PANEL_SPACING = 64;
/** The causes' colours in the stacked layout: the event of interest in vermillion, then the palette's others. */
const CAUSE_COLORS = ['#D55E00', '#0072B2', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const groupName = (group: CumulativeIncidenceInput['groups'][number], grouped: boolean) => (grouped ? `${group.label} (n = ${group.n})` : `Patients (n = ${group.n})`);
const eventsText = (events: number | null) => (events === null ? 'withheld' : String(events));

/** A curve from (0, 0) through its released points; the band only where both limits are known (0 at the origin). */
function stepRows(panel: string, series: string, order: number, curve: readonly IncidencePointInput[]): IncidenceRow[] {
  return [
    { panel, series, order, time: 0, estimate: 0, lower: 0, upper: 0 },
    ...curve.map((point) => ({ panel, series, order, time: point.time, estimate: point.estimate, lower: point.lower, upper: point.upper })),
  ];
}

function grayText(test: CumulativeIncidenceInput['grayTest'][number] | undefined): string | undefined {
  if (test === undefined) return undefined;
  if (test.statistic < 0) return "Gray's test: variance singular, not computable";
  return `Gray's test ${formatP(test.p)} (χ² = ${test.statistic.toFixed(2)}, ${test.df} df)`;
}

/** "Ascites: no (n = 120): progression 50, death 20" per group: the events behind each curve. */
function eventLines(result: CumulativeIncidenceInput, grouped: boolean): string[] {
  return result.groups.map((group) => `${groupName(group, grouped)}: ${group.causes.map((cause) => `${cause.cause} ${eventsText(cause.events)}`).join(', ')} events`);
}

export function cumulativeIncidencePlot(result: CumulativeIncidenceInput, options: CumulativeIncidencePlotOptions = {}): TopLevelSpec {
  const layout = options.layout ?? 'LINES';
  const grouped = result.groups.length > 1 || result.grayTest.length > 0;
  const causes = result.groups[0]?.causes.map((cause) => cause.cause) ?? [];
  const groups = result.groups.map((group) => groupName(group, grouped));
  const rows = result.groups.flatMap((group, g) => group.causes.map((cause, c) => (layout === 'LINES'
    ? stepRows(cause.cause, groups[g]!, g, cause.curve)
    : stepRows(groups[g]!, cause.cause, c, cause.curve)))).flat();
  const lastTime = Math.max(0, ...rows.map((row) => row.time));
  const ticks = timeTicks(result.timeUnit, lastTime);
  const x = {
    field: 'time', type: 'quantitative' as const,
    scale: { domain: [0, ticks[ticks.length - 1]!], nice: false },
    axis: { values: ticks, title: `Time (${TIME_UNIT_WORDS[result.timeUnit]})` },
  };
  const series = layout === 'LINES' ? groups : causes;
  const color = {
    field: 'series', type: 'nominal' as const,
    scale: { domain: series, range: (layout === 'LINES' ? GROUP_COLORS : CAUSE_COLORS).slice(0, Math.max(1, series.length)) },
    legend: { title: null, orient: 'top' as const, symbolType: layout === 'LINES' ? 'stroke' : 'square', symbolStrokeWidth: 2, symbolOpacity: 1 },
  };
  const tooltip = [
    { field: 'series', type: 'nominal' as const, title: layout === 'LINES' ? 'Group' : 'Cause' },
    { field: 'time', type: 'quantitative' as const, title: `Time (${TIME_UNIT_WORDS[result.timeUnit]})`, format: '.1f' },
    { field: 'estimate', type: 'quantitative' as const, title: 'Cumulative incidence', format: '.1%' },
  ];
  /** Mark names are per panel: Vega-Lite merges views of one name into one dataflow, and every panel would draw the first's data. */
  const panelOf = (panel: string, subtitle: string | undefined, index: number) => {
    const only = { filter: { field: 'panel', equal: panel } };
    const y = { field: 'estimate', type: 'quantitative' as const, axis: { format: '.0%', title: layout === 'LINES' ? 'Cumulative incidence' : 'Cumulative incidence (stacked)' } };
    const lines = layout === 'LINES'
      ? [
        {
          name: `confidence_bands_${index}`,
          transform: [only, { filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
          mark: { type: 'area' as const, interpolate: 'step-after' as const, opacity: 0.15, clip: true },
          encoding: { x, y: { field: 'lower', type: 'quantitative' as const }, y2: { field: 'upper' }, color },
        },
        {
          name: `incidence_curves_${index}`,
          transform: [only],
          mark: { type: 'line' as const, interpolate: 'step-after' as const, strokeWidth: 2 },
          encoding: { x, y: { ...y, scale: { domain: [0, 1] } }, color, tooltip },
        },
      ]
      : [
        {
          name: `stacked_incidence_${index}`,
          transform: [only],
          mark: { type: 'area' as const, interpolate: 'step-after' as const, opacity: 0.85, line: { strokeWidth: 1 } },
          encoding: {
            x, y: { ...y, stack: 'zero' as const, scale: { domain: [0, 1] } }, color, tooltip,
            order: { field: 'order', type: 'quantitative' as const, sort: 'ascending' as const },
          },
        },
      ];
    return {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      title: { text: layout === 'LINES' ? capitalized(panel) : panel, ...(subtitle === undefined ? {} : { subtitle }), fontSize: 13, anchor: 'start' as const },
      layer: lines,
    };
  };
  const panels = layout === 'LINES'
    ? causes.map((cause, index) => panelOf(cause, grayText(result.grayTest.find((test) => test.cause === cause)), index))
    : groups.map((group, index) => panelOf(group, undefined, index));
  const defaultTitle = layout === 'LINES'
    ? `Cumulative incidence${grouped ? ' by group' : ''} (Aalen–Johansen)`
    : `Cumulative incidence by cause, stacked${grouped ? ', by group' : ''} (Aalen–Johansen)`;
  const note = layout === 'LINES'
    ? 'Shaded: pointwise confidence band; curves end where the analysis stopped releasing them'
    : 'Top edge: probability of any of the events; curves end where the analysis stopped releasing them';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PLOT_CONFIG,
    title: { text: options.title ?? defaultTitle, subtitle: [...eventLines(result, grouped), note] },
    datasets: { incidence: rows },
    data: { name: 'incidence' },
    bounds: 'flush',
    spacing: PANEL_SPACING,
    columns: PANELS_PER_ROW,
    concat: panels,
  };
}
