// The explorer: load files (picker, drag-and-drop) or the bundled demo; the worker describes them (the
// Benchmarks view: per-benchmark table, models × benchmarks heatmap, one model's intervals) and then runs
// the whole audit (runAudit) with its progress on the page and a Cancel button. Views are routes in the URL
// fragment (src/route.ts): Overview, Benchmarks, Structure, Variance, Scaling, Ranks, Compare.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Cancelled, StatsClient, WorkerFailure } from './client.js';
import { formatHash, parseHash, VIEWS, VIEW_TITLES, type Route } from './route.js';
import { Overview } from './views/Overview.js';
import { CompareView, RanksView, ScalingView, StructureView, VarianceView } from './views/Layers.js';
import type { AuditJson } from './views/types.js';
import { BenchmarkTable } from './components/BenchmarkTable.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { ColorLegend, Heatmap, type ColourMode, type ModelSort } from './components/Heatmap.js';
import { ModelDetail } from './components/ModelDetail.js';
import { fmt } from './colors.js';
import { DEMO_FILES } from './demo.js';
import { guessBenchmark, guessRole } from './files.js';
import { defaultAuditWorkers, type AuditOut, type DescribeResult, type FileRole, type Progress } from './protocol.js';

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
type AuditStatus = { state: 'idle' } | { state: 'running'; progress: Progress | null; stages: number } | { state: 'done'; out: AuditOut; audit: AuditJson } | { state: 'cancelled' } | { state: 'error'; message: string };

const STRUCTURE_NAMES = ['independent', 'general', 'second-order', 'correlated', 'bifactor', 'bifactor-correlated'] as const;

/** An error from the worker in the page's terms: which file, where, what to change on the page. */
function pageMessage(err: unknown): string {
  if (err instanceof WorkerFailure) {
    const d = err.detail;
    const where = d.file && d.file !== '(page)' && d.file !== '(files)' ? `${d.file}${d.line ? `, line ${d.line}` : ''}${d.column ? `, column ${d.column}` : ''}: ` : '';
    const msg = d.message.startsWith(d.file ?? '\u0000') ? d.message : `${where}${d.message}`;
    // library messages name no CLI flag; any that slips through is translated to the page's controls
    return msg.replace(/--model-col\b/g, '“model-id column”').replace(/--items-per-benchmark\b/g, '“items per benchmark”').replace(/--seed\b/g, '“seed”').replace(/--structures\b/g, '“structures”').replace(/--(responses|items|models|scores|leaderboard)\b/g, 'a $1 file');
  }
  return err instanceof Error ? err.message : String(err);
}

