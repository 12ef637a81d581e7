/**
 * A plot spec rendered to SVG on the server with the same libraries a browser uses (Vega-Lite
 * compiles it to Vega; Vega lays it out and writes SVG with the headless `none` renderer), so the
 * picture and the spec a client renders itself always agree. Specs carry their data inline; the
 * loader refuses every URL, so rendering never reaches the network or the file system. Text is
 * measured by Vega's character-width estimate (node-canvas is not installed) and drawn with the
 * viewer's installed fonts.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

const refuseToLoad = (uri: string) => Promise.reject(new Error(`plots render offline: refusing to load "${uri}"`));
const OFFLINE_LOADER: vega.Loader = { load: refuseToLoad, sanitize: refuseToLoad, http: refuseToLoad, file: refuseToLoad };

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', loader: OFFLINE_LOADER, logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
