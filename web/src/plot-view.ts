/**
 * Shows a plot from the API: the `vegaLite` spec of a `plot` field, rendered in the browser with
 * vega-embed (the way the issue asks front ends to render it). SVG rendering keeps the text in
 * the DOM (legends, numbers at risk) for people and tests to read; the export menu saves SVG or
 * PNG locally and links to nothing outside this server.
 */
import embed, { type Result, type VisualizationSpec } from 'vega-embed';

export interface PlotView {
  show(spec: unknown): Promise<void>;
  clear(): void;
}

export function createPlotView(container: HTMLElement): PlotView {
  let current: Result | null = null;
  const clear = () => {
    current?.finalize();
    current = null;
    container.replaceChildren();
  };
  return {
    async show(spec) {
      clear();
      // `vegaLite` is the JSON scalar: a complete Vega-Lite spec built by src/plots on the server.
      current = await embed(container, spec as VisualizationSpec, {
        mode: 'vega-lite',
        renderer: 'svg',
        actions: { export: true, source: false, compiled: false, editor: false },
      });
    },
    clear,
  };
}
