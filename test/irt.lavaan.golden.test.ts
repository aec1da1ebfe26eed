// Bifactor calibration against lavaan's WLSMV bifactor on the same data (test/fixtures/data/sim600, the
// 45 items of reasoning, knowledge and math; fixture written by `Rscript lavaan-bifactor.R reasoning
// knowledge math` in test/fixtures/irt, run by hand): orthogonal g + one specific per
// benchmark, normal-ogive metric (our slopes converted to standardized loadings λ = a/√(1 + Σa²)).
// Two different estimators (full-information ML vs limited-information WLSMV) of the same model: the
// loadings must agree within sampling error — correlation over all 90 loadings > 0.98.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResponseMatrix, fitIrt } from '../packages/stats/src/index.js';

const root = join(__dirname, '..');
const rows = (f: string): string[][] =>
  readFileSync(join(root, f), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));

describe('bifactor vs lavaan WLSMV (sim600)', () => {
  it('standardized loadings correlate > 0.98 with lavaan’s', () => {
    const lav = rows('test/fixtures/irt/lavaan_bifactor_sim600_reasoning_knowledge_math.csv');
    const h = lav[0]!;
    const wanted = new Set(lav.slice(1).map((r) => r[h.indexOf('item')]!));
    const wide = rows('test/fixtures/data/sim600/responses_wide.csv');
    const cols = wide[0]!.map((id, c) => (wanted.has(id) ? c : -1)).filter((c) => c > 0);
    const ids = cols.map((c) => wide[0]![c]!);
    const N = wide.length - 1;
    const J = ids.length;
    expect(J).toBe(45);
    const v = new Uint8Array(N * J);
    for (let i = 0; i < N; i++) cols.forEach((c, j) => (v[i * J + j] = Number(wide[i + 1]![c])));
    const items = new Map(rows('test/fixtures/data/sim600/items.csv').slice(1).map((r) => [r[0]!, r[1]!]));
    const fit = fitIrt(new ResponseMatrix(N, J, v), { model: 'bifactor', link: 'normal', itemIds: ids, itemSpecific: ids.map((id) => items.get(id)!), se: false });
    const ref = new Map(lav.slice(1).map((r) => [r[h.indexOf('item')]!, { g: Number(r[h.indexOf('loading_g')]), s: Number(r[h.indexOf('loading_s')]) }]));
    const ours: number[] = [];
    const theirs: number[] = [];
    for (const it of fit.items) {
      const r = ref.get(it.id)!;
      ours.push(it.loadings[0]!, it.loadings[fit.factors.indexOf(it.specific!)]!);
      theirs.push(r.g, r.s);
    }
    const n = ours.length;
    const mo = ours.reduce((a, b) => a + b, 0) / n;
    const mt = theirs.reduce((a, b) => a + b, 0) / n;
    let sxy = 0, sxx = 0, syy = 0, maxd = 0;
    for (let k = 0; k < n; k++) {
      sxy += (ours[k]! - mo) * (theirs[k]! - mt);
      sxx += (ours[k]! - mo) ** 2;
      syy += (theirs[k]! - mt) ** 2;
      maxd = Math.max(maxd, Math.abs(ours[k]! - theirs[k]!));
    }
    const r = sxy / Math.sqrt(sxx * syy);
    console.log(`bifactor vs lavaan WLSMV on sim600: r = ${r.toFixed(4)} over ${n} loadings, max |Δλ| = ${maxd.toFixed(3)}; ours ${fit.convergence.message}`);
    expect(fit.converged).toBe(true);
    expect(r).toBeGreaterThan(0.98); // correlation over all loadings
  }, 300_000);
});

// The same comparison on all 90 items, reusing the cfa engineer's lavaan fixture
// (test/fixtures/cfa/lavaan_bifactor.json: WLSMV bifactor, std.all, on test/fixtures/cfa/data — the sim600
// data as of commit 27d9b3d, which that fixture was computed on).
describe('bifactor vs lavaan WLSMV (cfa fixture, 90 items)', () => {
  it('standardized loadings correlate > 0.98 with lavaan’s over all 180 loadings', () => {
    const lav = JSON.parse(readFileSync(join(root, 'test/fixtures/cfa/lavaan_bifactor.json'), 'utf8')) as { std: { lhs: string[]; op: string[]; rhs: string[]; est: number[] } };
    const wide = rows('test/fixtures/cfa/data/responses_wide.csv');
    const ids = wide[0]!.slice(1);
    const N = wide.length - 1;
    const J = ids.length;
    const v = new Uint8Array(N * J);
    for (let i = 0; i < N; i++) for (let j = 0; j < J; j++) v[i * J + j] = Number(wide[i + 1]![j + 1]);
    const items = new Map(rows('test/fixtures/cfa/data/items.csv').slice(1).map((r) => [r[0]!, r[1]!]));
    const fit = fitIrt(new ResponseMatrix(N, J, v), { model: 'bifactor', link: 'normal', itemIds: ids, itemSpecific: ids.map((id) => items.get(id)!), se: false });
    const ref = new Map<string, number>();
    lav.std.lhs.forEach((l, k) => {
      if (lav.std.op[k] === '=~') ref.set(`${l === 'g' ? 'g' : 's'}|${lav.std.rhs[k]}`, lav.std.est[k]!);
    });
    const ours: number[] = [];
    const theirs: number[] = [];
    for (const it of fit.items) {
      ours.push(it.loadings[0]!, it.loadings[fit.factors.indexOf(it.specific!)]!);
      theirs.push(ref.get(`g|${it.id}`)!, ref.get(`s|${it.id}`)!);
    }
    expect(theirs.every(Number.isFinite)).toBe(true);
    const n = ours.length;
    const mo = ours.reduce((a, b) => a + b, 0) / n;
    const mt = theirs.reduce((a, b) => a + b, 0) / n;
    let sxy = 0, sxx = 0, syy = 0, maxd = 0;
    for (let k = 0; k < n; k++) {
      sxy += (ours[k]! - mo) * (theirs[k]! - mt);
      sxx += (ours[k]! - mo) ** 2;
      syy += (theirs[k]! - mt) ** 2;
      maxd = Math.max(maxd, Math.abs(ours[k]! - theirs[k]!));
    }
    const r = sxy / Math.sqrt(sxx * syy);
    console.log(`bifactor vs lavaan WLSMV (cfa fixture): r = ${r.toFixed(4)} over ${n} loadings, max |Δλ| = ${maxd.toFixed(3)}`);
    expect(fit.converged).toBe(true);
    expect(n).toBe(180);
    expect(r).toBeGreaterThan(0.98); // correlation over all loadings
  }, 300_000);
});
