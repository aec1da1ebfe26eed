// The explorer's first screen: load files (picker, drag-and-drop) or the bundled demo, run describe in the
// worker, show the per-benchmark table, the models × benchmarks heatmap and one model's intervals.
import { useCallback, useRef, useState } from 'react';
import { StatsClient, WorkerFailure } from './client.js';
import { BenchmarkTable } from './components/BenchmarkTable.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { ColorLegend, Heatmap, type ColourMode, type ModelSort } from './components/Heatmap.js';
import { ModelDetail } from './components/ModelDetail.js';
import { fmt } from './colors.js';
import { DEMO_FILES } from './demo.js';
import { guessBenchmark, guessRole } from './files.js';
import type { DescribeResult, FileRole } from './protocol.js';

interface LoadedFile {
  key: number;
  /** File name, or the folder name for an lm-eval folder. */
  name: string;
  role: FileRole;
  benchmark: string;
  /** One part for a file; every log file (path relative to the chosen folder) for an lm-eval folder. */
  parts: { name: string; bytes: Uint8Array }[];
}

type Status = { state: 'idle' } | { state: 'running' } | { state: 'done'; result: DescribeResult } | { state: 'error'; message: string };

const ROLES: FileRole[] = ['responses', 'items', 'models', 'scores', 'leaderboard', 'lm-eval', 'ignore'];
let fileKey = 1;

/** One statistics worker for the page, started on first use (React may render a component twice). */
let client: StatsClient | null = null;
const statsClient = (): StatsClient => (client ??= new StatsClient());

