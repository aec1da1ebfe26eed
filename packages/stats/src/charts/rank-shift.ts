// Rank-shift chart: each model's rank on the raw leaderboard average (left axis) joined to its rank by
// the precision-weighted latent general factor (right axis); the biggest movers are drawn in colour and
// labelled; with many models the rest are thinned to at most 400 grey lines (chosen evenly by raw rank).
import type { RankReport } from '../ranks/index.js';
import { group, line, svgDocument, text } from './svg.js';

export function rankShiftSvg(rep: RankReport): string {
  const W = 640;
  const H = 520;
  const top = 50;
  const bottom = H - 40;
  const xl = 170;
  const xr = W - 170;
  const n = rep.nModels;
  const Y = (r: number): number => top + ((r - 1) / Math.max(1, n - 1)) * (bottom - top);
  const parts: string[] = [];
  parts.push(text(W / 2, 18, `Rank shift: raw average → latent g (${n} models)`, { 'text-anchor': 'middle', 'font-size': 13, 'font-weight': 'bold' }));
  parts.push(text(xl, top - 12, 'raw average rank', { 'text-anchor': 'middle', 'font-size': 10 }));
  parts.push(text(xr, top - 12, 'latent g rank', { 'text-anchor': 'middle', 'font-size': 10 }));
  parts.push(line(xl, top, xl, bottom, { stroke: '#999' }));
  parts.push(line(xr, top, xr, bottom, { stroke: '#999' }));
  const movers = new Set([...rep.moversUp, ...rep.moversDown].map((m) => m.id));
  const byRaw = [...rep.models].sort((a, b) => a.rawRank - b.rawRank);
  const every = Math.max(1, Math.ceil(byRaw.length / 400));
  const grey: string[] = [];
  byRaw.forEach((m, i) => {
    if (movers.has(m.id) || i % every !== 0) return;
    grey.push(line(xl, Y(m.rawRank), xr, Y(m.latentRank), { stroke: '#bbb', 'stroke-width': 0.6 }));
  });
  parts.push(group(grey.join(''), { 'data-layer': 'models' }));
  const movers2 = [...rep.moversUp, ...rep.moversDown];
  // labels pushed apart vertically (at least 9 px) so they do not overprint; a thin leader joins each to its line
  const spread = (ys: number[]): number[] => {
    const order = ys.map((y, i) => [y, i] as const).sort((a, b) => a[0] - b[0]);
    const out = new Array<number>(ys.length);
    let last = -Infinity;
    for (const [y, i] of order) {
      const v = Math.max(y, last + 9);
      out[i] = v;
      last = v;
    }
    return out;
  };
  const yl = spread(movers2.map((m) => Y(m.rawRank)));
  const yr = spread(movers2.map((m) => Y(m.latentRank)));
  movers2.forEach((m, k) => {
    const up = m.shift > 0;
    const col = up ? '#2e7d32' : '#c62828';
    parts.push(line(xl, Y(m.rawRank), xr, Y(m.latentRank), { stroke: col, 'stroke-width': 1.4 }));
    const label = m.id.length > 24 ? `${m.id.slice(0, 23)}…` : m.id;
    parts.push(line(xl - 3, yl[k]!, xl, Y(m.rawRank), { stroke: col, 'stroke-width': 0.5 }));
    parts.push(text(xl - 5, yl[k]! + 3, label, { 'text-anchor': 'end', 'font-size': 8, fill: col }));
    parts.push(line(xr, Y(m.latentRank), xr + 3, yr[k]!, { stroke: col, 'stroke-width': 0.5 }));
    parts.push(text(xr + 5, yr[k]! + 3, `${up ? '+' : ''}${Math.round(m.shift)}`, { 'font-size': 8, fill: col }));
  });
  for (const r of [1, n]) {
    parts.push(text(xl - 5, Y(r) + (r === 1 ? -4 : 12), String(r), { 'font-size': 8, fill: '#666', 'text-anchor': 'end' }));
    parts.push(text(xr + 5, Y(r) + (r === 1 ? -4 : 12), String(r), { 'font-size': 8, fill: '#666' }));
  }
  return svgDocument(W, H, parts.join(''), { title: 'rank shift', metadata: { retention: rep.retention, spearman: rep.spearman } });
}
