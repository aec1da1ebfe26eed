// A chart of the report: the worker's static SVG (rendered by the library from the same Vega-Lite spec as
// report.html) with SVG and PNG export, its text alternative (the data behind it, as a table) and, on
// by default the live version of the same spec (vega View in the page): hover and keyboard focus (arrow keys
// from mark to mark) show the same tooltip, built from the mark's datum by one function (tipText); a click or
// Enter on a mark hands its datum to `onActivate` (the MI map selects its item pair). “static” shows the SVG.
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

/** A data mark of the live chart: its datum and its box in the chart's pixels (relative to the container). */
interface Mark {
  datum: Record<string, unknown>;
  x: number;
  y: number;
  w: number;
  h: number;
  item: unknown;
}

/** The tooltip of a datum: one line per field (hover and keyboard focus both show exactly this). */
export function tipText(datum: Record<string, unknown>): string {
  return Object.entries(datum)
    .filter(([k, v]) => !k.startsWith('_') && (v === null || typeof v !== 'object'))
    .map(([k, v]) => `${k}: ${cell(v)}`)
    .join('\n');
}

type Scene = { marktype?: string; role?: string; items?: SceneItem[] };
type SceneItem = { x?: number; y?: number; datum?: unknown; items?: Scene[]; bounds?: { x1: number; y1: number; x2: number; y2: number } };

/** Every item of the data marks (points, bars, cells) in drawing order, with absolute boxes. */
function dataMarks(root: Scene, ox: number, oy: number, out: Mark[] = []): Mark[] {
  for (const it of root.items ?? []) {
    if (root.marktype === 'group') {
      for (const child of it.items ?? []) dataMarks(child, ox + (it.x ?? 0), oy + (it.y ?? 0), out);
    } else if (root.role === 'mark' && (root.marktype === 'symbol' || root.marktype === 'rect' || root.marktype === 'arc') && it.datum && typeof it.datum === 'object' && it.bounds) {
      const b = it.bounds;
      out.push({ datum: it.datum as Record<string, unknown>, x: ox + b.x1, y: oy + b.y1, w: b.x2 - b.x1, h: b.y2 - b.y1, item: it });
    }
  }
  return out;
}

