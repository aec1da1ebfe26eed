// The scaling vector chart: one row per factor (g first), the unattenuated slope on log10 params with
// its 95 % interval (filled dot), the attenuated EAP two-step slope (open dot), and the slope
// reliability of the latent and the manifest slope as text on the right.
import type { ScalingReport } from '../scaling/index.js';
import { circle, group, line, rect, svgDocument, text } from './svg.js';

export function scalingVectorSvg(rep: ScalingReport): string {
  const rows = rep.vector;
  const left = 130;
  const plotW = 360;
  const right = 190;
  const top = 46;
  const rowH = 26;
  const H = top + rows.length * rowH + 50;
  const W = left + plotW + right;
  const vals: number[] = [0];
  for (const r of rows) {
    vals.push(r.unattenuated.lo, r.unattenuated.hi);
    if (r.eapTwoStep) vals.push(r.eapTwoStep.estimate);
  }
  let lo = Math.min(...vals.filter(Number.isFinite));
  let hi = Math.max(...vals.filter(Number.isFinite));
  const padV = 0.08 * (hi - lo || 1);
  lo -= padV;
  hi += padV;
  const X = (v: number): number => left + ((v - lo) / (hi - lo)) * plotW;
  const parts: string[] = [];
  parts.push(text(left, 18, `Scaling vector: slope of each factor on log10 parameters (${rep.nModels} models)`, { 'font-size': 13, 'font-weight': 'bold' }));
  parts.push(text(left, 34, `● unattenuated (PV, Rubin) with 95 % CI   ○ EAP two-step (attenuated)`, { 'font-size': 10, fill: '#555' }));
  parts.push(text(left + plotW + 12, 34, 'reliability: latent / manifest', { 'font-size': 10, fill: '#555' }));
  parts.push(line(X(0), top - 4, X(0), top + rows.length * rowH, { stroke: '#999', 'stroke-dasharray': '3,3' }));
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    if (i % 2 === 0) parts.push(rect(0, y - rowH / 2, W, rowH, { fill: '#f6f6f6' }));
    parts.push(text(left - 8, y + 4, r.factor, { 'text-anchor': 'end', 'font-size': 11 }));
    const u = r.unattenuated;
    parts.push(group(line(X(u.lo), y, X(u.hi), y, { stroke: '#1f4e79', 'stroke-width': 2 }) + circle(X(u.estimate), y, 4.5, { fill: '#1f4e79' }), { 'data-factor': r.factor }));
    if (r.eapTwoStep) parts.push(circle(X(r.eapTwoStep.estimate), y, 4, { fill: 'none', stroke: '#c0504d', 'stroke-width': 1.5 }));
    const rel = r.reliability ? `${r.reliability.latent.reliability.toFixed(2)} / ${r.reliability.manifest.reliability.toFixed(2)}` : '—';
    parts.push(text(left + plotW + 12, y + 4, `${u.estimate.toFixed(3)} [${u.lo.toFixed(2)}, ${u.hi.toFixed(2)}]  R ${rel}`, { 'font-size': 10 }));
  });
  const yAxis = top + rows.length * rowH + 6;
  parts.push(line(left, yAxis, left + plotW, yAxis));
  const step = niceStep((hi - lo) / 5);
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-12; t += step) {
    parts.push(line(X(t), yAxis, X(t), yAxis + 4));
    parts.push(text(X(t), yAxis + 16, (Math.abs(t) < 1e-12 ? 0 : t).toFixed(step < 0.1 ? 2 : 1), { 'text-anchor': 'middle', 'font-size': 10 }));
  }
  parts.push(text(left + plotW / 2, yAxis + 32, 'slope per decade of parameters (factor SD units)', { 'text-anchor': 'middle', 'font-size': 10 }));
  return svgDocument(W, H, parts.join(''), { title: 'scaling vector', metadata: { vector: rows.map((r) => ({ factor: r.factor, slope: r.unattenuated.estimate, lo: r.unattenuated.lo, hi: r.unattenuated.hi })) } });
}

function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}
