// Models × benchmarks heatmap (SVG). Click a benchmark header to sort the models by it (again: reverse);
// click a row to select the model. Each cell's tooltip gives the score and its Wilson interval.
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
  const selectedRef = useRef<SVGRectElement>(null);
  // bring a selected model (picked by name, say) into view
  useEffect(() => {
    selectedRef.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [selected, sort]);
  const M = order.length;
  const rowH = Math.max(1, Math.min(16, Math.floor(900 / Math.max(1, M))));
  const showLabels = rowH >= 9;
  const labelW = showLabels ? 230 : 28;
  const width = labelW + B * CELL_W;
  const bodyH = Math.max(1, M * rowH);
  const c = report.cells;

  const clickHeader = (name: string): void => {
    const same = sort.key === 'bench' && sort.benchmark === name;
    onSort({ key: 'bench', benchmark: name, descending: same ? !sort.descending : true });
  };

  // one delegated tooltip for every cell: the score and its Wilson interval
  const onMove = (e: React.MouseEvent<SVGSVGElement>): void => {
    const t = e.target as SVGElement;
    if (!t.classList.contains('heat-cell')) return setTip(null);
    const m = Number(t.dataset.m);
    const b = Number(t.dataset.b);
    const k = m * B + b;
    const s = c.score[k] ?? null;
    const name = `${report.models[m]!.name} · ${report.benchmarks[b]!.benchmark}`;
    const text = s === null ? `${name}: missing` : `${name}: ${fmt(s)}` + (c.lo[k] != null ? ` [${fmt(c.lo[k])}, ${fmt(c.hi[k])}] (n = ${c.n[k]})` : '');
    setTip({ x: e.clientX, y: e.clientY, text });
  };
  const onClick = (e: React.MouseEvent<SVGSVGElement>): void => {
    const t = e.target as SVGElement;
    if (t.classList.contains('heat-cell')) onSelect(Number(t.dataset.m));
  };

  return (
    <div className="heat-frame" data-testid="heatmap">
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
      <div className="heat-scroll">
        <svg
          className="heatmap"
          width={width}
          height={bodyH}
          viewBox={`0 0 ${width} ${bodyH}`}
          role="img"
          aria-label="models by benchmarks heatmap"
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
        <div className="heat-tip" role="tooltip" style={{ left: tip.x + 12, top: tip.y + 12 }}>
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
