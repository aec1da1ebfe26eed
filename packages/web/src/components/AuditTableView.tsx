// One of the report's tables (the same strings report.html shows): searchable, sortable by any column
// (click or Enter on its header), rows selectable by click or keyboard, exported as CSV.
import { useMemo } from 'react';
import type { AuditTable } from '@cartograph/stats';
import { downloadText, toCsvText } from '../download.js';

export interface TableState {
  sort: string;
  desc: boolean;
  q: string;
  sel: string;
}

const num = (s: string): number => {
  const m = /^[[(]?\s*(-?[\d.]+(?:e[-+]?\d+)?)/i.exec(s.replace(/[−–]/g, '-'));
  return m ? Number(m[1]) : NaN;
};

export function AuditTableView({ table, name, state, onState, searchable }: { table: AuditTable; name: string; state?: TableState; onState?: (s: TableState) => void; searchable?: boolean }) {
  const st = state ?? { sort: '', desc: false, q: '', sel: '' };
  const col = table.header.indexOf(st.sort);
  const rows = useMemo(() => {
    const q = st.q.trim().toLowerCase();
    let r = q ? table.rows.filter((row) => row.some((c) => c.toLowerCase().includes(q))) : table.rows.slice();
    if (col >= 0) {
      r = r.slice().sort((a, b) => {
        const x = num(a[col] ?? ''), y = num(b[col] ?? '');
        const c = Number.isFinite(x) && Number.isFinite(y) ? x - y : (a[col] ?? '').localeCompare(b[col] ?? '');
        return st.desc ? -c : c;
      });
    }
    return r;
  }, [table, st.q, col, st.desc]);
  const set = (p: Partial<TableState>): void => onState?.({ ...st, ...p });
  const slug = name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toLowerCase();
  return (
    <figure className="audit-table" data-table={slug}>
      <figcaption>
        <b>{table.caption}</b>
        {table.more > 0 && <span className="muted"> · {table.more} more rows in audit.json</span>}{' '}
        <button type="button" className="link" data-testid={`csv-${slug}`} onClick={() => downloadText(`${slug}.csv`, toCsvText(table.header, table.rows), 'text/csv')}>
          CSV
        </button>
        {searchable && (
          <input className="bench-input" aria-label={`search ${table.caption}`} data-testid={`search-${slug}`} placeholder="search" value={st.q} onChange={(e) => set({ q: e.target.value })} style={{ marginLeft: 8 }} />
        )}
      </figcaption>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={table.caption}>
        <table>
          <thead>
            <tr>
              {table.header.map((h, k) => (
                <th key={k} scope="col" aria-sort={k === col ? (st.desc ? 'descending' : 'ascending') : undefined}>
                  {onState ? (
                    <button type="button" className="link th" onClick={() => set({ sort: h, desc: k === col ? !st.desc : false })}>
                      {h}
                      {k === col ? (st.desc ? ' ▼' : ' ▲') : ''}
                    </button>
                  ) : (
                    h
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const key = row[0] ?? String(i);
              const selected = st.sel !== '' && st.sel === key;
              return (
                <tr
                  key={i}
                  className={selected ? 'selected' : undefined}
                  aria-selected={onState ? selected : undefined}
                  tabIndex={onState ? 0 : undefined}
                  onClick={onState ? () => set({ sel: selected ? '' : key }) : undefined}
                  onKeyDown={onState ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), set({ sel: selected ? '' : key })) : undefined}
                >
                  {row.map((c, k) => (k === 0 ? <th key={k} scope="row">{c}</th> : <td key={k}>{c}</td>))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
