// Heatmap of a models × benchmarks score table as an SVG string. Rows and columns are drawn in the
// given orders; every order offered (e.g. describe's `orders`) is embedded in the file's <metadata> so a
// viewer can re-sort. Large tables shrink the cells and drop row labels (and tooltips above 20,000 cells).
import { colorLegend, group, rect, svgDocument, text, title, viridis } from './svg.js';

export interface HeatmapInput {
  rowLabels: string[];
  colLabels: string[];
  /** Row-major rows × cols; null or NaN = missing. */
  values: ArrayLike<number | null>;
  rowOrder?: number[];
  colOrder?: number[];
  /** Colour scale limits (default: the data's min and max). */
  min?: number;
  max?: number;
  title?: string;
  valueLabel?: string;
  /** Extra data to embed (e.g. alternative orders). */
  metadata?: unknown;
}

export function heatmapSvg(h: HeatmapInput): string {
  const R = h.rowLabels.length;
  const C = h.colLabels.length;
  const rowOrder = h.rowOrder ?? Array.from({ length: R }, (_, i) => i);
  const colOrder = h.colOrder ?? Array.from({ length: C }, (_, i) => i);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < R * C; k++) {
    const v = h.values[k];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const vmin = h.min ?? (Number.isFinite(lo) ? lo : 0);
  const vmax = h.max ?? (Number.isFinite(hi) ? hi : 1);
  const cellW = Math.max(24, Math.min(60, 720 / Math.max(1, C)));
  const cellH = R <= 60 ? 16 : Math.max(1, Math.min(16, 1200 / R));
  const showRowLabels = cellH >= 8;
  const tooltips = R * C <= 20000;
  const left = showRowLabels ? Math.min(260, 10 + 6.2 * Math.max(0, ...h.rowLabels.map((s) => Math.min(40, s.length)))) : 20;
  const top = 40 + 6 * Math.min(24, Math.max(0, ...h.colLabels.map((s) => s.length)));
  // room for the last rotated column label and for the title
  const width = Math.max(left + C * cellW + (top - 40) * 0.75 + 20, 20 + 8 * (h.title?.length ?? 0));
  const height = top + R * cellH + 60;
  let body = '';
  if (h.title) body += text(10, 18, h.title, { 'font-size': 14, 'font-weight': 'bold' });
  colOrder.forEach((c, x) => {
    const cx = left + x * cellW + cellW / 2;
    body += text(cx, top - 6, h.colLabels[c]!, { transform: `rotate(-45 ${cx.toFixed(2)} ${(top - 6).toFixed(2)})` });
  });
  let cells = '';
  rowOrder.forEach((r, y) => {
    const cy = top + y * cellH;
    if (showRowLabels) body += text(left - 4, cy + cellH * 0.75, h.rowLabels[r]!.length > 40 ? `${h.rowLabels[r]!.slice(0, 39)}…` : h.rowLabels[r]!, { 'text-anchor': 'end', 'font-size': Math.min(11, cellH - 2) });
    colOrder.forEach((c, x) => {
      const v = h.values[r * C + c];
      const missing = v === null || v === undefined || Number.isNaN(v);
      const t = missing ? NaN : vmax > vmin ? (v - vmin) / (vmax - vmin) : 0.5;
      const tip = tooltips ? title(`${h.rowLabels[r]} · ${h.colLabels[c]}: ${missing ? 'missing' : v.toFixed(3)}`) : '';
      cells += tooltips
        ? `<rect x="${(left + x * cellW).toFixed(2)}" y="${cy.toFixed(2)}" width="${cellW.toFixed(2)}" height="${cellH.toFixed(2)}" fill="${viridis(t)}">${tip}</rect>`
        : rect(left + x * cellW, cy, cellW, cellH, { fill: viridis(t) });
    });
  });
  body += group(cells, { 'shape-rendering': 'crispEdges' });
  body += colorLegend(left, top + R * cellH + 28, Math.min(240, C * cellW), vmin, vmax, h.valueLabel ?? 'score');
  return svgDocument(width, height, body, { title: h.title, metadata: h.metadata });
}
