/**
 * Kaplan–Meier plots as Vega-Lite specs: one step curve per group (the survival just after each
 * time, held until the next: step-after), its pointwise confidence band as a shaded step area,
 * a tick where patients were censored, and a number-at-risk table under the time axis at the
 * axis's own ticks, as the CONSORT-era reporting guidance for survival plots asks (Pocock,
 * Clayton & Altman, "Survival plots of time-to-event outcomes in clinical trials", Lancet 359:1686,
 * 2002: show the numbers at risk, and do not let the curve's tail outrun its data).
 *
 * The input is the API's SurvivalEstimate / SurvivalComparison result as the services return it,
 * already under disclosure control where it applies (docs/disclosure-control.md: counts rounded,
 * the curve stopped where fewer than k remain at risk). The number at risk at time t is the nRisk
 * of the first curve point at or after t (the patients whose time is ≥ t). Past the last point it
 * is 0 when nobody remained after it, and unknown ("–") when some did: the curve was stopped
 * there. The band's level is not part of the result, so the legend says "confidence band"
 * without a level. A result of another endpoint than overall survival from the index date names
 * it (`endpoint`): the title, the survival axis ("Free of progression or death"), the time axis's
 * origin and the event count say what was measured instead of "Overall survival" and "deaths".
 */
import type { TopLevelSpec } from 'vega-lite';
import { GROUP_COLORS, PLOT_CONFIG, PLOT_WIDTH } from './plot-style.js';
import { formatP, formatTime, TIME_UNIT_WORDS, type PlotTimeUnit } from './plot-text.js';

export interface SurvivalCurvePoint {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  lower: number | null;
  upper: number | null;
}

/** What the result measured, as the services name it (src/analyses/endpoint.ts, EndpointNaming). */
export interface PlottedEndpoint {
  label: string;
  event: string;
  origin: 'INDEX_DATE' | 'DIAGNOSIS' | 'LAST_TREATMENT';
}

export interface SurvivalEstimateInput {
  n: number;
  /** Null when disclosure control withheld it. */
  events: number | null;
  timeUnit: PlotTimeUnit;
  median: { estimate: number | null };
  curve: readonly SurvivalCurvePoint[];
  /** Absent: overall survival from the index date. */
  endpoint?: PlottedEndpoint;
}

export interface SurvivalComparisonInput {
  groups: readonly { label: string; estimate: SurvivalEstimateInput }[];
  logRank: { statistic: number | null; df: number | null; p: number | null; rho: number };
  n: number;
  endpoint?: PlottedEndpoint;
}

/** The words a plot uses for its endpoint. */
interface EndpointWords {
  title: string;
  survivalAxis: string;
  timeAxis: string;
  events: (count: number | null) => string;
}

const ORIGIN_AXIS: Readonly<Record<PlottedEndpoint['origin'], string>> = {
  INDEX_DATE: 'Time since first TARE', DIAGNOSIS: 'Time since liver-metastasis diagnosis', LAST_TREATMENT: 'Time since last TARE session',
};

/** The presets' names as a title spells them out; a label starts with its preset's name ("PFS (landmark 3 months)"). */
const PRESET_TITLES: Readonly<Record<string, string>> = {
  PFS: 'Progression-free survival', TTP: 'Time to progression', HEPATIC_PFS: 'Hepatic progression-free survival',
};

function endpointTitle(label: string): string {
  const preset = /^[A-Z_]+/.exec(label)?.[0] ?? '';
  return preset in PRESET_TITLES ? `${PRESET_TITLES[preset]}${label.slice(preset.length)}` : label;
}

function endpointWords(endpoint: PlottedEndpoint | undefined): EndpointWords {
  if (endpoint === undefined || endpoint.label === 'OS') {
    return {
      title: 'Overall survival', survivalAxis: 'Overall survival', timeAxis: ORIGIN_AXIS.INDEX_DATE,
      events: (count) => (count === null ? 'deaths withheld (disclosure control)' : `${count} deaths`),
    };
  }
  return {
    title: endpointTitle(endpoint.label), survivalAxis: `Free of ${endpoint.event}`, timeAxis: ORIGIN_AXIS[endpoint.origin],
    events: (count) => (count === null ? 'events withheld (disclosure control)' : `${count} events (${endpoint.event})`),
  };
}

