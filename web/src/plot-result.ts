/**
 * What a panel with a plot, a test line and a details area shows once its request answers: the
 * plot, the test's one line and the tables below it, then "ready"; or, when the request failed,
 * all three emptied and the error in the status line (the survival and cumulative-incidence panels).
 */
import type { PanelStatus } from './panel-status';
import type { PlotView } from './plot-view';

export interface PlotResultParts {
  view: PlotView;
  test: HTMLElement;
  details: HTMLElement;
  status: PanelStatus;
}

export async function showPlotResult(parts: PlotResultParts, spec: unknown, testLine: string, details: readonly Node[]): Promise<void> {
  await parts.view.show(spec);
  parts.test.textContent = testLine;
  parts.details.replaceChildren(...details);
  parts.status.ready();
}

export function showPlotFailure(parts: PlotResultParts, error: unknown): void {
  parts.view.clear();
  parts.test.textContent = '';
  parts.details.replaceChildren();
  parts.status.failed(error);
}
