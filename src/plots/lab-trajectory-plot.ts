/**
 * A lab's course over the study timepoints as a Vega-Lite spec: per timepoint and group, the mean
 * with its 95% confidence interval (mean ± t(0.975, n − 1)·SD/√n, the t interval of the study's
 * Tables 3 and 5) or the median with its interquartile range, joined across timepoints; dashed
 * reference lines where CTCAE grades begin (grade-thresholds.ts): always the first one (the limit
 * of normal, for most terms), the others when they fall within a factor of 1.5 of the plotted
 * range (a grade-4 line at 20 × ULN would flatten the curves); and the repeated-measures ANOVA of
 * time in the subtitle.
 *
 * The input is the API's LabTrajectory result as the services return it. Time is drawn on a
 * numeric axis labelled with the timepoints, so that each group's line joins its own points and
 * the groups sit side by side at each timepoint without hiding each other's intervals.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ANALYTES, type AnalyteName, type CtcaeVersion } from '../clinical/index.js';
import { tQuantile } from '../stats/index.js';
import { gradeThresholds } from './grade-thresholds.js';
import { GROUP_COLORS, PLOT_CONFIG, PLOT_WIDTH } from './plot-style.js';
import { formatEstimate, formatP, TIMEPOINT_WORDS, type PlotTimepoint } from './plot-text.js';

export interface TrajectoryPointInput {
  timepoint: PlotTimepoint;
  /** null when disclosure control withholds it (then so are the statistics). */
  n: number | null;
  mean: number | null;
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
}

export interface AnovaInput {
  nComplete: number;
  F: number | null;
  df1: number;
  df2: number;
  p: number | null;
  greenhouseGeisser: { p: number | null };
  interaction: { F: number | null; df1: number; df2: number; p: number | null } | null;
  between: { p: number | null } | null;
}

export interface LabTrajectoryInput {
  analyte: AnalyteName;
  unit: string;
  timepoints: readonly PlotTimepoint[];
  summary: readonly TrajectoryPointInput[];
  anova: AnovaInput | null;
  groupComparison: AnovaInput | null;
  /** A group's n is null when disclosure control withholds it. */
  groups: readonly { label: string; n: number | null; summary: readonly TrajectoryPointInput[] }[];
}

export type TrajectorySummary = 'MEAN_CI' | 'MEDIAN_IQR';

export interface LabTrajectoryPlotOptions {
  summary?: TrajectorySummary | null;
  ctcaeVersion?: CtcaeVersion | null;
  title?: string | null;
}

const PLOT_HEIGHT = 320;
/** Thresholds further than this factor from the plotted values are left out, except the limit of normal. */
const THRESHOLD_REACH = 1.5;
/** How far apart groups sit at a timepoint, in timepoint widths. */
const GROUP_SPREAD = 0.12;
/** Room right of the last timepoint for the thresholds' labels, in timepoint widths. */
const LABEL_MARGIN = 0.6;
const CTCAE_NAMES: Readonly<Record<CtcaeVersion, string>> = { V5_0: 'CTCAE v5.0', V4_03: 'CTCAE v4.03' };

interface Interval {
  center: number;
  low: number;
  high: number;
}

function interval(point: TrajectoryPointInput, summary: TrajectorySummary): Interval | null {
  if (summary === 'MEDIAN_IQR') {
    return point.median === null || point.q1 === null || point.q3 === null ? null : { center: point.median, low: point.q1, high: point.q3 };
  }
  if (point.mean === null) return null;
  if (point.sd === null || point.n === null || point.n < 2) return { center: point.mean, low: point.mean, high: point.mean };
  const halfWidth = tQuantile(0.975, point.n - 1) * (point.sd / Math.sqrt(point.n));
  return { center: point.mean, low: point.mean - halfWidth, high: point.mean + halfWidth };
}

function anovaText(anova: AnovaInput | null, what: string): string | null {
  if (anova === null || anova.p === null || anova.F === null) return null;
  const corrected = anova.greenhouseGeisser.p === null ? '' : `; Greenhouse–Geisser ${formatP(anova.greenhouseGeisser.p)}`;
  return `${what}: F(${formatEstimate(anova.df1)}, ${formatEstimate(anova.df2)}) = ${anova.F.toFixed(2)}, ${formatP(anova.p)}${corrected} (n = ${anova.nComplete} with every timepoint)`;
}

function groupText(anova: AnovaInput | null): string | null {
  const parts = [
    anova?.interaction?.p == null ? null : `time × group ${formatP(anova.interaction.p)}`,
    anova?.between?.p == null ? null : `between groups ${formatP(anova.between.p)}`,
  ].filter((part) => part !== null);
  return parts.length === 0 ? null : `Mixed ANOVA: ${parts.join('; ')}`;
}

