/**
 * `plot` on the analysis results (schema/plot.graphql). The services return plain objects, so
 * each `plot` resolver gets the result as its parent and turns it into a Vega-Lite spec
 * (src/plots/); `Plot.svg` renders that spec only when a query asks for it. Parents are typed
 * with the services' own result types, so a result that stops fitting a plot fails to compile.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CtcaeVersion } from '../clinical/index.js';
import { cumulativeIncidencePlot, type IncidencePlotLayout } from '../plots/cumulative-incidence-plot.js';
import { forestPlot } from '../plots/forest-plot.js';
import { labTrajectoryPlot, type TrajectorySummary } from '../plots/lab-trajectory-plot.js';
import { renderSvg } from '../plots/render-svg.js';
import { survivalComparisonPlot, survivalPlot } from '../plots/survival-plot.js';
import { toxicityPlot } from '../plots/toxicity-plot.js';
import type { CoxModel } from '../analyses/cox.js';
import type { estimateCumulativeIncidence } from '../analyses/cumulative-incidence.js';
import type { traceLab } from '../analyses/lab-trajectory.js';
import type { compareSurvival, SurvivalEstimate } from '../analyses/survival.js';
import type { tabulateToxicity } from '../analyses/toxicity.js';

interface PlotParent {
  vegaLite: TopLevelSpec;
}

interface TitleArgs {
  title?: string | null;
}

const plotOf = (vegaLite: TopLevelSpec): PlotParent => ({ vegaLite });

export const plotResolvers = {
  Plot: {
    svg: async (plot: PlotParent) => await renderSvg(plot.vegaLite),
  },
  SurvivalEstimate: {
    plot: (estimate: SurvivalEstimate, args: TitleArgs) => plotOf(survivalPlot(estimate, args)),
  },
  SurvivalComparison: {
    plot: (comparison: Awaited<ReturnType<typeof compareSurvival>>, args: TitleArgs) => plotOf(survivalComparisonPlot(comparison, args)),
  },
  CoxModel: {
    plot: (model: CoxModel, args: TitleArgs) => plotOf(forestPlot(model, args)),
  },
  CumulativeIncidence: {
    plot: (result: Awaited<ReturnType<typeof estimateCumulativeIncidence>>, args: TitleArgs & { layout?: IncidencePlotLayout | null }) =>
      plotOf(cumulativeIncidencePlot(result, args)),
  },
  LabTrajectory: {
    plot: (trajectory: Awaited<ReturnType<typeof traceLab>>, args: TitleArgs & { summary?: TrajectorySummary | null; ctcaeVersion?: CtcaeVersion | null }) =>
      plotOf(labTrajectoryPlot(trajectory, args)),
  },
  ToxicityTable: {
    plot: (table: Awaited<ReturnType<typeof tabulateToxicity>>, args: TitleArgs) => plotOf(toxicityPlot(table, args)),
  },
};
