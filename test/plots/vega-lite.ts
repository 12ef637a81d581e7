/**
 * Test helpers for plots: compile a spec from the API with Vega-Lite, as a client would, keeping
 * every warning the compiler logs (a spec that compiles with warnings renders something else
 * than what it says); and read the texts of an SVG as a reader would see them.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export function compileWithWarnings(spec: unknown): { warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...message: unknown[]) => { warnings.push(`error: ${message.join(' ')}`); return logger; },
    warn: (...message: unknown[]) => { warnings.push(`warn: ${message.join(' ')}`); return logger; },
    info: () => logger,
    debug: () => logger,
  };
  compile(spec as TopLevelSpec, { logger });
  return { warnings };
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

const decode = (text: string) => text.replace(/&lt;|&gt;|&amp;|&quot;|&#39;/g, (entity) => ENTITIES[entity]!);

/** The text of every <text> element ("" for an empty one), one entry per line (<tspan>) of multi-line texts, entities decoded. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*?(?:\/>|>(.*?)<\/text>)/g)].flatMap((match) => {
    const inner = match[1] ?? '';
    const lines = [...inner.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((line) => line[1]!);
    return (lines.length > 0 ? lines : [inner]).map(decode);
  });
}

/** The texts of the marks named `name` (Vega writes them in a group of class `<name>_marks` ... ). */
export function markTexts(svg: string, name: string): string[] {
  const start = svg.indexOf(`${name}_marks`);
  if (start < 0) return [];
  const end = svg.indexOf('</g>', start);
  return svgTexts(svg.slice(start, end));
}

/** The names of the marks drawn, from Vega's `role-mark <name>_marks` classes. */
export function markNames(svg: string): string[] {
  return [...svg.matchAll(/role-mark ([\w]+)_marks/g)].map((match) => match[1]!);
}

/** The P value as the plots print it (two decimals, three below 0.1, "< 0.001" below that). */
export function printedP(p: number): string {
  if (p < 0.001) return 'P < 0.001';
  return `P = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

interface SceneNode { marktype?: string; name?: string; items?: SceneNode[]; datum?: Record<string, unknown> }

/** The data rows each mark named `name` draws, read from Vega's scenegraph after running the spec (what is on screen, not what the spec lists). */
export async function drawnRows(spec: unknown, name: string): Promise<Record<string, unknown>[]> {
  const view = new vega.View(vega.parse(compile(spec as TopLevelSpec).spec), { renderer: 'none' });
  try {
    await view.runAsync();
    const rows: Record<string, unknown>[] = [];
    const visit = (node: SceneNode, inside: boolean) => {
      const here = inside || (node.marktype !== undefined && node.name === `${name}_marks`);
      if (here && node.datum !== undefined && node.marktype === undefined) rows.push(node.datum);
      for (const child of node.items ?? []) visit(child, here);
    };
    visit((view.scenegraph() as unknown as { root: SceneNode }).root, false);
    return rows;
  } finally {
    view.finalize();
  }
}