export function labTrajectoryPlot(trajectory: LabTrajectoryInput, options: LabTrajectoryPlotOptions = {}): TopLevelSpec {
  const summary = options.summary ?? 'MEAN_CI';
  const version = options.ctcaeVersion ?? 'V5_0';
  const analyte = ANALYTES[trajectory.analyte];
  const series = trajectory.groups.length > 0
    ? trajectory.groups.map((group) => ({ name: group.n === null ? group.label : `${group.label} (n = ${group.n})`, summary: group.summary }))
    : [{ name: 'All patients', summary: trajectory.summary }];
  const names = series.map((group) => group.name);
  const timepointWords = trajectory.timepoints.map((timepoint) => TIMEPOINT_WORDS[timepoint]);
  // Each timepoint's label carries the n behind its points (per group, in legend order): the groups shrink over time.
  const countAt = (group: (typeof series)[number], timepoint: PlotTimepoint) => {
    const n = group.summary.find((point) => point.timepoint === timepoint)?.n;
    return n === null || n === undefined ? '–' : String(n);
  };
  const timepointLabels = trajectory.timepoints.map((timepoint, index) => [timepointWords[index]!, `n = ${series.map((group) => countAt(group, timepoint)).join(' / ')}`]);
  const points = series.flatMap((group, groupIndex) => group.summary.flatMap((point) => {
    const shown = interval(point, summary);
    const position = trajectory.timepoints.indexOf(point.timepoint) + (groupIndex - (series.length - 1) / 2) * GROUP_SPREAD;
    return shown === null ? [] : [{ group: group.name, timepoint: TIMEPOINT_WORDS[point.timepoint], position, n: point.n, ...shown }];
  }));
  const low = Math.min(...points.map((point) => point.low));
  const high = Math.max(...points.map((point) => point.high));
  const thresholds = points.length === 0 ? [] : gradeThresholds(trajectory.analyte, version)
    .filter((line, index) => index === 0 || (line.value <= high * THRESHOLD_REACH && line.value >= low / THRESHOLD_REACH))
    .map((line) => ({ value: line.value, label: `Grade ${line.grade}: ${line.direction} ${Number(line.value.toPrecision(3))}${line.basis === '' ? '' : ` (${line.basis})`}` }));
  const unitText = trajectory.unit === '1' || trajectory.unit === '' ? '' : ` (${trajectory.unit})`;
  const summaryText = summary === 'MEAN_CI' ? 'Mean and 95% CI' : 'Median and interquartile range';
  const subtitle = [
    points.length === 0 ? 'No patient of this cohort has a value at these timepoints' : `${summaryText} per timepoint${series.length > 1 ? ' and group' : ''}`,
    anovaText(trajectory.anova, 'Repeated-measures ANOVA of time'),
    groupText(trajectory.groupComparison),
    thresholds.length === 0 ? null : `Dashed: where ${CTCAE_NAMES[version]} grades begin, at the default adult reference range`,
  ].filter((line): line is string => line !== null);
  const x = {
    field: 'position',
    type: 'quantitative' as const,
    scale: { domain: [-0.5, trajectory.timepoints.length - 0.5 + LABEL_MARGIN], nice: false, zero: false },
    axis: { title: series.length > 1 ? `Timepoint (n per group: ${names.join(' / ')})` : 'Timepoint', values: timepointWords.map((_, index) => index), labelExpr: `${JSON.stringify(timepointLabels)}[datum.value]`, grid: false },
  };
  const y = { field: 'center', type: 'quantitative' as const, scale: { zero: false }, axis: { title: `${analyte.label}${unitText}` } };
  const color = { field: 'group', type: 'nominal' as const, scale: { domain: names, range: GROUP_COLORS.slice(0, names.length) }, legend: series.length > 1 ? { title: null, orient: 'bottom' as const, labelLimit: 360 } : null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PLOT_CONFIG,
    title: { text: options.title ?? `${analyte.label} over time`, subtitle },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    datasets: { points, thresholds },
    layer: [
      {
        name: 'grade_thresholds',
        data: { name: 'thresholds' },
        layer: [
          { mark: { type: 'rule', strokeDash: [6, 4], color: '#b2182b', opacity: 0.7 }, encoding: { y: { field: 'value', type: 'quantitative' } } },
          {
            mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2, fontSize: 10, color: '#b2182b' },
            encoding: { y: { field: 'value', type: 'quantitative' }, x: { value: PLOT_WIDTH - 4 }, text: { field: 'label', type: 'nominal' } },
          },
        ],
      },
      {
        name: 'trajectory',
        data: { name: 'points' },
        layer: [
          { name: 'intervals', mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color } },
          { name: 'centers', mark: { type: 'point', filled: true, size: 60, opacity: 1 }, encoding: { x, y, color } },
          { name: 'lines', mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color } },
        ],
      },
    ],
  };
}