function Interactive({ spec, svg, label, id, onActivate }: { spec: Record<string, unknown>; svg: string; label: string; id: string; onActivate?: (datum: Record<string, unknown>) => void }) {
  // the static SVG until the chart is first hovered, focused or touched: vega is drawn then, so that opening a
  // view or finishing an audit never spends main-thread time on charts nobody looks at
  const [armed, setArmed] = useState(false);
  const arm = (): void => setArmed(true);
  const ref = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const marks = useRef<Mark[]>([]);
  const act = useRef(onActivate);
  act.current = onActivate;
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [focus, setFocusState] = useState<number | null>(null);
  // the focused mark, also as a ref: the deferred first focus after vega is drawn must not undo a key press
  // (End, arrows) or click that came in meanwhile (it once moved data-focused back to mark 0 after End)
  const focusRef = useRef<number | null>(null);
  const setFocus = (k: number | null): void => {
    focusRef.current = k;
    setFocusState(k);
  };
  const [tip, setTip] = useState<{ text: string; x: number; y: number } | null>(null);
  const [box, setBox] = useState<{ x: number; y: number; w: number; h: number } | null>(null);
  /** Where mark k is drawn, in the container's pixels: its SVG element's box (vega keeps it as item._svg). */
  const boxOf = (m: Mark): { x: number; y: number; w: number; h: number } => {
    const el = (m.item as { _svg?: Element })._svg;
    const c = ref.current?.getBoundingClientRect();
    if (!el || !c) return { x: m.x, y: m.y, w: m.w, h: m.h };
    const r = el.getBoundingClientRect();
    return { x: r.left - c.left, y: r.top - c.top, w: r.width, h: r.height };
  };
  const show = (k: number | null, focusBox = false): void => {
    const m = k === null ? null : marks.current[k];
    const b = m ? boxOf(m) : null;
    setTip(m && b ? { text: tipText(m.datum), x: b.x + b.w + 8, y: b.y + b.h + 8 } : null);
    if (focusBox) {
      setBox(b);
      // the focused mark's own SVG element carries data-focused (the browser test hovers exactly that mark)
      ref.current?.querySelectorAll('[data-focused]').forEach((el) => el.removeAttribute('data-focused'));
      (m?.item as { _svg?: Element } | undefined)?._svg?.setAttribute('data-focused', '1');
    }
  };
  useEffect(() => {
    if (!armed) return;
    let view: { finalize: () => void } | null = null;
    let dead = false;
    void (async () => {
      try {
        const [vega, vl, interp] = await Promise.all([import('vega'), import('vega-lite'), import('vega-interpreter')]);
        const compiled = vl.compile(spec as never).spec;
        const v = new vega.View(vega.parse(compiled, undefined, { ast: true }), { renderer: 'svg', container: host.current!, hover: true, expr: interp.expressionInterpreter as never });
        await v.runAsync();
        if (dead) {
          v.finalize();
          return;
        }
        view = v;
        const [ox, oy] = v.origin();
        marks.current = dataMarks((v.scenegraph() as unknown as { root: Scene }).root, ox, oy);
        if (ref.current && document.activeElement === ref.current && marks.current.length && focusRef.current === null) {
          setFocus(0);
          setTimeout(() => {
            if (focusRef.current === 0 && document.activeElement === ref.current) show(0, true);
          }, 50);
        }
        const indexOf = (item: unknown): number => marks.current.findIndex((m) => m.item === item);
        v.addEventListener('mousemove', (_ev: unknown, item: unknown) => {
          const k = indexOf(item);
          if (k >= 0) show(k);
        });
        v.addEventListener('mouseout', () => setTip(null));
        v.addEventListener('click', (_ev: unknown, item: unknown) => {
          const k = indexOf(item);
          if (k >= 0) {
            setFocus(k);
            show(k, true);
            act.current?.(marks.current[k]!.datum);
          }
        });
        setReady(true);
      } catch (e) {
        setError((e as Error).message);
      }
    })();
    return () => {
      dead = true;
      view?.finalize();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [spec, armed]);
  const onKey = (e: React.KeyboardEvent): void => {
    const n = marks.current.length;
    if (!n) return;
    const cur = focus ?? -1;
    let k: number | null = null;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') k = Math.min(n - 1, cur + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') k = Math.max(0, cur - 1);
    else if (e.key === 'Home') k = 0;
    else if (e.key === 'End') k = n - 1;
    else if ((e.key === 'Enter' || e.key === ' ') && focus !== null) {
      e.preventDefault();
      act.current?.(marks.current[focus]!.datum);
      return;
    } else if (e.key === 'Escape') {
      setFocus(null);
      setTip(null);
      setBox(null);
      return;
    }
    if (k === null) return;
    e.preventDefault();
    setFocus(k);
    show(k, true);
  };
  const fm = focus === null ? null : box;
  return (
    <div
      className="chart-live"
      ref={ref}
      tabIndex={0}
      role="application"
      aria-roledescription="chart"
      aria-label={`${label}: arrow keys move from mark to mark with its values${onActivate ? ', Enter selects it' : ''}; the data behind it is in the table below`}
      data-testid={`chart-live-${id}`}
      data-ready={ready ? '1' : undefined}
      data-marks={ready ? marks.current.length : undefined}
      onKeyDown={onKey}
      onMouseEnter={arm}
      onPointerDown={arm}
      onFocus={() => {
        arm();
        if (focus === null && marks.current.length) {
          setFocus(0);
          show(0, true);
        } else if (focus !== null) show(focus, true);
      }}
      onBlur={() => setTip(null)}
    >
      <div ref={host} hidden={!ready} />
      {!ready && <div className="chart-svg" dangerouslySetInnerHTML={{ __html: svg }} />}
      {fm && <div className="chart-focus" data-testid={`chart-focus-${id}`} style={{ left: fm.x - 3, top: fm.y - 3, width: fm.w + 6, height: fm.h + 6 }} />}
      <div className="chart-tip" role="tooltip" data-testid={`chart-tip-${id}`} hidden={!tip} style={tip ? { left: tip.x, top: tip.y } : undefined}>
        {tip?.text}
      </div>
      {error && <p className="error">The interactive chart could not be drawn: {error}</p>}
    </div>
  );
}

export function Chart({ chart, onActivate }: { chart: ChartOut; onActivate?: (datum: Record<string, unknown>) => void }) {
  const [live, setLive] = useState(true);
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
      {live ? <Interactive spec={chart.spec} svg={chart.svg} label={chart.title} id={chart.id} onActivate={onActivate} /> : <div className="chart-svg" dangerouslySetInnerHTML={{ __html: chart.svg }} />}
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