/** Save a value as a JSON file (the same describe.json the CLI writes with --out). */
function downloadJson(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Every file under a dropped folder, with its path relative to the folder's parent (like webkitRelativePath). */
async function readDirectory(dir: FileSystemDirectoryEntry): Promise<{ file: File; path: string }[]> {
  const out: { file: File; path: string }[] = [];
  const visit = async (d: FileSystemDirectoryEntry): Promise<void> => {
    const reader = d.createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const en of batch) {
        if (en.isDirectory) await visit(en as FileSystemDirectoryEntry);
        else {
          const file = await new Promise<File>((resolve, reject) => (en as FileSystemFileEntry).file(resolve, reject));
          out.push({ file, path: en.fullPath.replace(/^\//, '') });
        }
      }
    }
  };
  await visit(dir);
  return out;
}

export function App() {
  const [files, setFiles] = useState<LoadedFile[]>([]);
  const [itemsPerBenchmark, setItemsPerBenchmark] = useState('');
  const [metric, setMetric] = useState('');
  const [filter, setFilter] = useState('');
  const [completeOnly, setCompleteOnly] = useState(false);
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const [sort, setSort] = useState<ModelSort>({ key: 'level', descending: true });
  const [benchSort, setBenchSort] = useState<'given' | 'mean' | 'spread'>('given');
  const [colour, setColour] = useState<ColourMode>('score');
  const [selected, setSelected] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const pickerRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);

  const run = useCallback(
    async (list: LoadedFile[]) => {
      setStatus({ state: 'running' });
      setSelected(null);
      try {
        const result = await statsClient().describe(
          // copies: the buffers are transferred to the worker, the UI keeps its own bytes for a re-run
          list.flatMap((f) => f.parts.map((p) => ({ name: p.name, role: f.role, benchmark: f.benchmark.trim() || null, data: p.bytes.slice().buffer as ArrayBuffer }))),
          { itemsPerBenchmark, lmEval: { metric: metric.trim() || null, filter: filter.trim() || null }, completeOnly },
        );
        setStatus({ state: 'done', result });
        setSort({ key: 'level', descending: true });
      } catch (err) {
        const message = err instanceof WorkerFailure ? err.message : err instanceof Error ? err.message : String(err);
        setStatus({ state: 'error', message });
      }
    },
    [itemsPerBenchmark, metric, filter, completeOnly],
  );

  const addFiles = useCallback(async (picked: FileList | File[]) => {
    const added: LoadedFile[] = [];
    for (const f of Array.from(picked)) {
      const bytes = new Uint8Array(await f.arrayBuffer());
      const role = guessRole(f.name, bytes);
      added.push({ key: fileKey++, name: f.name, role, benchmark: guessBenchmark(f.name, role), parts: [{ name: f.name, bytes }] });
    }
    setFiles((prev) => [...prev, ...added]);
  }, []);

  /** An lm-evaluation-harness output folder (one subfolder per model): its samples_*.jsonl and results_*.json. */
  const addFolder = useCallback(async (picked: FileList | { file: File; path: string }[]) => {
    const parts: LoadedFile['parts'] = [];
    const list = picked instanceof FileList ? Array.from(picked, (f) => ({ file: f, path: f.webkitRelativePath || f.name })) : picked;
    for (const { file, path } of list) {
      if (!/(^|\/)(samples_.*\.jsonl|results_.*\.json)$/.test(path)) continue;
      parts.push({ name: path, bytes: new Uint8Array(await file.arrayBuffer()) });
    }
    parts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const root = parts[0]?.name.split('/')[0] ?? 'lm-eval';
    setFiles((prev) => [...prev, { key: fileKey++, name: `${root}/ (${parts.length} log files)`, role: 'lm-eval', benchmark: '', parts }]);
  }, []);

  const loadDemo = useCallback(() => {
    const enc = new TextEncoder();
    const list = DEMO_FILES.map((d) => ({ key: fileKey++, name: d.name, role: d.role, benchmark: '', parts: [{ name: d.name, bytes: enc.encode(d.text) }] }));
    setFiles(list);
    void run(list);
  }, [run]);

  const result = status.state === 'done' ? status.result : null;
  const report = result?.report ?? null;
  const benchOrder = report ? report.orders.benchmarks[benchSort] : [];

  return (
    <div className="app">
      <header>
        <h1>cartograph explorer</h1>
        <p className="tagline">A leaderboard read as a measurement instrument — computed in your browser, nothing is uploaded.</p>
      </header>

      <section
        className={`loader${dragging ? ' dragging' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          // a dropped folder is read as an lm-eval output folder; dropped files one by one
          const entries = Array.from(e.dataTransfer.items ?? [], (it) => it.webkitGetAsEntry?.() ?? null);
          const dirs = entries.filter((en): en is FileSystemDirectoryEntry => en !== null && en.isDirectory);
          const plain = Array.from(e.dataTransfer.files).filter((_, i) => !entries[i]?.isDirectory);
          if (plain.length > 0) void addFiles(plain);
          for (const d of dirs) void readDirectory(d).then(addFolder);
        }}
      >
        <div className="loader-actions">
          <button type="button" className="primary" onClick={loadDemo} data-testid="load-demo">
            Load demo
          </button>
          <span className="muted">or drop CSV / Parquet files here, or</span>
          <button type="button" onClick={() => pickerRef.current?.click()}>
            Choose files…
          </button>
          <button type="button" onClick={() => folderRef.current?.click()} title="an lm-evaluation-harness output folder written with --log_samples">
            Choose lm-eval folder…
          </button>
          <input
            ref={folderRef}
            type="file"
            data-testid="folder-input"
            style={{ display: 'none' }}
            {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
            onChange={(e) => {
              if (e.target.files) void addFolder(e.target.files);
              e.target.value = '';
            }}
          />
          <input
            ref={pickerRef}
            type="file"
            multiple
            accept=".csv,.tsv,.txt,.parquet"
            data-testid="file-input"
            style={{ display: 'none' }}
            onChange={(e) => {
              if (e.target.files) void addFiles(e.target.files);
              e.target.value = '';
            }}
          />
        </div>
        {files.length > 0 && (
          <div className="file-list">
            <table>
              <thead>
                <tr>
                  <th>file</th>
                  <th>read as</th>
                  <th title="for one-file-per-benchmark responses: the benchmark name">benchmark</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {files.map((f) => (
                  <tr key={f.key}>
                    <td>{f.name}</td>
                    <td>
                      <select value={f.role} onChange={(e) => setFiles((prev) => prev.map((g) => (g.key === f.key ? { ...g, role: e.target.value as FileRole } : g)))}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      {f.role === 'responses' && (
                        <input
                          className="bench-input"
                          value={f.benchmark}
                          placeholder="(from items)"
                          onChange={(e) => setFiles((prev) => prev.map((g) => (g.key === f.key ? { ...g, benchmark: e.target.value } : g)))}
                        />
                      )}
                    </td>
                    <td>
                      <button type="button" className="link" onClick={() => setFiles((prev) => prev.filter((g) => g.key !== f.key))}>
                        remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="loader-actions">
              <label>
                items per benchmark (for a scores table; built in for the Open LLM Leaderboard tables):{' '}
                <input className="small-input" style={{ width: "22em" }} data-testid="items-per-benchmark" value={itemsPerBenchmark} onChange={(e) => setItemsPerBenchmark(e.target.value)} placeholder="N or IFEval=541,BBH=5761,…" title="one count for every benchmark, or NAME=N per benchmark, comma-separated; overrides the built-in counts" />
              </label>
              <label title="keep only the models scored on every benchmark">
                <input type="checkbox" data-testid="complete-only" checked={completeOnly} onChange={(e) => setCompleteOnly(e.target.checked)} /> complete models only
              </label>
              {files.some((f) => f.role === 'lm-eval') && (
                <label>
                  lm-eval metric:{' '}
                  <input className="bench-input" value={metric} onChange={(e) => setMetric(e.target.value)} placeholder="acc, then exact_match" />
                </label>
              )}
              {files.some((f) => f.role === 'lm-eval') && (
                <label>
                  filter:{' '}
                  <input className="small-input" data-testid="lm-filter" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="none" />
                </label>
              )}
              <button type="button" className="primary" data-testid="describe" onClick={() => void run(files)} disabled={status.state === 'running'}>
                Describe
              </button>
            </div>
          </div>
        )}
      </section>

      {status.state === 'running' && (
        <p className="status" data-testid="status">
          Computing in the worker…
        </p>
      )}
      {status.state === 'error' && (
        <p className="error" role="alert" data-testid="error">
          {status.message}
        </p>
      )}

      <ErrorBoundary resetKey={result}>
      {report && result && (
        <main data-testid="report">
          <section className="summary" data-testid="summary">
            <div className="card">
              <b data-testid="n-models">{report.n_models}</b> models
            </div>
            <div className="card">
              <b data-testid="n-benchmarks">{report.benchmarks.length}</b> benchmarks
            </div>
            <div className="card">
              <b>{report.source === 'responses' ? report.n_items : '—'}</b> items
            </div>
            <div className="card wide">
              model choice matters most on <b>{report.choice_matters[0] ?? '—'}</b>
              {report.saturated.length > 0 ? (
                <>
                  {' '}
                  · saturated: <b>{report.saturated.join(', ')}</b>
                </>
              ) : (
                ' · no saturated benchmark'
              )}
            </div>
            <div className="card muted small">computed in {fmt(result.millis, 0)} ms in a Web Worker</div>
            <button type="button" data-testid="download-json" onClick={() => downloadJson('describe.json', report)}>
              Download describe.json
            </button>
          </section>

          {result.inputSummary !== '' && (
            <pre className="input-summary small" data-testid="input-summary">
              {result.inputSummary}
            </pre>
          )}
          {result.warnings.length > 0 && (
            <details className="warnings">
              <summary>{result.warnings.length} warning(s)</summary>
              <ul>
                {result.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </details>
          )}

          <h2>Benchmarks</h2>
          <BenchmarkTable report={report} order={benchOrder} onPick={(b) => setSort({ key: 'bench', benchmark: b, descending: true })} />

          <div className="two-col">
            <div>
              <h2>Models × benchmarks</h2>
              <div className="heat-controls">
                <span>sort models by</span>
                {(['level', 'params', 'id'] as const).map((k) =>
                  k === 'params' && !report.orders.models.params ? null : (
                    <button
                      type="button"
                      key={k}
                      className={sort.key === k ? 'active' : ''}
                      onClick={() => setSort((s) => ({ key: k, descending: s.key === k ? !s.descending : true }))}
                    >
                      {k === 'level' ? 'overall level' : k === 'params' ? 'size' : 'id'}
                    </button>
                  ),
                )}
                <span className="muted">or click a benchmark</span>
                <span>· benchmarks</span>
                <select value={benchSort} onChange={(e) => setBenchSort(e.target.value as typeof benchSort)}>
                  <option value="given">as given</option>
                  <option value="mean">by mean</option>
                  <option value="spread">by spread</option>
                </select>
                <span>· colour</span>
                <select value={colour} onChange={(e) => setColour(e.target.value as ColourMode)} data-testid="colour-mode">
                  <option value="score">score 0–1</option>
                  <option value="within">within benchmark (min–max)</option>
                </select>
                <ColorLegend colour={colour} />
              </div>
              <Heatmap report={report} colour={colour} benchmarkOrder={benchOrder} sort={sort} onSort={setSort} selected={selected} onSelect={setSelected} />
            </div>
            <aside>
              <label className="find">
                find a model:{' '}
                <input
                  list="model-names"
                  data-testid="find-model"
                  placeholder="name or id"
                  onChange={(e) => {
                    const v = e.target.value.trim();
                    const m = report.models.findIndex((x) => x.name === v || x.id === v);
                    if (m >= 0) setSelected(m);
                  }}
                />
                <datalist id="model-names">
                  {report.models.map((x) => (
                    <option key={x.id} value={x.name} />
                  ))}
                </datalist>
              </label>
              {selected !== null ? (
                <ModelDetail report={report} model={selected} order={benchOrder} />
              ) : (
                <p className="muted">Click a row of the heatmap to see that model&apos;s scores with their intervals.</p>
              )}
              {report.generalists.length > 0 && (
                <div className="lists">
                  <h3>Generalists</h3>
                  <ol>
                    {report.generalists.slice(0, 5).map((g) => (
                      <li key={g.id}>
                        {g.id} <span className="muted">level {fmt(g.level, 2)}</span>
                      </li>
                    ))}
                  </ol>
                </div>
              )}
              {report.specialists.length > 0 && (
                <div className="lists">
                  <h3>Specialists</h3>
                  <ol>
                    {report.specialists.slice(0, 5).map((g) => (
                      <li key={g.id}>
                        {g.id} <span className="muted">{g.best} +{fmt(g.specialisation, 2)} SD</span>
                      </li>
                    ))}
                  </ol>
                </div>
              )}
            </aside>
          </div>
        </main>
      )}
      </ErrorBoundary>
    </div>
  );
}
