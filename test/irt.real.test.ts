// Issue 10, defect 1: IRT scores collapsed onto the quadrature grid. With slopes of 5–10 a model's
// posterior is narrower than a 61-point grid's spacing; EAPs snapped to grid nodes and posterior SDs
// shrank to nothing, and the calibration's log-likelihood moved by 59 when the grid was refined.
// Scores now come from adaptive Gauss–Hermite quadrature at each model's posterior mode
// (packages/stats/src/irt/adaptive.ts) and the calibration's grid is refined until its log-likelihood
// matches adaptive quadrature. Checked here against brute-force posteriors on very fine grids from the
// same item parameters (test/fixtures/irt/brute-force.ts): the real GSM8K file (2PL), simulated steep
// items, and the bifactor model on the three v1 files combined (≈ 200 models incl. the sharpest
// posteriors). Real data are read from ../shared (never copied); missing → skip, or fail under CI=true.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResponseMatrix } from '../packages/stats/src/data/leaderboard.js';
import { assembleLeaderboard, readResponses } from '../packages/stats/src/io/index.js';
import { adaptivePosterior } from '../packages/stats/src/irt/adaptive.js';
import { fitIrt, fitState } from '../packages/stats/src/irt/fit.js';
import { scoreIrt } from '../packages/stats/src/irt/scores.js';
import { seeded } from '../packages/stats/src/util/rng.js';
import { bruteBifactor, bruteUni } from './fixtures/irt/brute-force.js';

const DIR = resolve(__dirname, '../../shared/data/openllm-v1-items');
const have = existsSync(resolve(DIR, 'gsm8k.responses.csv'));
if (!have) {
  if (process.env.CI === 'true') throw new Error(`real data missing: ${DIR}`);
  console.warn(`SKIPPED irt.real: ${DIR} not found`);
}

function load(names: string[]) {
  const blocks = names.map((b) => readResponses({ name: `${DIR}/${b}.responses.csv`, data: readFileSync(`${DIR}/${b}.responses.csv`) }, { benchmark: b, modelCol: null, itemCol: null }));
  return assembleLeaderboard({ responses: blocks, items: null, models: null, scores: null, itemsPerBenchmark: null, warnings: [], sources: [] });
}

/** Responses of the fitted columns (N × J). */
function fittedResponses(resp: ResponseMatrix, cols: number[]): Uint8Array {
  const N = resp.nModels;
  const out = new Uint8Array(N * cols.length);
  for (let i = 0; i < N; i++) for (let t = 0; t < cols.length; t++) out[i * cols.length + t] = resp.values[i * resp.nItems + cols[t]!]!;
  return out;
}

/** Lets vitest's worker RPC through between long synchronous steps (it times out after ~60 s of silence). */
const breathe = (): Promise<void> => new Promise((res) => setTimeout(res, 0));

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe.skipIf(!have)('irt on GSM8K (2PL, 5,041 models × 237 items)', () => {
  it('scores do not snap to the quadrature grid: every EAP and posterior SD within 1e-3 of a brute-force posterior; EAP strictly increasing in S = Σ a_j·y_j; the log-likelihood is stable when the quadrature is refined', async () => {
    const lb = load(['gsm8k']);
    const resp = lb.responses!;
    const fit = fitIrt(resp, { model: '2PL', itemIds: lb.items.map((i) => i.id), se: false });
    const chk = fit.quadratureCheck;
    console.log(`GSM8K 2PL: loglik ${fit.loglik.toFixed(3)} on ${fit.quadrature.general.points} points; ${chk.message}; steps ${JSON.stringify(chk.steps.map((s) => [s.points, +s.loglik_grid.toFixed(2), +s.loglik_adaptive.toFixed(2)]))}`);
    expect(chk.stable).toBe(true);
    expect(fit.quadrature.general.points).toBeGreaterThan(61); // 61 points (mirt's default) is not enough here: it was refined
    await breathe();
    // refining the grid once more moves the log-likelihood by < 0.1 (log-likelihood units)
    const finer = fitIrt(resp, { model: '2PL', itemIds: lb.items.map((i) => i.id), se: false, quadrature: { points: 2 * fit.quadrature.general.points - 1, range: 6 } });
    console.log(`GSM8K 2PL: loglik ${finer.loglik.toFixed(3)} on ${finer.quadrature.general.points} points`);
    expect(Math.abs(finer.loglik - fit.loglik)).toBeLessThan(0.1);
    await breathe();
    const sc = scoreIrt(fit, resp);
    expect(sc.method).toBe('adaptive-gauss-hermite');
    const { p } = fitState(fit);
    const R = fittedResponses(resp, fit.state.columns);
    const h = 0.005;
    await breathe();
    const bf = bruteUni({ link: 'logistic', aG: p.aG, aS: p.aS, d: p.d, spec: new Int32Array(fit.nItems).fill(-1), S: 0 }, R, resp.nModels, -8, 8, h);
    await breathe();
    const minSd = Math.min(...bf.psd);
    const dE = maxDiff(sc.eap[0]!, bf.eap);
    const dS = maxDiff(sc.psd[0]!, bf.psd);
    console.log(`GSM8K 2PL: max |EAP − brute| ${dE.toExponential(2)}, max |SD − brute| ${dS.toExponential(2)} (brute grid step ${h}, smallest posterior SD ${minSd.toFixed(4)})`);
    expect(minSd).toBeGreaterThan(4 * h); // the brute-force grid resolves every posterior (trapezoid error ~ exp(−2π²(SD/h)²))
    expect(dE).toBeLessThan(1e-3); // absolute, θ units
    expect(dS).toBeLessThan(1e-3); // absolute, θ units
    // the fixed grid the calibration used does not meet this (the defect): its EAPs are off by more
    const grid = scoreIrt(fit, resp, { method: 'grid', quadrature: { points: 61, range: 6 } });
    expect(maxDiff(grid.eap[0]!, bf.eap)).toBeGreaterThan(1e-3);

    // complete response patterns: the posterior depends on y only through S = Σ a_j y_j (2PL, logistic)
    const J = fit.nItems;
    const rows: { s: number; e: number }[] = [];
    for (let i = 0; i < resp.nModels; i++) {
      let s = 0;
      let ok = true;
      for (let j = 0; j < J; j++) {
        const v = R[i * J + j]!;
        if (v > 1) ok = false;
        else s += p.aG[j]! * v;
      }
      if (ok) rows.push({ s, e: sc.eap[0]![i]! });
    }
    rows.sort((a, b) => a.s - b.s);
    let violations = 0;
    for (let k = 1; k < rows.length; k++) {
      const ds = rows[k]!.s - rows[k - 1]!.s;
      const de = rows[k]!.e - rows[k - 1]!.e;
      if (ds > 1e-9 ? !(de > 0) : Math.abs(de) > 1e-9) violations++;
    }
    console.log(`GSM8K 2PL: ${rows.length} complete patterns, ${violations} violations of EAP increasing in S`);
    expect(rows.length).toBeGreaterThan(1000);
    expect(violations).toBe(0);
  }, 900_000);
});

