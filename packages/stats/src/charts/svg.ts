// Tiny SVG primitives shared by every chart: pure functions returning SVG strings (no DOM), so charts
// render the same in Node (files written by the CLI) and in the browser (inlined by the web app).
// Numbers are rounded to 2 decimals to keep files small and output byte-stable.
import { viridis } from './palette.js';

/** Escape text for XML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A number for an SVG attribute: at most 2 decimals, no trailing zeros. */
export function num(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export type Attrs = Record<string, string | number | null | undefined>;

function attrs(a: Attrs): string {
  let s = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === null || v === undefined) continue;
    s += ` ${k}="${typeof v === 'number' ? num(v) : esc(v)}"`;
  }
  return s;
}

/** Any element; `children` is raw SVG (already escaped). */
export function el(tag: string, a: Attrs = {}, children?: string): string {
  return children === undefined ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${children}</${tag}>`;
}

export function rect(x: number, y: number, w: number, h: number, a: Attrs = {}): string {
  return el('rect', { x, y, width: w, height: h, ...a });
}

export function line(x1: number, y1: number, x2: number, y2: number, a: Attrs = {}): string {
  return el('line', { x1, y1, x2, y2, stroke: '#333', ...a });
}

export function circle(cx: number, cy: number, r: number, a: Attrs = {}): string {
  return el('circle', { cx, cy, r, ...a });
}

/** Text (escaped). */
export function text(x: number, y: number, s: string, a: Attrs = {}): string {
  return el('text', { x, y, 'font-size': 11, 'font-family': 'system-ui, sans-serif', ...a }, esc(s));
}

/** A polyline through points. */
export function polyline(points: readonly [number, number][], a: Attrs = {}): string {
  return el('polyline', { points: points.map(([x, y]) => `${num(x)},${num(y)}`).join(' '), fill: 'none', stroke: '#333', ...a });
}

export function group(children: string, a: Attrs = {}): string {
  return el('g', a, children);
}

/** A tooltip, to nest inside an element. */
export function title(s: string): string {
  return `<title>${esc(s)}</title>`;
}

/** The whole document. `metadata` (any JSON-able value) is embedded for tools that read the file back. */
export function svgDocument(width: number, height: number, body: string, opts: { title?: string; metadata?: unknown } = {}): string {
  const meta = opts.metadata === undefined ? '' : `<metadata id="cartograph-data">${esc(JSON.stringify(opts.metadata))}</metadata>`;
  const t = opts.title ? `<title>${esc(opts.title)}</title>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}">${t}${meta}${rect(0, 0, width, height, { fill: '#fff' })}${body}</svg>\n`;
}

// The viridis map and the missing grey are palette.ts's (the one definition the explorer shares).
export { viridis } from './palette.js';

/** A horizontal colour legend from `lo` to `hi` at (x, y). */
export function colorLegend(x: number, y: number, width: number, lo: number, hi: number, label: string): string {
  const steps = 20;
  let s = '';
  for (let k = 0; k < steps; k++) s += rect(x + (k * width) / steps, y, width / steps + 0.5, 10, { fill: viridis(k / (steps - 1)) });
  s += text(x, y + 22, lo.toFixed(2), { 'font-size': 10 });
  s += text(x + width, y + 22, hi.toFixed(2), { 'font-size': 10, 'text-anchor': 'end' });
  s += text(x + width / 2, y - 4, label, { 'font-size': 10, 'text-anchor': 'middle' });
  return s;
}
