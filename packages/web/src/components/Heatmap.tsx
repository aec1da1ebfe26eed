// Models × benchmarks heatmap (SVG). Click a benchmark header to sort the models by it (again: reverse);
// click a row to select the model. Each cell's tooltip gives the score and its Wilson interval — on hover and
// on keyboard focus alike (Tab into the map, arrows move, Enter selects the model). Zoom: 'fit' squeezes every
// model into the frame (1-pixel rows at 4,000 models); 'readable' gives every row 14 px with its name, scrolled.
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { DescribeReport } from '@cartograph/stats';
import { fmt, scoreColor } from '../colors.js';

export type ModelSort = { key: 'level' | 'id' | 'params' | 'bench'; benchmark?: string; descending: boolean };

export function modelOrder(report: DescribeReport, sort: ModelSort): number[] {
  const o = report.orders.models;
  let order: number[];
  const b = sort.key === 'bench' && sort.benchmark ? report.benchmarks.findIndex((x) => x.benchmark === sort.benchmark) : -1;
  if (b >= 0 && o.by_benchmark[b]) order = o.by_benchmark[b]!;
  else if (sort.key === 'params' && o.params) order = o.params;
  else if (sort.key === 'id') order = o.id;
  else order = o.level;
  // orders are descending (id: ascending); "descending: false" reverses them
  const natural = sort.key === 'id' ? !sort.descending : sort.descending;
  return natural ? order : [...order].reverse();
}

/** 'score': colour = the score on [0, 1]; 'within': min–max of each benchmark (shows spread on narrow benchmarks). */
export type ColourMode = 'score' | 'within';

interface Props {
  report: DescribeReport;
  colour: ColourMode;
  benchmarkOrder: number[];
  sort: ModelSort;
  onSort: (s: ModelSort) => void;
  selected: number | null;
  onSelect: (m: number) => void;
}

const CELL_W = 96;
const HEADER_H = 40;

interface RowProps {
  report: DescribeReport;
  m: number;
  colour: ColourMode;
  benchmarkOrder: number[];
  rowH: number;
  labelW: number;
  showLabels: boolean;
}

/** One model's row, drawn at y = 0 (the parent moves it with a transform, so sorting re-renders nothing here). */
const Row = memo(function Row({ report, m, colour, benchmarkOrder, rowH, labelW, showLabels }: RowProps) {
  const B = report.benchmarks.length;
  const model = report.models[m]!;
  const c = report.cells;
  return (
    <>
      {showLabels && (
        <text x={labelW - 8} y={rowH - 2} textAnchor="end" className="heat-label">
          {model.name.length > 34 ? `${model.name.slice(0, 33)}…` : model.name}
        </text>
      )}
      {benchmarkOrder.map((b, col) => {
        const s = c.score[m * B + b] ?? null;
        const bench = report.benchmarks[b]!;
        const shade = s === null || colour === 'score' ? s : bench.max > bench.min ? (s - bench.min) / (bench.max - bench.min) : 0.5;
        return (
          <rect
            key={b}
            className="heat-cell"
            data-m={m}
            data-b={b}
            data-model={model.id}
            data-benchmark={bench.benchmark}
            data-score={s === null ? '' : s.toFixed(4)}
            x={labelW + col * CELL_W}
            y={0}
            width={CELL_W - 2}
            height={Math.max(1, rowH - (rowH >= 4 ? 1 : 0))}
            fill={scoreColor(shade)}
          />
        );
      })}
    </>
  );
});