describe('irt on simulated steep items (slopes 5–10)', () => {
  it('adaptive scores within 1e-3 of brute force where the 61-point grid is not (N = 1500, J = 40, seed 7)', () => {
    const rng = seeded(7);
    const N = 1500;
    const J = 40;
    const a = Array.from({ length: J }, () => 5 + 5 * rng.uniform());
    const d = Array.from({ length: J }, () => -6 + 12 * rng.uniform());
    const v = new Uint8Array(N * J);
    for (let i = 0; i < N; i++) {
      const th = rng.normal();
      for (let j = 0; j < J; j++) v[i * J + j] = rng.uniform() < 1 / (1 + Math.exp(-(a[j]! * th + d[j]!))) ? 1 : 0;
    }
    const resp = new ResponseMatrix(N, J, v);
    const fit = fitIrt(resp, { model: '2PL', se: false });
    console.log(`steep 2PL: ${fit.quadratureCheck.message}; grid ${fit.quadrature.general.points} points; max slope ${Math.max(...fit.items.map((i) => i.slopes[0]!)).toFixed(2)}`);
    expect(fit.quadratureCheck.stable).toBe(true);
    const { p } = fitState(fit);
    const R = fittedResponses(resp, fit.state.columns);
    const bf = bruteUni({ link: 'logistic', aG: p.aG, aS: p.aS, d: p.d, spec: new Int32Array(fit.nItems).fill(-1), S: 0 }, R, N, -8, 8, 0.002);
    const sc = scoreIrt(fit, resp);
    const dE = maxDiff(sc.eap[0]!, bf.eap);
    const dS = maxDiff(sc.psd[0]!, bf.psd);
    const grid = scoreIrt(fit, resp, { method: 'grid', quadrature: { points: 61, range: 6 } });
    const dG = maxDiff(grid.eap[0]!, bf.eap);
    console.log(`steep 2PL: adaptive max |ΔEAP| ${dE.toExponential(2)}, |ΔSD| ${dS.toExponential(2)}; 61-point grid max |ΔEAP| ${dG.toFixed(3)}; smallest SD ${Math.min(...bf.psd).toFixed(4)}`);
    expect(Math.min(...bf.psd)).toBeGreaterThan(4 * 0.002); // the brute-force grid resolves every posterior
    expect(dE).toBeLessThan(1e-3); // absolute
    expect(dS).toBeLessThan(1e-3); // absolute
    expect(dG).toBeGreaterThan(1e-2); // the defect: a fixed 0.2-spaced grid is far off on these posteriors
  }, 600_000);
});

