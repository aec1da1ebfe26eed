// Bench: the whole audit in the explorer, in headless chromium (Debian's /usr/bin/chromium via playwright-core),
// against the built app (packages/web/dist; `npx turbo run build` first). Reports the wall time from the click to
// the finished Overview, the longest main-thread task, and the peak resident memory of the tab's renderer
// process (the page and its Web Worker; sampled from /proc every 250 ms).
//
//   node bench/web-audit.mjs demo
//   node bench/web-audit.mjs v1  [--all] [--small]   # ../shared/data v1 item files + v1 table (complete models;
//                                                    # --all: every structure and MI; --small: the browser test's
//                                                    # affordable sizes: 2 plausible values, 0 slope replicates, 100 draws)
//   node bench/web-audit.mjs sim4000          # `cartograph simulate --models 4000 --items-per-benchmark 40`
//                                             # (the built CLI writes it to a temporary folder first)
//   node bench/web-audit.mjs files F1 F2 …   # any files (roles guessed by the page)
// Options for every mode: --workers N (the page's “audit workers” box; default: the page's, i.e. the browser's
// cores, 2 to 4), --json FILE (save the page's audit.json there, e.g. to compare runs byte for byte),
// --sizes PV,R,D (plausible values, slope-reliability replicates, rank draws; default the page's 10,4,1000).
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const dist = join(root, 'packages/web/dist');
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const server = createServer((req, res) => {
  let f = join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (statSync(f, { throwIfNoEntry: false })?.isDirectory()) f = join(f, 'index.html');
  if (!f.startsWith(dist) || !existsSync(f)) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': MIME[extname(f)] ?? 'application/octet-stream' });
  res.end(readFileSync(f));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));

const [mode = 'demo', ...rest] = process.argv.slice(2);
const opt = (name) => {
  const k = rest.indexOf(name);
  return k >= 0 ? rest[k + 1] : undefined;
};
const workers = opt('--workers');
const jsonOut = opt('--json');
const sizes = opt('--sizes')?.split(',');
const setSizes = async () => {
  if (!sizes) return;
  await page.fill('[data-testid=size-pv]', sizes[0]);
  await page.fill('[data-testid=size-scalingReplicates]', sizes[1]);
  await page.fill('[data-testid=size-draws]', sizes[2]);
};
let simDir = null;
if (mode === 'sim4000') {
  simDir = mkdtempSync(join(tmpdir(), 'cartograph-sim4000-'));
  execSync(`${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'packages/cli/bin/cartograph.js'))} simulate --models 4000 --items-per-benchmark 40 --seed 1 --out ${JSON.stringify(simDir)}`, { stdio: 'ignore' });
}
const shared = join(root, '..', 'shared', 'data');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
});
await page.goto(`http://127.0.0.1:${server.address().port}/#/overview`);

