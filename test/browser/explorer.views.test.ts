// The explorer's audit views in a real browser (issue 16): Playwright (playwright-core) drives Debian's
// chromium against the built app (packages/web/dist). On the bundled demo: the audit runs in the worker with
// progress, no main-thread long task over 200 ms, its heavy layers on the page's default pool of audit Web
// Workers (the browser's cores, 2 to 4: packages/web/src/audit-pool.ts), audit.json and report.html downloaded
// from the Overview equal the CLI's `cartograph audit --demo` (on its own --workers threads) byte for byte (every
// worker computes with fdlibm's Math, as Node does),
// each view shows the report's numbers, passes axe (WCAG 2 A/AA) and is saved as
// test-results/explorer-<view>.png; a shared link reopens view, sort and selection; cancel during the
// structure stage leaves the page usable; a bad file's error speaks of the page. Real data (../shared/data):
// the v2 table's audit completes in the page, and gives the same audit.json bytes with 1 audit worker as with
// the default pool; the v1 item files + v1 table start the audit and cancel cleanly.
// The full v1 audit in the page (the last test) takes ≈ 2 min here since session 4 (bench/RESULTS.md, session 4:
// 112.8 s wall on 2 audit workers; it took 542 s before the IRT chain got faster), so it runs in CI.
// Without chromium the test is skipped with a message — except under CI=true, where it fails.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { CHROMIUM, CI, openExplorer, root, type Session } from './explorer.setup.js';
import { pageWords } from '../../packages/web/src/words.js';

const AUDIT = { timeout: 600_000, interval: 250 }; // the demo audit takes ~50 s on a quiet machine, 200–400 s at load 10
const LONG = { timeout: 60_000, interval: 100 };
const shots = join(root, 'test-results');
const shared = join(root, '..', 'shared', 'data');

if (!CHROMIUM && !CI) console.warn('SKIPPED test/browser/explorer.views.test.ts: no chromium found (run scripts/ensure-chromium.sh, or set CHROMIUM_PATH)');