// The bifactor brute-force check on all 6,014 v1 models runs for well over ten minutes on a quiet 2-core machine
// (a bifactor EM on 1,500 × 439 items, adaptive scoring of every model, then a brute-force grid for 200):
// too long for the CI suite (< 20 min). It runs with CARTOGRAPH_SLOW_TESTS=1 (npm run test:slow).
const SLOW = process.env.CARTOGRAPH_SLOW_TESTS === '1';
describe.skipIf(!have || !SLOW)('bifactor on the three v1 files combined (6,014 models × 439 items)', () => {
  it('g and every specific within 1e-3 of a brute-force posterior (g grid × one specific at a time) on ~200 models incl. the sharpest; no value of g shared across response patterns', async () => {
    const lb = load(['arc', 'gsm8k', 'mmlu']);
    const resp = lb.responses!;
    // item parameters from a calibration on the first 1,500 models (a fixed 21 × 21 grid keeps the test
    // short; the check is of the scoring, given the parameters, on every model)
    const rows = Array.from({ length: 1500 }, (_, i) => i);
    const sub = new ResponseMatrix(rows.length, resp.nItems, resp.values.slice(0, rows.length * resp.nItems));
    const bench = lb.items.map((i) => i.benchmark);
    const fit = fitIrt(sub, { model: 'bifactor', itemIds: lb.items.map((i) => i.id), itemSpecific: bench, quadrature: { points: 21, range: 5 }, specificQuadrature: { points: 21, range: 5 }, se: false, tol: 1e-3 });
    const { st, p } = fitState(fit);
    const R = fittedResponses(resp, fit.state.columns);
    const N = resp.nModels;
    // scored in chunks of 1,000 models (short synchronous steps)
    const F = 1 + st.S;
    const ag = { eap: Array.from({ length: F }, () => new Float64Array(N)), psd: Array.from({ length: F }, () => new Float64Array(N)), mode: Array.from({ length: F }, () => new Float64Array(N)) };
    const J0 = fit.nItems;
    for (let lo = 0; lo < N; lo += 1000) {
      await breathe();
      const hi = Math.min(N, lo + 1000);
      const part = adaptivePosterior(st, p, R.subarray(lo * J0, hi * J0), hi - lo);
      for (let f = 0; f < F; f++) {
        ag.eap[f]!.set(part.eap[f]!, lo);
        ag.psd[f]!.set(part.psd[f]!, lo);
        ag.mode[f]!.set(part.mode[f]!, lo);
      }
    }
    // g resolution: models that share a value of g share their response pattern
    const J = fit.nItems;
    const byG = new Map<number, Set<string>>();
    for (let i = 0; i < N; i++) {
      const key = String.fromCharCode(...R.subarray(i * J, (i + 1) * J));
      const s = byG.get(ag.eap[0]![i]!) ?? new Set<string>();
      s.add(key);
      byG.set(ag.eap[0]![i]!, s);
    }
    const shared = [...byG.values()].filter((s) => s.size > 1).length;
    console.log(`v1 bifactor: ${byG.size} distinct g values over ${N} models; ${shared} shared across patterns`);
    expect(shared).toBe(0);
    // ~200 models: the 100 sharpest posteriors of g, the 25 lowest and 25 highest g, 50 spread over the rest
    const idx = Array.from({ length: N }, (_, i) => i);
    const sharp = [...idx].sort((x, y) => ag.psd[0]![x]! - ag.psd[0]![y]!).slice(0, 100);
    const byE = [...idx].sort((x, y) => ag.eap[0]![x]! - ag.eap[0]![y]!);
    const pick = new Set<number>([...sharp, ...byE.slice(0, 25), ...byE.slice(-25)]);
    for (let k = 0; pick.size < 200; k++) pick.add(Math.floor((k * N) / 50) % N);
    const items = { link: st.link, aG: p.aG, aS: p.aS, d: p.d, spec: st.itemSpec, S: st.S };
    let dE = 0;
    let dS = 0;
    let edge = -Infinity;
    let done = 0;
    for (const i of pick) {
      if (++done % 10 === 0) await breathe();
      const b = bruteBifactor(items, R.subarray(i * J, (i + 1) * J), ag.mode[0]![i]! - 12 * ag.psd[0]![i]!, ag.mode[0]![i]! + 12 * ag.psd[0]![i]!);
      edge = Math.max(edge, b.edge);
      for (let f = 0; f < 1 + st.S; f++) {
        dE = Math.max(dE, Math.abs(b.eap[f]! - ag.eap[f]![i]!));
        dS = Math.max(dS, Math.abs(b.psd[f]! - ag.psd[f]![i]!));
      }
    }
    console.log(`v1 bifactor, ${pick.size} models: max |EAP − brute| ${dE.toExponential(2)}, max |SD − brute| ${dS.toExponential(2)} over g and ${st.S} specifics; smallest SD of g ${ag.psd[0]![sharp[0]!]!.toFixed(4)}; log density at the g window's ends ≤ max ${edge.toFixed(1)}`);
    expect(edge).toBeLessThan(-25); // the brute-force g window holds all the posterior mass
    expect(dE).toBeLessThan(1e-3); // absolute
    expect(dS).toBeLessThan(1e-3); // absolute
  }, 1_800_000);
});