const SIZE_LABELS = { pv: 'plausible values', scalingReplicates: 'slope-reliability replicates', draws: 'rank draws' } as const;

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
  const [auditStatus, setAuditStatus] = useState<AuditStatus>({ state: 'idle' });
  const [seed, setSeed] = useState('1');
  const [structures, setStructures] = useState<string[]>([...STRUCTURE_NAMES]);
  const [mi, setMi] = useState(true);
  // robustness of the structure comparison (the CLI's audit --bootstrap/--permutations/--folds): 0 = not run
  const [robust, setRobust] = useState({ bootstrap: '0', permutations: '0', folds: '0' });
  // the scaling and rank layers' sizes (the CLI's --pv, --scaling-replicates, --draws); empty = the library's
  // default for the data (auditOptions/runAudit: the same the CLI uses when the flag is not given)
  const [sizes, setSizes] = useState({ pv: '', scalingReplicates: '', draws: '' });
  // the full defaults of the sizes on a large input too (the CLI's --full-defaults)
  const [fullDefaults, setFullDefaults] = useState(false);
  // Web Workers for the audit's heavy layers (the CLI's --workers): the browser's cores, 2 to 4
  const [auditWorkers, setAuditWorkers] = useState(() => String(defaultAuditWorkers(typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1)));
  const [modelCol, setModelCol] = useState('');
  const [autoAudit, setAutoAudit] = useState(true);
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const go = useCallback((r: Route) => {
    const h = formatHash(r);
    if (h !== location.hash) history.replaceState(null, '', h);
    setRoute(r);
  }, []);
  const setParams = useCallback((p: Record<string, string>) => go({ view: route.view, params: p }), [go, route.view]);
  const pickerRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);

  const auditRunning = useRef(false);
  const run = useCallback(
    async (list: LoadedFile[]) => {
      if (auditRunning.current) statsClient().cancel();
      setStatus({ state: 'running' });
      setAuditStatus({ state: 'idle' });
      setSelected(null);
      // copies: the buffers are transferred to the worker, the UI keeps its own bytes for a re-run
      const payload = () => list.flatMap((f) => f.parts.map((p) => ({ name: p.name, role: f.role, benchmark: f.benchmark.trim() || null, data: p.bytes.slice().buffer as ArrayBuffer })));
      const lmEval = { metric: metric.trim() || null, filter: filter.trim() || null };
      try {
        const result = await statsClient().describe(payload(), { itemsPerBenchmark, lmEval, completeOnly, modelCol });
        setStatus({ state: 'done', result });
        setSort({ key: 'level', descending: true });
      } catch (err) {
        if (err instanceof Cancelled) return;
        setStatus({ state: 'error', message: pageMessage(err) });
        return;
      }
      const n = Number(seed);
      if (!autoAudit) return;
      if (!Number.isInteger(n) || n < 0) {
        setAuditStatus({ state: 'error', message: `The seed must be a whole number ≥ 0 (the seed box says “${seed}”).` });
        return;
      }
      if (structures.length === 0) {
        setAuditStatus({ state: 'error', message: 'Tick at least one structure to fit under “structures”.' });
        return;
      }
      const rb = { bootstrap: Number(robust.bootstrap), permutations: Number(robust.permutations), folds: Number(robust.folds) };
      for (const [k, v] of Object.entries(rb))
        if (!Number.isInteger(v) || v < 0 || (k === 'folds' && v === 1)) {
          setAuditStatus({ state: 'error', message: `Robustness “${k}” must be a whole number ≥ 0${k === 'folds' ? ' and not 1 (0 = none, else at least 2 folds)' : ''} (the box says “${robust[k as keyof typeof robust]}”).` });
          return;
        }
      const given = (x: string): number | undefined => (x.trim() === '' ? undefined : Number(x));
      const sz = { pv: given(sizes.pv), scalingReplicates: given(sizes.scalingReplicates), draws: given(sizes.draws) };
      const least = { pv: 2, scalingReplicates: 0, draws: 10 };
      for (const [k, v] of Object.entries(sz))
        if (v !== undefined && (!Number.isInteger(v) || v < least[k as keyof typeof least])) {
          setAuditStatus({ state: 'error', message: `“${SIZE_LABELS[k as keyof typeof SIZE_LABELS]}” must be empty (the default) or a whole number ≥ ${least[k as keyof typeof least]} (the box says “${sizes[k as keyof typeof sizes]}”).` });
          return;
        }
      const nw = Number(auditWorkers);
      if (!Number.isInteger(nw) || nw < 1 || nw > 64) {
        setAuditStatus({ state: 'error', message: `“audit workers” must be a whole number from 1 to 64 (the box says “${auditWorkers}”).` });
        return;
      }
      setAuditStatus({ state: 'running', progress: null, stages: 0 });
      auditRunning.current = true;
      try {
        const out = await statsClient().audit(payload(), { itemsPerBenchmark, lmEval, completeOnly, options: { seed: n, structures, mi, modelCol, ...rb, ...sz, fullDefaults, workers: nw } }, (p) =>
          setAuditStatus((s) => (s.state === 'running' ? { state: 'running', progress: p, stages: p.stage === 'audit' && p.done !== undefined ? p.done : s.stages } : s)),
        );
        // the result's structured clone and the JSON parse + first render are separate tasks (each well under
        // the 200-ms long-task bound on a loaded machine)
        await new Promise((r) => setTimeout(r, 0));
        const audit = JSON.parse(out.json) as AuditJson;
        await new Promise((r) => setTimeout(r, 0));
        setAuditStatus({ state: 'done', out, audit });
      } catch (err) {
        if (err instanceof Cancelled) setAuditStatus({ state: 'cancelled' });
        else setAuditStatus({ state: 'error', message: pageMessage(err) });
      } finally {
        auditRunning.current = false;
      }
    },
    [itemsPerBenchmark, metric, filter, completeOnly, seed, structures, mi, modelCol, autoAudit, robust, sizes, fullDefaults, auditWorkers],
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
  /** The data set's name in shared links: the first file's name (never its contents). */
  const datasetName = useMemo(() => files.filter((f) => f.role !== 'ignore').map((f) => f.name.replace(/^.*[\\/]/, '')).join('+').slice(0, 120), [files]);
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
                      <select aria-label={`${f.name} read as`} value={f.role} onChange={(e) => setFiles((prev) => prev.map((g) => (g.key === f.key ? { ...g, role: e.target.value as FileRole } : g)))}>
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
                          aria-label={`${f.name}: benchmark`}
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
              <label title="the column naming the model in responses, scores and models files, when it is not model_id or model">
                model-id column: <input className="col-input" style={{ width: 140 }} data-testid="model-col" value={modelCol} onChange={(e) => setModelCol(e.target.value)} placeholder="model_id" />
              </label>
            </div>
            <fieldset className="audit-options loader-actions">
              <legend>audit</legend>
              <label title="run every layer after reading the files">
                <input type="checkbox" data-testid="auto-audit" checked={autoAudit} onChange={(e) => setAutoAudit(e.target.checked)} /> run the whole audit
              </label>
              <label title="root seed; every random step of the audit is forked from it (same seed, same numbers)">
                seed: <input className="small-input" data-testid="seed" value={seed} onChange={(e) => setSeed(e.target.value)} inputMode="numeric" />
              </label>
              <span>structures:</span>
              {STRUCTURE_NAMES.map((n) => (
                <label key={n}>
                  <input type="checkbox" data-testid={`structure-${n}`} checked={structures.includes(n)} onChange={(e) => setStructures((prev) => (e.target.checked ? STRUCTURE_NAMES.filter((x) => x === n || prev.includes(x)) : prev.filter((x) => x !== n)))} /> {n}
                </label>
              ))}
              <label title="modification indices: the item-pair local-dependence map">
                <input type="checkbox" data-testid="mi" checked={mi} onChange={(e) => setMi(e.target.checked)} /> modification indices
              </label>
              <span title="robustness of the structure comparison: each replicate refits every ticked structure, so its cost is replicates × the latent-structure stage (about 1 s per replicate on the demo here; minutes per replicate on the real v1 items, where the command line's executors run them on several cores)">robustness:</span>
              {(['bootstrap', 'permutations', 'folds'] as const).map((k) => (
                <label key={k} title={k === 'bootstrap' ? 'item-resampled replicates of the comparison' : k === 'permutations' ? 'random item → benchmark relabellings (a null distribution for the benchmark grouping)' : 'folds over models for out-of-sample prediction'}>
                  {k}: <input className="small-input" data-testid={`robust-${k}`} value={robust[k]} onChange={(e) => setRobust((r) => ({ ...r, [k]: e.target.value }))} inputMode="numeric" />
                </label>
              ))}
              <span title="sizes of the scaling and rank layers: fewer plausible values, replicates or draws run faster and give wider or noisier intervals (the report states the numbers used); empty = the default for this data, as the command line's">sizes:</span>
              {(['pv', 'scalingReplicates', 'draws'] as const).map((k) => (
                <label key={k}>
                  {SIZE_LABELS[k]}: <input className="small-input" data-testid={`size-${k}`} value={sizes[k]} placeholder="default" onChange={(e) => setSizes((r) => ({ ...r, [k]: e.target.value }))} inputMode="numeric" />
                </label>
              ))}
              <label title="on a large input (≥ 250,000 models × items) empty size boxes give 5 plausible values and no slope-reliability replicates, so that the audit finishes in minutes (the report says so); tick for the full defaults (10 and 4) there too">
                <input type="checkbox" data-testid="full-defaults" checked={fullDefaults} onChange={(e) => setFullDefaults(e.target.checked)} /> full sizes on large data
              </label>
              <label title="Web Workers for the heavy layers: the structure fits beside the IRT calibration, scaling's replicates beside the rank draws (1 = one after the other); the numbers are the same for any number, only the time and the memory change">
                audit workers: <input className="small-input" data-testid="audit-workers" value={auditWorkers} onChange={(e) => setAuditWorkers(e.target.value)} inputMode="numeric" />
              </label>
            </fieldset>
            <div className="loader-actions">
              <button type="button" className="primary" data-testid="describe" onClick={() => void run(files)} disabled={status.state === 'running'}>
                Describe{autoAudit ? ' and audit' : ''}
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

      {auditStatus.state === 'running' && (
        <div className="progress" data-testid="audit-progress" role="status" aria-live="polite">
          <progress max={7} value={auditStatus.stages} aria-label="audit progress" />{' '}
          <span data-testid="audit-stage">{auditStatus.progress ? `${auditStatus.progress.stage}${auditStatus.progress.message ? `: ${auditStatus.progress.message}` : ''}${auditStatus.progress.stage !== 'audit' && auditStatus.progress.total ? ` (${auditStatus.progress.done ?? 0}/${auditStatus.progress.total})` : ''}` : 'starting the audit…'}</span>{' '}
          <button type="button" data-testid="cancel" onClick={() => statsClient().cancel()}>
            Cancel
          </button>
        </div>
      )}
      {auditStatus.state === 'cancelled' && (
        <p className="status" data-testid="audit-cancelled">
          Audit cancelled. The files are still loaded: change the options and press “Describe and audit” to run it again.
        </p>
      )}
      {auditStatus.state === 'error' && (
        <p className="error" role="alert" data-testid="audit-error">
          The audit stopped: {auditStatus.message}
        </p>
      )}

      {report && (
        <nav className="views" aria-label="views">
          {VIEWS.map((v) => (
            <a key={v} href={formatHash({ view: v, params: route.params['data'] ? { data: route.params['data'] } : { data: datasetName } })} aria-current={route.view === v ? 'page' : undefined} data-testid={`nav-${v}`} className={route.view === v ? 'active' : undefined}>
              {VIEW_TITLES[v]}
              {v !== 'benchmarks' && auditStatus.state !== 'done' ? ' …' : ''}
            </a>
          ))}
        </nav>
      )}
      {route.params['data'] && datasetName && route.params['data'] !== datasetName && (
        <p className="status" data-testid="other-data">
          This link was made for the data set “{route.params['data']}”; the files loaded now are “{datasetName}”.
        </p>
      )}
      {report && route.view !== 'benchmarks' && (
        <main data-testid={`view-${route.view}-wrap`}>
          <h2>{VIEW_TITLES[route.view]}</h2>
          {auditStatus.state !== 'done' ? (
            <p className="muted">{auditStatus.state === 'running' ? 'The audit is running; this view appears when it finishes.' : 'Run the audit to see this view.'}</p>
          ) : route.view === 'overview' ? (
            <Overview audit={auditStatus.audit} out={auditStatus.out} params={route.params} />
          ) : route.view === 'structure' ? (
            <StructureView audit={auditStatus.audit} out={auditStatus.out} params={route.params} setParams={setParams} tetrachoric={(items, missing, workers, pairs) => statsClient().tetrachoric(items, missing, workers, pairs)} />
          ) : route.view === 'variance' ? (
            <VarianceView audit={auditStatus.audit} out={auditStatus.out} params={route.params} setParams={setParams} />
          ) : route.view === 'scaling' ? (
            <ScalingView audit={auditStatus.audit} out={auditStatus.out} />
          ) : route.view === 'ranks' ? (
            <RanksView audit={auditStatus.audit} out={auditStatus.out} params={route.params} setParams={setParams} />
          ) : (
            <CompareView out={auditStatus.out} params={route.params} setParams={setParams} compare={(a, b) => statsClient().compare(a, b)} />
          )}
        </main>
      )}

      <ErrorBoundary resetKey={result}>
      {report && result && route.view === 'benchmarks' && (
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
                <select aria-label="order of the benchmarks" value={benchSort} onChange={(e) => setBenchSort(e.target.value as typeof benchSort)}>
                  <option value="given">as given</option>
                  <option value="mean">by mean</option>
                  <option value="spread">by spread</option>
                </select>
                <span>· colour</span>
                <select aria-label="colour of the cells" value={colour} onChange={(e) => setColour(e.target.value as ColourMode)} data-testid="colour-mode">
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