/** The CLI's audit of the demo (the built CLI, as the e2e tests run it). */
function cliAudit(out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(root, 'packages/cli/bin/cartograph.js'), 'audit', '--demo', '--out', out], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cartograph audit --demo exited ${code}: ${err.slice(-2000)}`))));
  });
}

/** Deep comparison: structure, keys and every non-number equal; every number that is not the same double collected. */
function compare(a: unknown, b: unknown, out: { path: string; rel: number }[], mismatch: string[], path = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    const rel = Math.abs(a - b) / Math.max(1e-300, Math.abs(a), Math.abs(b));
    if (!Object.is(a, b)) out.push({ path, rel });
    return;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (a !== b) mismatch.push(`${path}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`);
    return;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) {
    mismatch.push(`${path}: keys ${ka.join(',')} vs ${kb.join(',')}`);
    return;
  }
  for (const k of ka) compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], out, mismatch, `${path}.${k}`);
}

async function download(page: Page, testId: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync((await d.path())!, 'utf8');
}

async function axe(page: Page, view: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const v = r.violations.map((x) => `${view}: ${x.id} (${x.nodes.length}): ${x.nodes[0]?.target.join(' ')} ${x.nodes[0]?.failureSummary?.split('\n').slice(0, 2).join(' ')}`);
  if (v.length) throw new Error(`axe (WCAG 2 A/AA) violations:\n${v.join('\n')}`);
}

async function auditDone(page: Page): Promise<void> {
  await expect.poll(async () => (await page.getByTestId('audit-error').count()) ? `error: ${await page.getByTestId('audit-error').textContent()}` : page.getByTestId('nav-overview').textContent(), AUDIT).toBe('Overview');
}

describe.skipIf(!CHROMIUM && !CI)('explorer views: the whole audit in the browser (chromium)', () => {
  let s: Session;
  let page: Page;
  let cliDir: string;
  let cli: Promise<void>;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    cliDir = mkdtempSync(join(tmpdir(), 'cartograph-audit-'));
    cli = cliAudit(cliDir);
    cli.catch(() => {});
    s = await openExplorer();
    page = s.page;
  }, 120_000);

  afterAll(async () => {
    await s?.close();
    if (cliDir) rmSync(cliDir, { recursive: true, force: true });
  });

  it('audits the demo on N audit workers with progress, no main-thread long task over 200 ms, and downloads the CLI\'s audit.json and report.html', async () => {
    await page.goto(`${s.url}#/overview`);
    await page.evaluate(() => ((window as unknown as { __longTasks: unknown[] }).__longTasks.length = 0));
    await page.getByTestId('load-demo').click();
    await page.getByTestId('audit-progress').waitFor({ timeout: 60_000 });
    await auditDone(page);
    await page.getByTestId('audit-summary').waitFor({ timeout: 30_000 });
    // the heavy layers ran on the page's default pool: the browser's logical cores, at least 2, at most 4
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const workers = Number(await page.getByTestId('audit-workers-used').getAttribute('data-workers'));
    expect(workers).toBe(Math.max(2, Math.min(4, cores)));
    const long = await page.evaluate(() => (window as unknown as { __longTasks: { duration: number }[] }).__longTasks.map((t) => t.duration));
    console.log(`explorer demo audit: ${long.length} main-thread long tasks, longest ${Math.max(0, ...long).toFixed(0)} ms`);
    expect(Math.max(0, ...long)).toBeLessThan(200); // the issue's bound on a main-thread task during the demo audit
    const json = await download(page, 'download-audit');
    const html = await download(page, 'download-report');
    await cli;
    // the CLI's --demo hands the loader absolute paths, and the metadata join records its file by that path
    // (data.metadata.join.file): the one place the two differ by the machine, normalised here
    const demoPath = (t: string): string => t.split(`${join(root, 'data', 'demo')}/`).join('data/demo/');
    const cliJson = demoPath(readFileSync(join(cliDir, 'audit.json'), 'utf8'));
    writeFileSync(join(shots, 'explorer-audit.json'), json);
    const diffs: { path: string; rel: number }[] = [];
    const mismatch: string[] = [];
    compare(JSON.parse(json), JSON.parse(cliJson), diffs, mismatch);
    expect(mismatch).toEqual([]); // every string (answers with their printed numbers), key and array length equal
    diffs.sort((x, y) => y.rel - x.rel);
    console.log(`explorer audit.json vs the CLI's: ${diffs.length} numbers differ; largest ${diffs.slice(0, 5).map((d) => `${d.path} ${d.rel.toExponential(1)}`).join(', ')}`);
    // Every number the same double: the worker computes with fdlibm's Math (packages/web/src/fdlibm.ts), as the
    // CLI's Node does — chromium's own exp/log/pow differ in the last bit, which the IRT EM and REML fits
    // carried to 1.6e-8 / 3e-6 before. So no tolerance: audit.json is the CLI's byte for byte.
    expect(diffs.map((d) => `${d.path} ${d.rel.toExponential(1)}`)).toEqual([]);
    expect(json).toBe(cliJson);
    // report.html: the same text (numbers printed to 3 digits, charts from the same specs)
    const strip = (h: string): string => h.replace(/<svg[\s\S]*?<\/svg>/g, '<svg/>');
    expect(strip(html)).toBe(strip(demoPath(readFileSync(join(cliDir, 'report.html'), 'utf8'))));
    expect(s.errors).toEqual([]);
  }, 900_000);

  it('each view shows the report\'s numbers, passes axe, and is saved as a screenshot', async () => {
    const r = JSON.parse(readFileSync(join(cliDir, 'audit.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const answer = (id: string): string => r.stages.find((x: { id: string }) => x.id === id).answer;
    // Overview: every stage's plain-language answer
    await page.getByTestId('nav-overview').click();
    for (const st of r.stages.filter((x: { status: string }) => x.status === 'done')) expect(await page.locator(`[data-testid=audit-summary] li[data-stage=${st.id}]`).textContent()).toContain(st.answer);
    expect(await page.getByTestId('audit-warnings').locator('summary').textContent()).toMatch(/^\d+ warning/);
    await page.screenshot({ path: join(shots, 'explorer-overview.png') });
    await axe(page, 'overview');
    // Benchmarks (the describe screen)
    await page.getByTestId('nav-benchmarks').click();
    await page.getByTestId('report').waitFor();
    const d = r.first_look.describe;
    for (const b of d.benchmarks) expect(((await page.locator(`tr.bench-row[data-benchmark="${b.benchmark}"] [data-col=mean]`).textContent()) ?? '').split(' ')[0]).toBe(b.mean.toFixed(3));
    await page.screenshot({ path: join(shots, 'explorer-benchmarks.png') });
    await axe(page, 'benchmarks');
    // Structure: answer, fit chart, MI pair detail
    await page.getByTestId('nav-structure').click();
    expect(await page.getByTestId('stage-latent_structure').getByTestId('answer').textContent()).toBe(answer('latent_structure'));
    expect(await page.locator('figure.chart[data-chart=fit] svg').count()).toBe(1);
    const mi0 = r.latent_structure.mi_map[0];
    await page.locator('[data-table=mi_pairs] tbody tr').first().click();
    const detail = page.getByTestId('pair-detail');
    expect(await detail.getByTestId('pair-mi').textContent()).toBe(mi0.mi.toFixed(2));
    expect(await detail.getByTestId('pair-sepc').textContent()).toBe(mi0.sepc_all.toFixed(3));
    expect(await detail.getByTestId('pair-cross').textContent()).toContain(mi0.cross_benchmark ? 'different benchmarks' : 'same benchmark');
    // the pair's 2×2 table: the tetrachoric step recomputed in the page; its four cells add up to the models
    // that answered both items (all 600 on the demo: no missing responses)
    await detail.getByTestId('pair-table').waitFor({ timeout: 120_000 });
    const table2 = await Promise.all(['00', '01', '10', '11'].map(async (c) => Number(await detail.locator(`td[data-cell="${c}"]`).textContent())));
    expect(table2.reduce((a, b) => a + b, 0)).toBe(600);
    // the local-dependence map: keyboard activation of a point selects its pair, as a click does
    const map = page.getByTestId('chart-live-mi');
    await map.focus(); // the static SVG until then; focus draws it live (vega)
    await expect.poll(async () => map.getAttribute('data-ready'), LONG).toBe('1');
    await page.keyboard.press('End'); // the last point drawn (on top: the mouse below reaches it)
    const keyTip = (await page.getByTestId('chart-tip-mi').textContent()) ?? '';
    expect(keyTip).toMatch(/^item1: .*\nitem2: .*\n/);
    await page.keyboard.press('Enter');
    const [k1, k2] = [/item1: (.*)/.exec(keyTip)![1], /item2: (.*)/.exec(keyTip)![1]];
    await expect.poll(async () => detail.locator('p b').first().textContent(), LONG).toBe(k1);
    expect(await detail.locator('p b').nth(1).textContent()).toBe(k2);
    // hover over the same point gives the same tooltip as keyboard focus
    const box = (await map.locator('svg [data-focused]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(async () => page.getByTestId('chart-tip-mi').textContent(), LONG).toBe(keyTip);
    // the tetrachoric step on several Web Workers gives the same correlations as on one (the library's split)
    const run = page.getByTestId('tetra-run');
    await page.getByTestId('threads').fill('3');
    await expect.poll(async () => run.getAttribute('data-workers'), { timeout: 120_000, interval: 250 }).toBe('3');
    const digest3 = await run.getAttribute('data-digest');
    await page.getByTestId('threads').fill('1');
    await expect.poll(async () => run.getAttribute('data-workers'), { timeout: 120_000, interval: 250 }).toBe('1');
    expect(await run.getAttribute('data-digest')).toBe(digest3); // SHA-256 of every ρ and flag: bit for bit
    await page.screenshot({ path: join(shots, 'explorer-structure.png') });
    await axe(page, 'structure');
    // Variance: the D-study slider gives the report's D-study rows
    await page.getByTestId('nav-variance').click();
    const gm = r.ecosystem_variance.gtheory.models.find((m: { g: unknown }) => m.g);
    expect(await page.getByTestId('dstudy-erho2').textContent()).toBe(gm.g.erho2.toFixed(3));
    const row12 = gm.d_study.find((x: { nb: number }) => x.nb === 12);
    await page.getByTestId('dstudy-nb').fill('12');
    expect(await page.getByTestId('dstudy-erho2').textContent()).toBe(row12.erho2.toFixed(3));
    expect(await page.getByTestId('dstudy-phi').textContent()).toBe(row12.phi.toFixed(3));
    await page.screenshot({ path: join(shots, 'explorer-variance.png') });
    await axe(page, 'variance');
    // Scaling
    await page.getByTestId('nav-scaling').click();
    expect(await page.getByTestId('stage-denoised_scaling').getByTestId('answer').textContent()).toBe(answer('denoised_scaling'));
    await page.screenshot({ path: join(shots, 'explorer-scaling.png') });
    await axe(page, 'scaling');
    // Ranks: every model, searchable and sortable
    await page.getByTestId('nav-ranks').click();
    const rk = r.rank_stability.ranks.models;
    expect(await page.locator('[data-table=ranks_all] tbody tr').count()).toBe(rk.length);
    const m = rk[7];
    await page.getByTestId('search-ranks_all').fill(m.model_id);
    const cells = await page.locator('[data-table=ranks_all] tbody tr').first().locator('th, td').allTextContents();
    expect(cells[0]).toBe(m.model_id);
    expect(cells[3]).toBe(String(m.latent_rank));
    expect(cells[5]).toBe(`[${m.rank_lo}, ${m.rank_hi}]`);
    await page.getByTestId('search-ranks_all').fill('');
    await page.screenshot({ path: join(shots, 'explorer-ranks.png') });
    await axe(page, 'ranks');
    // Compare: two models side by side (runCompare in the worker)
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-a').fill(rk[0].model_id);
    await page.getByTestId('compare-b').fill(rk[1].model_id);
    await page.getByTestId('compare-run').click();
    await expect.poll(async () => page.getByTestId('compare-text').count(), LONG).toBe(1);
    expect(await page.getByTestId('compare-text').textContent()).toContain(rk[0].model_id);
    await page.screenshot({ path: join(shots, 'explorer-compare.png') });
    await axe(page, 'compare');
    expect(s.errors).toEqual([]);
  }, 900_000);

  it('a chart exports SVG and PNG, a table CSV', async () => {
    await page.getByTestId('nav-structure').click();
    const svg = await download(page, 'svg-fit');
    expect(svg.startsWith('<svg')).toBe(true);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png-fit').click()]);
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
    const csv = await download(page, 'csv-mi_pairs');
    expect(csv.split('\n')[0]).toBe('pair,item 1,item 2,MI,SEPC,crosses benchmarks');
  }, 900_000);

  it('a shared link reopens the view, sort and selection after the same files are loaded', async () => {
    await page.getByTestId('nav-ranks').click();
    await page.locator('[data-table=ranks_all] thead button', { hasText: 'latent rank' }).click();
    await page.locator('[data-table=ranks_all] tbody tr').nth(2).click();
    const link = page.url();
    expect(link).toMatch(/#\/ranks\?/);
    expect(link).not.toMatch(/\?[^#]*#/); // nothing in the query string
    const selected = await page.locator('[data-table=ranks_all] tbody tr.selected th').textContent();
    const fresh = await s.context.newPage();
    await fresh.goto(link);
    await fresh.getByTestId('load-demo').click();
    await auditDone(fresh);
    await fresh.getByTestId('view-ranks').waitFor();
    expect(await fresh.locator('[data-table=ranks_all] tbody tr.selected th').textContent()).toBe(selected);
    expect(await fresh.locator('[data-table=ranks_all] thead th[aria-sort=ascending]').textContent()).toContain('latent rank');
    await fresh.close();
  }, 900_000);

  it('cancel during the structure stage leaves the page usable', async () => {
    await page.getByTestId('load-demo').click();
    await expect.poll(async () => (await page.getByTestId('audit-stage').textContent().catch(() => '')) ?? '', AUDIT).toMatch(/latent structure/i);
    const taskWorkers = (): number => page.workers().filter((w) => w.url().includes('audit-task-worker')).length;
    expect(taskWorkers()).toBeGreaterThanOrEqual(2); // the audit's pool of Web Workers is running
    await page.getByTestId('cancel').click();
    await page.getByTestId('audit-cancelled').waitFor({ timeout: 10_000 });
    // the statistics worker is terminated, and with it the audit workers it started (nothing keeps computing)
    await expect.poll(taskWorkers, LONG).toBe(0);
    await page.getByTestId('nav-benchmarks').click();
    await page.getByTestId('report').waitFor();
    // the files are still there: run again (a fresh worker), then stop it again
    await page.getByTestId('describe').click();
    await page.getByTestId('audit-progress').waitFor({ timeout: 60_000 });
    await page.getByTestId('cancel').click();
    await page.getByTestId('audit-cancelled').waitFor({ timeout: 10_000 });
    expect(s.errors).toEqual([]);
  }, 900_000);

  it('a bad file shows its error in the page\'s terms', async () => {
    while ((await page.locator('.file-list button.link').count()) > 0) await page.locator('.file-list button.link').first().click();
    await page.getByTestId('file-input').setInputFiles([{ name: 'ragged.csv', mimeType: 'text/csv', buffer: Buffer.from('model_id,q1,q2\nm1,1,0\nm2,1\n') }]);
    await page.getByTestId('describe').click();
    const err = page.getByTestId('error');
    await err.waitFor({ timeout: 30_000 });
    const text = (await err.textContent()) ?? '';
    expect(text).toMatch(/ragged\.csv/);
    expect(text).toMatch(/3/);
    expect(text).not.toMatch(/--[a-z]/); // no command-line flag
    await page.getByTestId('file-input').setInputFiles([{ name: 'responses.csv', mimeType: 'text/csv', buffer: Buffer.from('name,q1,q2\nm1,1,0\nm2,1,1\n') }]);
    await page.locator('.file-list button.link').first().click(); // drop ragged.csv
    await page.getByTestId('describe').click();
    await err.waitFor({ timeout: 30_000 });
    expect(await err.textContent()).toMatch(/model-id column/);
    expect(await err.textContent()).not.toMatch(/--[a-z]/);
  }, 900_000);

  const haveShared = existsSync(join(shared, 'openllm-v2', 'leaderboard-v2-contents.csv'));
  if (!haveShared && CI) throw new Error(`../shared/data is missing (${shared}): the real-data explorer tests need it under CI=true`);

  it.skipIf(!haveShared)('the real v2 table: the audit completes in the page and the Overview shows its summary', async () => {
    while ((await page.locator('.file-list button.link').count()) > 0) await page.locator('.file-list button.link').first().click();
    await page.goto(`${s.url}#/overview`);
    await page.getByTestId('file-input').setInputFiles(join(shared, 'openllm-v2', 'leaderboard-v2-contents.csv'));
    await page.getByTestId('describe').click();
    await auditDone(page);
    await page.getByTestId('nav-overview').click();
    const summary = (await page.getByTestId('audit-summary').textContent()) ?? '';
    expect(summary).toMatch(/general factor/);
    expect(await page.locator('[data-testid=audit-summary] li[data-stage=latent_structure]').getAttribute('data-status')).toBe('done');
    await page.screenshot({ path: join(shots, 'explorer-v2-overview.png') });
    // one audit worker (every layer in the statistics worker, one after the other) gives the same bytes as the
    // default pool (the variance decomposition, the heavy layer of a scores table, then ran on a task worker)
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.getByTestId('audit-workers-used').getAttribute('data-workers')).toBe(String(Math.max(2, Math.min(4, cores))));
    const jsonPool = await download(page, 'download-audit');
    await page.getByTestId('audit-workers').fill('1');
    await page.getByTestId('describe').click();
    await auditDone(page);
    await page.getByTestId('nav-overview').click();
    await expect.poll(async () => page.getByTestId('audit-workers-used').getAttribute('data-workers'), LONG).toBe('1');
    expect(await download(page, 'download-audit')).toBe(jsonPool);
    // the heatmap at 3,827 models: readable rows carry names; keyboard focus gives the hover tooltip
    await page.getByTestId('nav-benchmarks').click();
    await page.getByTestId('zoom-readable').click();
    await expect.poll(async () => page.locator('text.heat-label').count(), LONG).toBeGreaterThan(3000);
    await page.getByTestId('heatmap-svg').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const keyTip = await page.getByTestId('heat-tip').textContent();
    const cell = page.locator('[data-testid=focus-cell]');
    const box = (await cell.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(async () => page.getByTestId('heat-tip').textContent(), LONG).toBe(keyTip);
    await page.screenshot({ path: join(shots, 'explorer-v2-heatmap.png') });
  }, 900_000);

  /** The v1 item files + v1 table, complete models, 'general' only, no MI: the audit is started. */
  const startV1Audit = async (): Promise<void> => {
    const v1 = join(shared, 'openllm-v1-items');
    await page.getByTestId('file-input').setInputFiles(['arc', 'gsm8k', 'mmlu'].map((b) => join(v1, `${b}.responses.csv`)).concat(join(shared, 'openllm-v1', 'leaderboard-v1-contents.csv')));
    await page.getByTestId('complete-only').check();
    for (const n of ['independent', 'second-order', 'correlated', 'bifactor', 'bifactor-correlated']) await page.getByTestId(`structure-${n}`).uncheck();
    await page.getByTestId('mi').uncheck();
    await page.getByTestId('describe').click();
  };

  it.skipIf(!haveShared)('the real v1 item files + v1 table: the audit starts, reports progress, and cancels cleanly', async () => {
    await page.reload();
    await startV1Audit();
    await expect.poll(async () => ((await page.getByTestId('error').count()) ? page.getByTestId('error').textContent() : (await page.getByTestId('n-models').count()) ? page.getByTestId('n-models').textContent() : ''), AUDIT).toBe('3065');
    // a heavy stage: the audit now starts the IRT calibration first (the structure fits follow, or run beside it on a second executor thread)
    await expect.poll(async () => (await page.getByTestId('audit-stage').textContent().catch(() => '')) ?? '', AUDIT).toMatch(/latent structure|IRT calibration/i);
    await page.getByTestId('cancel').click();
    await page.getByTestId('audit-cancelled').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('n-models').textContent()).toBe('3065');
  }, 900_000);

  // The whole v1 audit in the page (issue 16: "the audit completes in the page, the Overview shows its summary"),
  // with the options of bench/web-audit.mjs v1 (complete models, 'general' only, no MI, the library's size-aware
  // defaults): 112.8 s wall, 150 browser CPU-s, 904 MB renderer RSS on 2 audit workers, quiet (session 4; 542 s
  // in session 3, when it was gated behind CARTOGRAPH_SLOW_TESTS=1).
  it.skipIf(!haveShared)('the real v1 item files + v1 table: the whole audit completes in the page on the audit workers, the Overview shows its summary', async () => {
    await page.goto(`${s.url}#/overview`);
    await page.reload();
    await startV1Audit();
    await expect.poll(async () => (await page.getByTestId('audit-error').count()) ? `error: ${await page.getByTestId('audit-error').textContent()}` : page.getByTestId('nav-overview').textContent(), { timeout: 2_400_000, interval: 1000 }).toBe('Overview');
    await page.getByTestId('nav-benchmarks').click();
    expect(await page.getByTestId('n-models').textContent()).toBe('3065');
    await page.getByTestId('nav-overview').click();
    expect(Number(await page.getByTestId('audit-workers-used').getAttribute('data-workers'))).toBeGreaterThanOrEqual(2);
    const json = JSON.parse(await download(page, 'download-audit')) as { stages: { id: string; status: string; answer: string | null }[] };
    // every stage this input supports is done (robustness was not asked for); each answer is on the Overview
    expect(json.stages.map((x) => `${x.id}=${x.status}`)).toEqual(['data=done', 'first_look=done', 'latent_structure=done', 'ecosystem_variance=done', 'denoised_scaling=done', 'rank_stability=done', 'robustness=not_requested']);
    // (in the page's words: audit.json's large-input note names --full-defaults, the page its checkbox)
    for (const st of json.stages.filter((x) => x.status === 'done' && x.answer)) expect(await page.locator(`[data-testid=audit-summary] li[data-stage=${st.id}]`).textContent()).toContain(pageWords(st.answer!));
    expect(await page.locator('[data-testid=audit-summary] li[data-stage=data]').textContent()).toContain('“full sizes on large data”');
    expect(await page.getByTestId('audit-summary').textContent()).not.toMatch(/--[a-z]/);
    await page.screenshot({ path: join(shots, 'explorer-v1-overview.png') });
    expect(s.errors).toEqual([]);
  }, 2_700_000);
});
