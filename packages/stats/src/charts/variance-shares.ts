// Variance-share chart of the G-theory study: one stacked horizontal bar per fitted model (and per
// published reference row), each segment a variance component's % of the total (intercept
// components + residual). Pure function returning an SVG string.
import { esc, line, rect, svgDocument, text } from './svg.js';

export interface ShareRow {
  label: string;
  /** Component name → % of total (missing components are simply absent). */
  shares: Record<string, number>;
  /** Drawn hatched/outlined: a published reference, not a fit. */
  reference?: boolean;
}

const ORDER = ['benchmark', 'contributor', 'architecture', 'deployment', 'model_id', 'Residual'];
const COLORS: Record<string, string> = {
  benchmark: '#3b518b',
  contributor: '#21908d',
  architecture: '#5cc863',
  deployment: '#aadc32',
  model_id: '#f4a259',
  Residual: '#c8c8c8',
  other: '#e07a9f',
};

export function varianceSharesSvg(rows: ShareRow[], opts: { title?: string } = {}): string {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.shares)))].sort(
    (a, b) => (ORDER.indexOf(a) < 0 ? 99 : ORDER.indexOf(a)) - (ORDER.indexOf(b) < 0 ? 99 : ORDER.indexOf(b)),
  );
  const left = 170;
  const width = 760;
  const barW = width - left - 30;
  const rowH = 26;
  const top = 40;
  const height = top + rows.length * rowH + 70;
  let body = '';
  if (opts.title) body += text(10, 22, opts.title, { 'font-size': 15, 'font-family': 'sans-serif', 'font-weight': 'bold' });
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    body += text(left - 8, y + 16, r.label, { 'font-size': 12, 'font-family': 'sans-serif', 'text-anchor': 'end', 'font-style': r.reference ? 'italic' : null });
    let x = left;
    for (const n of names) {
      const v = r.shares[n];
      if (v === undefined || !(v > 0)) continue;
      const w = (barW * v) / 100;
      body += rect(x, y + 3, w, rowH - 8, {
        fill: COLORS[n] ?? COLORS.other,
        'fill-opacity': r.reference ? 0.45 : 1,
        stroke: r.reference ? '#333' : '#fff',
        'stroke-dasharray': r.reference ? '3,2' : null,
      }) + `<title>${esc(`${r.label}: ${n} ${v.toFixed(2)} %`)}</title>`;
      if (w > 34) body += text(x + w / 2, y + 17, `${v.toFixed(1)}`, { 'font-size': 10, 'font-family': 'sans-serif', 'text-anchor': 'middle', fill: '#111' });
      x += w;
    }
  });
  const axisY = top + rows.length * rowH + 4;
  body += line(left, axisY, left + barW, axisY, { stroke: '#444' });
  for (let t = 0; t <= 100; t += 20) {
    const x = left + (barW * t) / 100;
    body += line(x, axisY, x, axisY + 4, { stroke: '#444' }) + text(x, axisY + 16, `${t} %`, { 'font-size': 10, 'font-family': 'sans-serif', 'text-anchor': 'middle' });
  }
  let lx = left;
  for (const n of names) {
    body += rect(lx, axisY + 28, 12, 12, { fill: COLORS[n] ?? COLORS.other }) + text(lx + 16, axisY + 38, n, { 'font-size': 11, 'font-family': 'sans-serif' });
    lx += 24 + n.length * 7;
  }
  return svgDocument(width, height, body, { title: opts.title, metadata: rows });
}