export function Heatmap({ report, colour, benchmarkOrder, sort, onSort, selected, onSelect }: Props) {
  const B = report.benchmarks.length;
  const order = useMemo(() => modelOrder(report, sort), [report, sort]);
  const rank = useMemo(() => {
    const r = new Int32Array(order.length);
    order.forEach((m, i) => (r[m] = i));
    return r;
  }, [order]);
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null);
  const [zoom, setZoom] = useState<'fit' | 'readable'>('fit');
  const [focus, setFocus] = useState<{ r: number; col: number } | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const selectedRef = useRef<SVGRectElement>(null);
  // bring a selected model (picked by name, say) into view
  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [selected, sort]);
  const M = order.length;
  const rowH = zoom === 'readable' ? 14 : Math.max(1, Math.min(16, Math.floor(900 / Math.max(1, M))));
  const showLabels = rowH >= 9;
  const labelW = showLabels ? 230 : 28;
  const width = labelW + B * CELL_W;
  const bodyH = Math.max(1, M * rowH);
  const c = report.cells;

  const clickHeader = (name: string): void => {
    const same = sort.key === 'bench' && sort.benchmark === name;
    onSort({ key: 'bench', benchmark: name, descending: same ? !sort.descending : true });
  };

  // one tooltip text for every cell, on hover and on keyboard focus: the score and its Wilson interval
  const tipText = (m: number, b: number): string => {
    const k = m * B + b;
    const s = c.score[k] ?? null;
    const name = `${report.models[m]!.name} · ${report.benchmarks[b]!.benchmark}`;
    return s === null ? `${name}: missing` : `${name}: ${fmt(s)}` + (c.lo[k] != null ? ` [${fmt(c.lo[k])}, ${fmt(c.hi[k])}] (n = ${c.n[k]})` : '');
  };
  const onMove = (e: React.MouseEvent<SVGSVGElement>): void => {
    const t = e.target as SVGElement;
    if (!t.classList.contains('heat-cell')) return setTip(null);
    setTip({ x: e.clientX, y: e.clientY, text: tipText(Number(t.dataset.m), Number(t.dataset.b)) });
  };
  const showFocus = (f: { r: number; col: number }): void => {
    setFocus(f);
    const m = order[f.r]!;
    const b = benchmarkOrder[f.col]!;
    const el = scrollRef.current?.querySelector<SVGRectElement>(`rect.heat-cell[data-m="${m}"][data-b="${b}"]`);
    el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const box = el?.getBoundingClientRect();
    setTip({ x: box ? box.right : 0, y: box ? box.top : 0, text: tipText(m, b) });
  };
  const onKey = (e: React.KeyboardEvent<SVGSVGElement>): void => {
    const f = focus ?? { r: 0, col: 0 };
    const step: Record<string, [number, number]> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1], PageDown: [20, 0], PageUp: [-20, 0], Home: [-M, 0], End: [M, 0] };
    if (e.key in step) {
      e.preventDefault();
      const [dr, dc] = step[e.key]!;
      showFocus({ r: Math.max(0, Math.min(M - 1, f.r + dr)), col: Math.max(0, Math.min(benchmarkOrder.length - 1, f.col + dc)) });
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(order[f.r]!);
    } else if (e.key === 'Escape') setTip(null);
  };
  const onClick = (e: React.MouseEvent<SVGSVGElement>): void => {
    const t = e.target as SVGElement;
    if (t.classList.contains('heat-cell')) onSelect(Number(t.dataset.m));
  };

  return (
    <div className="heat-frame" data-testid="heatmap">
      <div className="heat-zoom">
        rows:{' '}
        <button type="button" className={zoom === 'fit' ? 'active' : ''} aria-pressed={zoom === 'fit'} data-testid="zoom-fit" onClick={() => setZoom('fit')}>
          fit all
        </button>{' '}
        <button type="button" className={zoom === 'readable' ? 'active' : ''} aria-pressed={zoom === 'readable'} data-testid="zoom-readable" onClick={() => setZoom('readable')}>
          readable (names, scroll)
        </button>
      </div>
      {/* the benchmark headers stay in place while the rows scroll */}
      <svg className="heatmap-header" width={width} height={HEADER_H} viewBox={`0 0 ${width} ${HEADER_H}`}>
        {benchmarkOrder.map((b, col) => {
          const name = report.benchmarks[b]!.benchmark;
          const active = sort.key === 'bench' && sort.benchmark === name;
          return (
            <g key={name} className="heat-header" data-benchmark={name} onClick={() => clickHeader(name)} style={{ cursor: 'pointer' }}>
              <rect x={labelW + col * CELL_W} y={2} width={CELL_W - 2} height={HEADER_H - 8} rx={4} fill={active ? '#e8eefc' : '#f4f5f7'} />
              <text x={labelW + col * CELL_W + (CELL_W - 2) / 2} y={HEADER_H / 2 + 2} textAnchor="middle" className="heat-header-text">
                {name.length > 13 ? `${name.slice(0, 12)}…` : name}
                {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </text>
              <title>{`Sort models by ${name}`}</title>
            </g>
          );
        })}
      </svg>
      <div className="heat-scroll" ref={scrollRef}>
        <svg
          className="heatmap"
          width={width}
          height={bodyH}
          viewBox={`0 0 ${width} ${bodyH}`}
          role="img"
          aria-label="models by benchmarks heatmap: arrow keys move between cells, Enter selects the model"
          tabIndex={0}
          data-testid="heatmap-svg"
          onKeyDown={onKey}
          onFocus={() => focus === null && showFocus({ r: 0, col: 0 })}
          onBlur={() => setTip(null)}
          onMouseMove={onMove}
          onMouseLeave={() => setTip(null)}
          onClick={onClick}
        >
          {!showLabels && (
            <text x={14} y={bodyH / 2} transform={`rotate(-90 14 ${bodyH / 2})`} textAnchor="middle" className="heat-label">
              {`${M} models (hover a cell for its name)`}
            </text>
          )}
          {/* rows stay in model order in the DOM; data-rank and the transform give their sorted position */}
          {report.models.map((_, m) => (
            <g key={m} className="heat-row" data-rank={rank[m]} transform={`translate(0 ${rank[m]! * rowH})`}>
              <Row report={report} m={m} colour={colour} benchmarkOrder={benchmarkOrder} rowH={rowH} labelW={labelW} showLabels={showLabels} />
            </g>
          ))}
          {focus !== null && focus.r < M && (
            <rect x={labelW + focus.col * CELL_W - 1} y={focus.r * rowH - 0.5} width={CELL_W} height={rowH + 1} fill="none" stroke="#1b2a4a" strokeWidth={2} pointerEvents="none" data-testid="focus-cell" />
          )}
          {selected !== null && selected < M && (
            <rect
              ref={selectedRef}
              x={labelW - 2}
              y={rank[selected]! * rowH - 0.5}
              width={B * CELL_W + 2}
              height={rowH + 1}
              fill="none"
              stroke="#e4572e"
              strokeWidth={2}
              pointerEvents="none"
              data-testid="selected-row"
            />
          )}
        </svg>
      </div>
      {tip && (
        <div className="heat-tip" role="tooltip" data-testid="heat-tip" style={{ left: tip.x + 12, top: tip.y + 12 }}>
          {tip.text}
        </div>
      )}
    </div>
  );
}

export function ColorLegend({ colour }: { colour: ColourMode }) {
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  return (
    <div className="legend" aria-label="colour scale">
      <span>{colour === 'score' ? '0' : 'min'}</span>
      <svg width={160} height={12}>
        {stops.slice(0, -1).map((v, i) => (
          <rect key={i} x={i * 16} y={0} width={16} height={12} fill={scoreColor(v + 0.05)} />
        ))}
      </svg>
      <span>{colour === 'score' ? '1' : 'max'}</span>
      <svg width={12} height={12} style={{ marginLeft: 12 }}>
        <rect width={12} height={12} fill={scoreColor(null)} />
      </svg>
      <span>missing</span>
    </div>
  );
}