/** Peak RSS (MB) of this browser's renderer processes (descendants of the chromium this script started). */
let peak = 0;
const sample = () => {
  try {
    const rows = execSync('ps -eo pid=,ppid=,rss=,args=', { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').map((l) => l.trim().split(/\s+/));
    const kids = new Map();
    for (const [pid, ppid] of rows) kids.set(ppid, [...(kids.get(ppid) ?? []), pid]);
    const mine = new Set();
    const walk = (p) => (kids.get(p) ?? []).forEach((c) => (mine.add(c), walk(c)));
    walk(String(process.pid));
    let kb = 0;
    for (const r of rows) if (mine.has(r[0]) && r.slice(3).join(' ').includes('--type=renderer')) kb += Number(r[2]);
    peak = Math.max(peak, kb / 1024);
  } catch {}
};
const timer = setInterval(sample, 250);

const load0 = loadavg()[0];
if ((workers !== undefined || sizes) && mode === 'demo') {
  // the options form shows once files are loaded: load the demo, stop its audit, set the box, then start again
  await page.click('[data-testid=load-demo]');
  await page.locator('[data-testid=audit-workers]').waitFor();
  await page.click('[data-testid=cancel]').catch(() => {});
  if (workers !== undefined) await page.fill('[data-testid=audit-workers]', workers);
  await setSizes();
}
const t0 = Date.now();
if (mode === 'demo') await page.click(workers !== undefined || sizes ? '[data-testid=describe]' : '[data-testid=load-demo]');
else {
  const files = mode === 'v1'
    ? ['arc', 'gsm8k', 'mmlu'].map((b) => join(shared, 'openllm-v1-items', `${b}.responses.csv`)).concat(join(shared, 'openllm-v1', 'leaderboard-v1-contents.csv'))
    : mode === 'sim4000'
      ? ['responses_wide.csv', 'items.csv', 'models.csv'].map((f) => join(simDir, f)) // as bench/audit.mjs gives the CLI
      : rest.filter((x, k) => !x.startsWith('--') && !['--workers', '--json', '--sizes'].includes(rest[k - 1]));
  await page.setInputFiles('[data-testid=file-input]', files);
  if (workers !== undefined) await page.fill('[data-testid=audit-workers]', workers);
  await setSizes();
  if (mode === 'v1') {
    await page.check('[data-testid=complete-only]');
    if (!rest.includes('--all')) {
      for (const n of ['independent', 'second-order', 'correlated', 'bifactor', 'bifactor-correlated']) await page.uncheck(`[data-testid=structure-${n}]`);
      await page.uncheck('[data-testid=mi]');
    }
    if (rest.includes('--small')) {
      await page.fill('[data-testid=size-pv]', '2');
      await page.fill('[data-testid=size-scalingReplicates]', '0');
      await page.fill('[data-testid=size-draws]', '100');
    }
  }
  await page.click('[data-testid=describe]');
}
let last = '';
let lastAt = 0;
for (;;) {
  const s = await page.locator('[data-testid=audit-stage]').textContent({ timeout: 100 }).catch(() => null);
  // a line when the stage changes, and the current progress line every 30 s
  if (s && (s.split(':')[0] !== last || Date.now() - lastAt > 30_000)) {
    last = s.split(':')[0];
    lastAt = Date.now();
    console.error(`${((Date.now() - t0) / 1000).toFixed(1)} s  ${s.slice(0, 120)}`);
  }
  if (await page.locator('[data-testid=audit-summary], [data-testid=audit-error], [data-testid=error]').count()) break;
  await page.waitForTimeout(250);
}
const seconds = (Date.now() - t0) / 1000;
clearInterval(timer);
sample();
const err = await page.locator('[data-testid=audit-error], [data-testid=error]').textContent().catch(() => null);
const long = await page.evaluate(() => window.__longTasks);
const used = await page.locator('[data-testid=audit-workers-used]').getAttribute('data-workers').catch(() => null);
if (jsonOut && !err) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-audit]')]);
  writeFileSync(jsonOut, readFileSync(await d.path()));
}
const stages = await page.locator('[data-testid=audit-summary] li').evaluateAll((ls) => ls.map((l) => `${l.dataset.stage}=${l.dataset.status}`));
// CPU seconds of this browser's processes (renderer + GPU + browser: /proc/<pid>/stat utime + stime of the live descendants)
let cpuTicks = 0;
try {
  const rows = execSync('ps -eo pid=,ppid=', { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/));
  const kids = new Map();
  for (const [pid, ppid] of rows) kids.set(ppid, [...(kids.get(ppid) ?? []), pid]);
  const walk = (p) => (kids.get(p) ?? []).forEach((c) => {
    try {
      const f = readFileSync(`/proc/${c}/stat`, 'utf8').split(') ')[1].split(' ');
      cpuTicks += Number(f[11]) + Number(f[12]);
    } catch {}
    walk(c);
  });
  walk(String(process.pid));
} catch {}
console.log(JSON.stringify({ mode, options: rest, workers: used === null ? null : Number(used), seconds, browser_cpu_seconds: cpuTicks / 100, error: err, longest_main_thread_task_ms: Math.round(Math.max(0, ...long)), long_tasks: long.length, peak_renderer_rss_mb: Math.round(peak), stages, cpus: cpus().length, cpu: cpus()[0]?.model, load_before: load0, load_after: loadavg()[0], date: new Date().toISOString() }));
await browser.close();
server.close();
if (simDir) rmSync(simDir, { recursive: true, force: true });
