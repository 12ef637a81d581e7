/**
 * The look every plot shares, so that a survival curve and a forest plot from the same study sit
 * together in a paper or a notebook: one font stack (installed system fonts only: nothing is
 * downloaded when rendering), title and axis sizes, and a colour-blind-safe categorical palette
 * (Okabe & Ito, "Color Universal Design", 2008; the order of Wong, Nature Methods 8:441, 2011,
 * starting at blue so that two groups read as blue vs orange).
 */
import type { Config } from 'vega-lite';

const FONT = 'Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif';

export const GROUP_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** A sequential palette for ordered categories (CTCAE grades 0 to 4): light to dark, ending in red. */
export const GRADE_COLORS = ['#d9d9d9', '#fdd49e', '#fc8d59', '#d7301f', '#7f0000'];

/** The colour of counts outside the ordered categories (results that could not be graded). */
export const NOT_GRADABLE_COLOR = '#9e9e9e';

export const PLOT_WIDTH = 560;

export const PLOT_CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 12,
  title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: '#444444', anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: false },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 320 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: null },
};
