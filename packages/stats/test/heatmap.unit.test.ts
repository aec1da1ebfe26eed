// The heatmap and its SVG primitives: escaping, one cell per value in the requested order, missing
// cells grey, the embedded orders read back, byte-stable output.
import { describe, expect, it } from 'vitest';
import { heatmapSvg, svg } from '../src/index.js';

describe('svg primitives', () => {
  it('escape text and attributes, round numbers to 2 decimals', () => {
    expect(svg.text(1.234, 5, 'a<b & "c"')).toBe('<text x="1.23" y="5" font-size="11" font-family="system-ui, sans-serif">a&lt;b &amp; &quot;c&quot;</text>');
    expect(svg.num(-0.001)).toBe('0');
    expect(svg.rect(0, 0, 1, 1, { fill: 'red', stroke: null })).toBe('<rect x="0" y="0" width="1" height="1" fill="red"/>');
  });
  it('viridis runs from dark purple to yellow; NaN is grey', () => {
    expect(svg.viridis(0)).toBe('#440154');
    expect(svg.viridis(1)).toBe('#fde725');
    expect(svg.viridis(2)).toBe('#fde725');
    expect(svg.viridis(NaN)).toBe('#e5e5e5');
  });
});

describe('heatmapSvg', () => {
  const input = {
    rowLabels: ['m<1>', 'm2', 'm3'],
    colLabels: ['A', 'B'],
    values: [0, 1, null, 0.5, 1, NaN],
    rowOrder: [2, 0, 1],
    min: 0,
    max: 1,
    title: 'T & U',
    metadata: { orders: { rows: [2, 0, 1] } },
  };
  const out = heatmapSvg(input);
  it('draws one cell per value, in the row order, missing cells grey', () => {
    const cells = [...out.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="[\d.]+" fill="(#[0-9a-f]{6})"><title>([^<]*)<\/title><\/rect>/g)];
    expect(cells).toHaveLength(6);
    expect(cells.map((c) => c[3])).toEqual(['m3 · A: 1.000', 'm3 · B: missing', 'm&lt;1&gt; · A: 0.000', 'm&lt;1&gt; · B: 1.000', 'm2 · A: missing', 'm2 · B: 0.500']);
    expect(cells[1]![2]).toBe('#e5e5e5');
    expect(cells[0]![2]).toBe('#fde725');
    expect(Number(cells[2]![1])).toBeGreaterThan(Number(cells[0]![1]));
  });
  it('embeds the metadata as JSON and is byte-stable', () => {
    const meta = /<metadata id="cartograph-data">([^<]*)<\/metadata>/.exec(out)![1]!.replace(/&quot;/g, '"');
    expect(JSON.parse(meta)).toEqual({ orders: { rows: [2, 0, 1] } });
    expect(heatmapSvg(input)).toBe(out);
    expect(out).toContain('<title>T &amp; U</title>');
  });
  it('large tables drop tooltips and row labels', () => {
    const R = 5000;
    const big = heatmapSvg({ rowLabels: Array.from({ length: R }, (_, i) => `m${i}`), colLabels: ['A', 'B', 'C', 'D', 'E'], values: new Float64Array(R * 5).fill(0.5) });
    expect(big).not.toContain('<title>m0');
    expect((big.match(/<rect /g) ?? []).length).toBeGreaterThanOrEqual(R * 5);
  });
});
