// A chart of the report: the worker's static SVG (rendered by the library from the same Vega-Lite spec as
// report.html) with SVG and PNG export, its text alternative (the data behind it, as a table) and, on
// demand, the interactive version of the same spec (vega View: tooltips on hover, zoom where the spec has it).
import { useEffect, useRef, useState } from 'react';
import type { ChartOut } from '../protocol.js';
import { downloadPng, downloadText, toCsvText } from '../download.js';

/** The inline rows of a spec (its text alternative): the first `data.values` found. */
function specRows(spec: unknown): Record<string, unknown>[] {
  if (spec === null || typeof spec !== 'object') return [];
  const s = spec as Record<string, unknown>;
  const d = s['data'] as { values?: unknown } | undefined;
  if (d && Array.isArray(d.values)) return d.values as Record<string, unknown>[];
  for (const k of ['layer', 'hconcat', 'vconcat', 'concat']) {
    const parts = s[k];
    if (Array.isArray(parts)) for (const p of parts) {
      const r = specRows(p);
      if (r.length) return r;
    }
  }
  return s['spec'] ? specRows(s['spec']) : [];
}

const cell = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function Interactive({ spec, label }: { spec: Record<string, unknown>; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let view: { finalize: () => void } | null = null;
    let dead = false;
    void (async () => {
      try {
        const [vega, vl, interp] = await Promise.all([import('vega'), import('vega-lite'), import('vega-interpreter')]);
        const cfg = (spec['config'] as Record<string, unknown> | undefined) ?? {};
        const withTips = { ...spec, config: { ...cfg, mark: { ...((cfg['mark'] as object) ?? {}), tooltip: { content: 'data' } } } };
        const compiled = vl.compile(withTips as never).spec;
        const v = new vega.View(vega.parse(compiled, undefined, { ast: true }), { renderer: 'svg', container: ref.current!, hover: true, expr: interp.expressionInterpreter as never });
        v.tooltip((_h: unknown, ev: MouseEvent, _item: unknown, value: unknown) => {
          const tip = ref.current?.querySelector<HTMLDivElement>('.chart-tip');
          if (!tip) return;
          if (value === null || value === undefined) {
            tip.hidden = true;
            return;
          }
          tip.textContent = typeof value === 'object' ? Object.entries(value as object).map(([k, x]) => `${k}: ${cell(x)}`).join('\n') : String(value);
          tip.hidden = false;
          const r = ref.current!.getBoundingClientRect();
          tip.style.left = `${ev.clientX - r.left + 12}px`;
          tip.style.top = `${ev.clientY - r.top + 12}px`;
        });
        await v.runAsync();
        if (dead) v.finalize();
        else view = v;
      } catch (e) {
        setError((e as Error).message);
      }
    })();
    return () => {
      dead = true;
      view?.finalize();
    };
  }, [spec]);
  return (
    <div className="chart-live" ref={ref} aria-label={`${label} (interactive)`}>
      <div className="chart-tip" role="tooltip" hidden />
      {error && <p className="error">The interactive chart could not be drawn: {error}</p>}
    </div>
  );
}

export function Chart({ chart }: { chart: ChartOut }) {
  const [live, setLive] = useState(false);
  const rows = specRows(chart.spec);
  const cols = rows.length ? Object.keys(rows[0]!) : [];
  const table = rows.map((r) => cols.map((c) => cell(r[c])));
  return (
    <figure className="chart" data-chart={chart.id}>
      <figcaption>
        <b>{chart.title}</b> <span className="muted">{chart.description}</span>
      </figcaption>
      <div className="chart-actions">
        <button type="button" onClick={() => setLive((x) => !x)} aria-pressed={live} data-testid={`live-${chart.id}`}>
          {live ? 'static' : 'interactive'}
        </button>
        <button type="button" data-testid={`svg-${chart.id}`} onClick={() => downloadText(`${chart.id}.svg`, chart.svg, 'image/svg+xml')}>
          SVG
        </button>
        <button type="button" data-testid={`png-${chart.id}`} onClick={() => void downloadPng(`${chart.id}.png`, chart.svg)}>
          PNG
        </button>
        <button type="button" onClick={() => downloadText(`${chart.id}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`, 'application/json')}>
          Vega-Lite spec
        </button>
      </div>
      {live ? <Interactive spec={chart.spec} label={chart.title} /> : <div className="chart-svg" dangerouslySetInnerHTML={{ __html: chart.svg }} />}
      {rows.length > 0 && (
        <details className="chart-data">
          <summary>the data behind this chart ({rows.length} rows)</summary>
          <button type="button" className="link" onClick={() => downloadText(`${chart.id}.csv`, toCsvText(cols, table), 'text/csv')}>
            CSV
          </button>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={`${chart.title}: data`}>
            <table>
              <caption className="sr-only">{chart.title}: data</caption>
              <thead>
                <tr>
                  {cols.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.slice(0, 500).map((r, i) => (
                  <tr key={i}>
                    {r.map((c, k) => (
                      <td key={k}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > 500 && <p className="muted">first 500 of {rows.length} rows shown; the CSV has them all</p>}
        </details>
      )}
    </figure>
  );
}
