// report.html in a real browser: Debian's chromium (as test/browser/explorer.test.ts; installed by
// scripts/ensure-chromium.sh, never downloaded) opens the audit's report from file:// and checks that it
// renders every section and chart with no console error and no network request, that its
// Content-Security-Policy blocks a request even when one is attempted, and that it prints; saves
// test-results/report.png (full page) and test-results/report.pdf.
// Without chromium the test is skipped with a message — except under CI=true, where it fails.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderAudit, runAudit, simulate, simulationLeaderboard, STAGES, type AuditDocuments } from '../../packages/stats/src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const results = join(root, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null;
const CI = process.env.CI === 'true';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!CHROMIUM && !CI) console.warn('SKIPPED test/browser/report.test.ts: no chromium found (run scripts/ensure-chromium.sh, or set CHROMIUM_PATH)');

describe.skipIf(!CHROMIUM && !CI)('report.html in a real browser (chromium, file://)', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let docs: AuditDocuments;
  const errors: string[] = [];
  const requests: string[] = [];
  let reportUrl: string;

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('CI=true but chromium is missing: scripts/ensure-chromium.sh should have installed it');
    // A small simulated leaderboard on which every stage but robustness runs; names with markup.
    const lb = simulationLeaderboard(simulate({ models: 120, benchmarks: 4, itemsPerBenchmark: 5, seed: 5 }));
    lb.models.forEach((m, k) => (m.id = k % 2 ? `m${k} </svg><img src="http://example.invalid/x.png">` : `m${k}<script>document.title="pwned"</script>`));
    const { report } = await runAudit(lb, { pv: 2, replicates: 0, draws: 100, seed: 2, structures: ['general', 'correlated', 'bifactor'] });
    docs = await renderAudit(report);
    dir = mkdtempSync(join(tmpdir(), 'cartograph-report-'));
    writeFileSync(join(dir, 'report.html'), docs.html);
    reportUrl = pathToFileURL(join(dir, 'report.html')).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(reportUrl, { waitUntil: 'load' });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens from file:// with no console error, no script and no request but the file itself', async () => {
    expect(errors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await page.title()).toMatch(/^Leaderboard audit: 120 models × 4 benchmarks$/);
  });

  it('shows the summary, every stage section, the glossary', async () => {
    await expect(page.locator('#summary li').count()).resolves.toBeGreaterThanOrEqual(6);
    for (const s of STAGES) {
      const sec = page.locator(`#stage-${s.id}`);
      expect(await sec.isVisible()).toBe(true);
      expect(await sec.locator('h2').textContent()).toBe(s.title);
    }
    for (const s of STAGES.filter((x) => x.id !== 'robustness')) expect(await page.locator(`#stage-${s.id}`).getAttribute('data-status')).toBe('done');
    expect(await page.locator('#glossary dt').count()).toBeGreaterThan(20);
    // the model names with markup are text on the page, not elements
    expect(await page.locator('img').count()).toBe(0);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain('<script>document.title="pwned"</script>');
    expect(text).toContain('</svg><img src="http://example.invalid/x.png">');
    expect(await page.title()).not.toContain('pwned');
  });

  it('renders every chart as an SVG with marks, of a readable size', async () => {
    const ids = docs.charts.map((c) => c.id);
    expect(ids).toEqual(['heatmap', 'fit', 'loadings', 'mi', 'variance', 'scaling', 'ranks']);
    for (const id of ids) {
      const fig = page.locator(`figure[data-chart="${id}"]`);
      const box = await fig.locator('svg').boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(200);
      expect(box!.height, id).toBeGreaterThan(100);
      const marks = await fig.locator('svg path, svg rect, svg line').count();
      expect(marks, id).toBeGreaterThan(5);
      expect(await fig.locator('figcaption').textContent(), id).not.toBe('');
    }
    mkdirSync(results, { recursive: true });
    await page.screenshot({ path: join(results, 'report.png'), fullPage: true });
  });

  it('its Content-Security-Policy blocks a network request even when one is attempted', async () => {
    const before = requests.length;
    const outcome = await page.evaluate(async () => {
      try {
        await fetch('http://127.0.0.1:9/never');
        return 'fetched';
      } catch (e) {
        return `blocked: ${String(e)}`;
      }
    });
    expect(outcome).toMatch(/^blocked/);
    expect(requests.slice(before).filter((u) => u.startsWith('http'))).toEqual([]);
    expect(errors.some((e) => /Content Security Policy/i.test(e))).toBe(true);
  });

  it('prints to PDF (print stylesheet: no navigation, sections on new pages)', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(STAGES.length);
    writeFileSync(join(results, 'report.pdf'), pdf);
  });
});
