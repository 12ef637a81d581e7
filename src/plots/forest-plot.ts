/**
 * A Cox model as a forest plot (Vega-Lite spec): one row per model term, the hazard ratio as a
 * square and its confidence interval as a line on a log axis (so that HR 2 and HR 0.5 lie equally
 * far from 1), a dashed reference line at HR = 1, and the numbers beside the picture: HR (CI) and
 * the Wald P of each term. Terms R would print as NA (aliased) keep their row, marked not
 * estimable; an interval with an infinite limit runs to the edge of the axis.
 *
 * The interval's level is not part of the result; it is recovered from the interval itself,
 * which is Wald's exp(coef ∓ q·se) (src/stats/cox-regression.ts): q = (coef − ln lower) / se and
 * level = 1 − 2·(1 − Φ(q)).
 */
import type { TopLevelSpec } from 'vega-lite';
import { normalUpperTail } from '../stats/index.js';
import { GROUP_COLORS, PLOT_CONFIG } from './plot-style.js';
import { formatEstimate, formatInterval, formatP, formatPValue } from './plot-text.js';

export interface CoxTermInput {
  name: string;
  /** What the row reads, its reference level named ("Ascites at baseline (yes vs no)"); the name when absent. */
  label?: string;
  coef: number | null;
  hazardRatio: number | null;
  lower: number | null;
  upper: number | null;
  se: number | null;
  p: number | null;
}

export interface CoxModelInput {
  n: number;
  events: number;
  converged: boolean;
  terms: readonly CoxTermInput[];
  likelihoodRatio: { statistic: number; df: number | null; p: number | null };
  concordance: number | null;
}

export interface ForestPlotOptions {
  title?: string | null;
}

const ROW_HEIGHT = 28;
const FOREST_WIDTH = 340;
const AXIS_VALUES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];
/** Room left around the outermost limits, as a factor on the log axis. */
const DOMAIN_MARGIN = 1.25;

function confidenceLevel(terms: readonly CoxTermInput[]): string {
  const term = terms.find((candidate) => candidate.coef !== null && candidate.se !== null && candidate.se > 0 && candidate.lower !== null && candidate.lower > 0);
  if (term === undefined) return '';
  const quantile = (term.coef! - Math.log(term.lower!)) / term.se!;
  const level = 1 - 2 * normalUpperTail(quantile);
  return `${Number((100 * level).toFixed(1))}% `;
}

function axisDomain(terms: readonly CoxTermInput[]): [number, number] {
  const limits = terms.flatMap((term) => [term.lower, term.hazardRatio, term.upper]).filter((value): value is number => value !== null && value > 0 && Number.isFinite(value));
  return [Math.min(1, ...limits) / DOMAIN_MARGIN, Math.max(1, ...limits) * DOMAIN_MARGIN];
}

export function forestPlot(model: CoxModelInput, options: ForestPlotOptions = {}): TopLevelSpec {
  const [low, high] = axisDomain(model.terms);
  const clamp = (value: number | null, edge: number) => (value === null || !Number.isFinite(value) ? edge : Math.min(high, Math.max(low, value)));
  const rows = model.terms.map((term) => ({
    term: term.label ?? term.name,
    hazardRatio: term.hazardRatio,
    lower: clamp(term.lower, low),
    upper: clamp(term.upper, high),
    estimate: term.hazardRatio === null ? 'not estimable' : formatInterval(term.hazardRatio, term.lower, term.upper),
    p: term.p === null ? '' : formatPValue(term.p),
  }));
  const estimable = rows.filter((row) => row.hazardRatio !== null);
  const termOrder = rows.map((row) => row.term);
  // Every layer names the same axis: term labels ("Hepatic tumour burden (25–50 % vs < 25 %)") need the room.
  const termAxis = { title: null, domain: false, ticks: false, labelLimit: 480, labelFontSize: 12 };
  const term = { field: 'term', type: 'nominal' as const, scale: { domain: termOrder }, sort: termOrder, axis: termAxis };
  const height = ROW_HEIGHT * Math.max(1, rows.length);
  const level = confidenceLevel(model.terms);
  const lr = model.likelihoodRatio;
  const subtitle = [
    `n = ${model.n}, ${model.events} deaths; likelihood-ratio ${lr.p === null ? 'P not computed' : formatP(lr.p)}${lr.df === null ? '' : ` (χ² = ${lr.statistic.toFixed(2)}, ${lr.df} df)`}${model.concordance === null ? '' : `; concordance ${formatEstimate(model.concordance)}`}`,
    'HR < 1: lower hazard of death; squares: hazard ratios; lines: confidence intervals',
    ...(model.converged ? [] : ['The fit did not converge: a coefficient may be infinite (see the model warnings).']),
  ];
  const textColumn = (field: string, header: string, width: number) => ({
    width,
    height,
    title: { text: header, fontSize: 12, fontWeight: 'bold' as const, anchor: 'start' as const },
    data: { name: 'terms' },
    mark: { type: 'text' as const, align: 'left' as const, fontSize: 11 },
    encoding: { x: { value: 0 }, y: { ...term, axis: null }, text: { field, type: 'nominal' as const } },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: PLOT_CONFIG,
    title: { text: options.title ?? 'Cox proportional-hazards model', subtitle },
    datasets: { terms: rows, estimable, reference: [{ hazardRatio: 1 }] },
    spacing: 12,
    hconcat: [
      {
        name: 'forest',
        width: FOREST_WIDTH,
        height,
        title: { text: ' ', fontSize: 12 },
        layer: [
          {
            name: 'reference_line',
            data: { name: 'reference' },
            mark: { type: 'rule', strokeDash: [4, 4], color: '#666666' },
            encoding: { x: { field: 'hazardRatio', type: 'quantitative', scale: { type: 'log', domain: [low, high], nice: false } } },
          },
          {
            name: 'confidence_intervals',
            data: { name: 'estimable' },
            mark: { type: 'rule', strokeWidth: 1.5, color: GROUP_COLORS[0] },
            encoding: {
              y: term,
              x: {
                field: 'lower',
                type: 'quantitative',
                scale: { type: 'log', domain: [low, high], nice: false },
                axis: { title: `Hazard ratio (${level}CI), log scale`, values: AXIS_VALUES.filter((value) => value >= low && value <= high), format: '~g' },
              },
              x2: { field: 'upper' },
            },
          },
          {
            name: 'hazard_ratios',
            data: { name: 'estimable' },
            mark: { type: 'square', size: 90, opacity: 1, color: GROUP_COLORS[0] },
            encoding: { y: term, x: { field: 'hazardRatio', type: 'quantitative' } },
          },
        ],
      },
      textColumn('estimate', `HR (${level}CI)`, 150),
      textColumn('p', 'P', 60),
    ],
  };
}