export interface SurvivalPlotOptions {
  title?: string | null;
}

interface CurveGroup {
  /** The legend entry: the group's label and size. */
  name: string;
  /** The row label of the number-at-risk table. */
  label: string;
  estimate: SurvivalEstimateInput;
}

/** Spacing of the time axis (and of the number-at-risk columns): the first that gives at most 8 intervals. */
const TICK_STEPS: Readonly<Record<PlotTimeUnit, readonly number[]>> = {
  DAYS: [30, 90, 180, 365, 730, 1461],
  MONTHS: [3, 6, 12, 24, 36, 60, 120],
  YEARS: [0.5, 1, 2, 5, 10],
};
const MAX_INTERVALS = 8;
const CURVE_HEIGHT = 320;
const AT_RISK_ROW_HEIGHT = 18;
/** Room under the curves for the time axis's labels and title (flush bounds leave axes out of the layout). */
const AXIS_CLEARANCE = 48;

/** The time axis's ticks from 0 past `lastTime` (shared with the cumulative-incidence plot). */
export function timeTicks(unit: PlotTimeUnit, lastTime: number): number[] {
  const steps = TICK_STEPS[unit];
  const step = steps.find((candidate) => lastTime / candidate <= MAX_INTERVALS) ?? steps[steps.length - 1]!;
  const count = Math.max(1, Math.ceil(lastTime / step));
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/** The number at risk at `time`, null when the curve stops before it with patients still at risk. */
function atRisk(curve: readonly SurvivalCurvePoint[], n: number, time: number): number | null {
  if (time <= 0) return n;
  const next = curve.find((point) => point.time >= time);
  if (next !== undefined) return next.nRisk;
  const last = curve[curve.length - 1];
  return last === undefined || last.nRisk - last.nEvent - last.nCensor <= 0 ? 0 : null;
}

function medianText(estimate: SurvivalEstimateInput): string {
  const median = estimate.median.estimate;
  return median === null ? 'not reached' : formatTime(median, estimate.timeUnit);
}

function kaplanMeierSpec(groups: readonly CurveGroup[], words: EndpointWords, title: string, subtitle: string[]): TopLevelSpec {
  const unit = groups[0]?.estimate.timeUnit ?? 'MONTHS';
  const lastTime = Math.max(0, ...groups.flatMap((group) => group.estimate.curve.map((point) => point.time)));
  const ticks = timeTicks(unit, lastTime);
  const domainEnd = ticks[ticks.length - 1]!;
  const names = groups.map((group) => group.name);
  const color = {
    field: 'group',
    type: 'nominal' as const,
    scale: { domain: names, range: GROUP_COLORS.slice(0, Math.max(1, names.length)) },
    legend: { title: null, orient: 'top-right' as const, symbolType: 'stroke', symbolStrokeWidth: 2, symbolOpacity: 1 },
  };
  const time = {
    field: 'time',
    type: 'quantitative' as const,
    scale: { domain: [0, domainEnd], nice: false },
    axis: { values: ticks, title: `${words.timeAxis} (${TIME_UNIT_WORDS[unit]})` },
  };
  const curves = groups.flatMap((group) => [
    { group: group.name, time: 0, survival: 1, lower: 1, upper: 1 },
    ...group.estimate.curve.map((point) => ({ group: group.name, time: point.time, survival: point.survival, lower: point.lower, upper: point.upper })),
  ]);
  const censored = groups.flatMap((group) =>
    group.estimate.curve.filter((point) => point.nCensor > 0).map((point) => ({ group: group.name, time: point.time, survival: point.survival, censored: point.nCensor })));
  const atRiskRows = groups.flatMap((group) =>
    ticks.map((tick) => {
      const count = atRisk(group.estimate.curve, group.estimate.n, tick);
      return { group: group.name, label: group.label, time: tick, atRisk: count, shown: count === null ? '–' : String(count) };
    }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PLOT_CONFIG,
    title: { text: title, subtitle },
    datasets: { curves, censored, atRisk: atRiskRows },
    spacing: AXIS_CLEARANCE,
    bounds: 'flush',
    vconcat: [
      {
        width: PLOT_WIDTH,
        height: CURVE_HEIGHT,
        layer: [
          {
            name: 'confidence_bands',
            data: { name: 'curves' },
            mark: { type: 'area', interpolate: 'step-after', opacity: 0.15 },
            encoding: { x: time, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color },
          },
          {
            name: 'survival_curves',
            data: { name: 'curves' },
            mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
            encoding: {
              x: time,
              y: { field: 'survival', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%', title: words.survivalAxis } },
              color,
            },
          },
          {
            name: 'censoring_ticks',
            data: { name: 'censored' },
            mark: { type: 'tick', orient: 'vertical', thickness: 1.5, size: 8 },
            encoding: { x: time, y: { field: 'survival', type: 'quantitative' }, color },
          },
        ],
      },
      {
        name: 'number_at_risk',
        width: PLOT_WIDTH,
        height: AT_RISK_ROW_HEIGHT * groups.length,
        title: { text: 'Number at risk', fontSize: 12, fontWeight: 'normal', anchor: 'start', offset: 4 },
        data: { name: 'atRisk' },
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          x: { ...time, axis: null },
          y: { field: 'label', type: 'nominal', sort: groups.map((group) => group.label), axis: { title: null, domain: false, ticks: false, labelLimit: 320, labelPadding: 16 } },
          text: { field: 'shown', type: 'nominal' },
          color,
        },
      },
    ],
  };
}

const censoringNote = 'Shaded: pointwise confidence band; ticks: censored patients';

/** One Kaplan–Meier curve: overall survival (or the result's endpoint) of a cohort. */
export function survivalPlot(estimate: SurvivalEstimateInput, options: SurvivalPlotOptions = {}): TopLevelSpec {
  const group: CurveGroup = { name: `Patients (n = ${estimate.n})`, label: 'Patients', estimate };
  const words = endpointWords(estimate.endpoint);
  return kaplanMeierSpec([group], words, options.title ?? `${words.title} (Kaplan–Meier)`, [
    `n = ${estimate.n}, ${words.events(estimate.events)}; median ${medianText(estimate)}`,
    censoringNote,
  ]);
}

/** Kaplan–Meier curves per group with the log-rank (or G-rho) P in the subtitle. */
export function survivalComparisonPlot(comparison: SurvivalComparisonInput, options: SurvivalPlotOptions = {}): TopLevelSpec {
  const groups: CurveGroup[] = comparison.groups.map((group) => ({
    name: `${group.label} (n = ${group.estimate.n})`,
    label: group.label,
    estimate: group.estimate,
  }));
  const { logRank } = comparison;
  const testName = logRank.rho === 0 ? 'Log-rank' : `G-rho (ρ = ${logRank.rho})`;
  const degrees = logRank.df === null ? '' : `, ${logRank.df} df`;
  const perGroup = comparison.groups.map((group) => group.estimate.events);
  const deaths = perGroup.includes(null) ? null : perGroup.reduce<number>((sum, events) => sum + events!, 0);
  const words = endpointWords(comparison.endpoint);
  return kaplanMeierSpec(groups, words, options.title ?? `${words.title} by group (Kaplan–Meier)`, [
    `${logRank.statistic === null || logRank.p === null ? `${testName}: not computable on these data` : `${testName} ${formatP(logRank.p)} (χ² = ${logRank.statistic.toFixed(2)}${degrees})`}; n = ${comparison.n}, ${words.events(deaths)}`,
    `Median: ${groups.map((group) => `${group.label} ${medianText(group.estimate)}`).join('; ')}`,
    censoringNote,
  ]);
}
