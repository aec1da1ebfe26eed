// Vega-Lite spec → static SVG string, headless: the same code in Node (the CLI's report) and in a
// browser (the explorer, a Web Worker). The library builds chart specs as plain JSON (`<layer>/charts.ts`);
// this is the one place that turns them into pictures.
//
//   const svg = await renderSvg(spec, { id: 'fit' });   // → '<svg …>…</svg>'
//
// Why Vega-Lite (README, "Charts"): one declarative spec gives a static SVG here and an interactive view
// in the explorer (vega-embed over the same spec), with vega's own SVG string renderer, which needs no
// DOM and no canvas. Choices that keep the output safe and reproducible:
// - Expressions are evaluated by `vega-interpreter` (parse with `ast: true`), never compiled with
//   `new Function`, so the same code runs under a strict Content-Security-Policy (no 'unsafe-eval').
// - Text widths are always *estimated* (vega's `textMetrics.canvas(false)`), never measured with a canvas
//   that happens to be installed: the same spec gives the same bytes on every machine.
// - vega numbers its clip paths and gradients with process-wide counters; they are reset before each
//   render and every id is prefixed with the chart's `id`, so several charts inline in one HTML page
//   never share an id and a chart's bytes do not depend on what was rendered before it.
// - Text from input files (model names, item ids) reaches the SVG only through vega's text marks, which
//   escape `<`, `>`, `&`, quotes (serializeXML); `title` and `description` are escaped here.
// - No data is loaded by URL: a spec must carry its data inline (`data.values`); a spec with a `url`
//   anywhere is refused (the report must not touch the network).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';

/** A Vega-Lite spec (plain JSON; checked by vega-lite's compiler when rendered). */
export type VegaLiteSpec = Record<string, unknown>;

export interface RenderOptions {
  /** Prefix for the SVG's internal ids (clip paths, gradients): unique per chart on one page. */
  id?: string;
  /** Warnings of the compiler and the renderer (a spec problem; never printed). */
  onWarning?: (message: string) => void;
  /** Accessible title (`<title>`) and description (`<desc>`) added to the root element. */
  title?: string;
  description?: string;
}

type VegaInternals = { resetSVGDefIds?: () => void; textMetrics?: { canvas?: (use: boolean) => void } };

function findUrl(x: unknown, path: string): string | null {
  if (x === null || typeof x !== 'object') return null;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const r = findUrl(x[i], `${path}[${i}]`);
      if (r) return r;
    }
    return null;
  }
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
    if (k === 'values') continue; // inline data rows may contain any string
    if (k === 'url' && typeof v === 'string') return `${path}.url`;
    const r = findUrl(v, `${path}.${k}`);
    if (r) return r;
  }
  return null;
}

/** XML text escape (element content and attribute values). */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Compile a Vega-Lite spec to a Vega spec (pure; no rendering). */
export function compileVegaLite(spec: VegaLiteSpec, onWarning?: (message: string) => void): vega.Spec {
  // vega-lite logs to the console by default; the library never prints: warnings go to the callback.
  const sink = (...args: unknown[]): void => onWarning?.(args.map(String).join(' '));
  const logger = { level: () => logger, error: sink, warn: sink, info: () => logger, debug: () => logger } as never;
  return compile(spec as unknown as TopLevelSpec, { logger }).spec as vega.Spec;
}

/** Render a Vega-Lite spec to a standalone SVG string. */
export async function renderSvg(spec: VegaLiteSpec, opts: RenderOptions = {}): Promise<string> {
  const bad = findUrl(spec, 'spec');
  if (bad) throw new Error(`renderSvg: ${bad}: a chart must carry its data inline, not load it from a URL`);
  const internals = vega as unknown as VegaInternals;
  internals.textMetrics?.canvas?.(false);
  internals.resetSVGDefIds?.();
  const runtime = vega.parse(compileVegaLite(spec, opts.onWarning), undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter as never, logLevel: vega.None });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const prefix = (opts.id ?? 'chart').replace(/[^A-Za-z0-9_-]/g, '_');
  // Prefix every internal id and its references (clip1 → <prefix>-clip1, gradient_0 → <prefix>-gradient_0).
  svg = svg.replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`).replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`);
  const extras: string[] = [];
  if (opts.title) extras.push(`<title>${escapeXml(opts.title)}</title>`);
  if (opts.description) extras.push(`<desc>${escapeXml(opts.description)}</desc>`);
  svg = svg.replace(/^<svg([^>]*)>/, (m, attrs: string) => `<svg${attrs} role="img"${opts.id ? ` data-chart="${escapeXml(prefix)}"` : ''}>${extras.join('')}`);
  return svg;
}
