// Issue 10, defect 1: IRT scores collapsed onto the quadrature grid. With slopes of 5–10 a model's
// posterior is narrower than a 61-point grid's spacing; EAPs snapped to grid nodes and posterior SDs
// shrank to nothing, and the calibration's log-likelihood moved by 59 when the grid was refined.
// Scores now come from adaptive Gauss–Hermite quadrature at each model's posterior mode
// (packages/stats/src/irt/adaptive.ts) and the calibration's grid is refined until its log-likelihood
// matches adaptive quadrature. Checked here against brute-force posteriors on very fine grids from the
// same item parameters: the real GSM8K file (2PL) and simulated steep items (test/fixtures/irt/brute-force.ts),
// and the bifactor model on the three v1 files combined (200 models incl. the sharpest posteriors;
// test/helpers/brute-bifactor.ts). Real data are read from ../shared (never copied); missing → skip, or fail under CI=true.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResponseMatrix } from '../packages/stats/src/data/leaderboard.js';
import { assembleLeaderboard, readResponses } from '../packages/stats/src/io/index.js';
import { adaptivePosterior } from '../packages/stats/src/irt/adaptive.js';
import { scoresFromCentres } from '../packages/stats/src/irt/agq-scores.js';
import { fitIrt, fitState } from '../packages/stats/src/irt/fit.js';
import { scoreIrt } from '../packages/stats/src/irt/scores.js';
import { seeded } from '../packages/stats/src/util/rng.js';
import { bruteUni } from './fixtures/irt/brute-force.js';
import { bruteBifactorWidening } from './helpers/brute-bifactor.js';

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

// Bifactor on the three v1 files combined: the scoring of every model, given real item parameters, against a
// brute-force posterior on ~200 models. In CI: ≈ 45 CPU-s on the 2-core machine (calibration ≈ 9, adaptive
// scores of 6,014 models ≈ 16, brute force ≈ 0.065 s per model; bench/RESULTS.md, irt section). (The earlier
// gated version never finished: its filler loop `pick.add(⌊kN/50⌋ mod N)` cycles through 50 indices only, so
// once one of them was among the sharpest it looped forever — that, not the arithmetic, was the "> 10 min".)
/** `all`: the brute force on every model instead of the ~200 chosen. */
async function bifactorCheck(all: boolean): Promise<void> {
  const lb = load(['arc', 'gsm8k', 'mmlu']);
  const resp = lb.responses!;
  // Item parameters from a calibration on the first 1,500 models on a fixed 21 × 21 grid (tol 1e-3): real
  // v1 estimates with steep items, made in ≈ 9 CPU-s. The check is of the scoring given the parameters, on
  // every model; the calibration's own accuracy is the adaptive-EM tests' business (irt.agq.*).
  const sub = new ResponseMatrix(1500, resp.nItems, resp.values.slice(0, 1500 * resp.nItems));
  const bench = lb.items.map((i) => i.benchmark);
  const fit = fitIrt(sub, { model: 'bifactor', itemIds: lb.items.map((i) => i.id), itemSpecific: bench, quadrature: { points: 21, range: 5 }, specificQuadrature: { points: 21, range: 5 }, se: false, tol: 1e-3 });
  const { st, p } = fitState(fit);
  expect(st.link).toBe('logistic');
  expect(st.S).toBe(3);
  const maxAg = Math.max(...Array.from(p.aG, Math.abs));
  const steep = Array.from(p.aG).filter((a) => Math.abs(a) >= 5).length;
  console.log(`v1 bifactor calibration (1,500 models, 21 × 21 grid): ${fit.iterations} EM evaluations; largest |g slope| ${maxAg.toFixed(2)}, ${steep} items with |g slope| ≥ 5; largest |specific slope| ${Math.max(...Array.from(p.aS, Math.abs)).toFixed(2)}`);
  expect(maxAg).toBeGreaterThan(5); // the steep items that made fixed-grid posteriors collapse are there
  const R = fittedResponses(resp, fit.state.columns);
  const N = resp.nModels;
  const J = fit.nItems;
  // adaptive scores of every model (the default 21 × 15 nodes), in chunks of 1,000 models (short synchronous steps)
  const F = 1 + st.S;
  const ag = { eap: Array.from({ length: F }, () => new Float64Array(N)), psd: Array.from({ length: F }, () => new Float64Array(N)), mode: Array.from({ length: F }, () => new Float64Array(N)), loglik: new Float64Array(N) };
  for (let lo = 0; lo < N; lo += 1000) {
    await breathe();
    const hi = Math.min(N, lo + 1000);
    const part = adaptivePosterior(st, p, R.subarray(lo * J, hi * J), hi - lo);
    for (let f = 0; f < F; f++) {
      ag.eap[f]!.set(part.eap[f]!, lo);
      ag.psd[f]!.set(part.psd[f]!, lo);
      ag.mode[f]!.set(part.mode[f]!, lo);
    }
    ag.loglik.set(part.loglik, lo);
  }
  // g resolution: models that share a value of g share their response pattern (all 6,014 models, of which
  // the 3,065 complete ones are those of `ranks --complete-only`)
  const byG = new Map<number, Set<string>>();
  const patterns = new Set<string>();
  for (let i = 0; i < N; i++) {
    const key = String.fromCharCode(...R.subarray(i * J, (i + 1) * J));
    patterns.add(key);
    const s = byG.get(ag.eap[0]![i]!) ?? new Set<string>();
    s.add(key);
    byG.set(ag.eap[0]![i]!, s);
  }
  const shared = [...byG.values()].filter((s) => s.size > 1).length;
  console.log(`v1 bifactor: ${byG.size} distinct g values for ${patterns.size} distinct response patterns over ${N} models; ${shared} g values shared across patterns`);
  expect(shared).toBe(0);
  expect(byG.size).toBe(patterns.size);
  // ~200 models: the 100 sharpest posteriors of g, the 10 sharpest of each specific, the 25 lowest and 25
  // highest g, then models evenly spread over the ranks of g (skipping those already picked) up to 200
  const idx = Array.from({ length: N }, (_, i) => i);
  const sortBy = (v: Float64Array) => [...idx].sort((x, y) => v[x]! - v[y]!);
  const sharp = sortBy(ag.psd[0]!).slice(0, 100);
  const byE = sortBy(ag.eap[0]!);
  const pick = new Set<number>([...sharp, ...byE.slice(0, 25), ...byE.slice(-25)]);
  for (let f = 1; f < F; f++) for (const i of sortBy(ag.psd[f]!).slice(0, 10)) pick.add(i);
  const spread: number[] = [];
  for (let k = 0; k < 200; k++) spread.push(byE[Math.floor(((k + 0.5) * N) / 200)]!);
  for (const i of spread) {
    if (pick.size >= 200) break;
    pick.add(i);
  }
  expect(pick.size).toBe(200);
  const chosen = all ? idx : [...pick];
  const items = { link: st.link, aG: p.aG, aS: p.aS, d: p.d, spec: st.itemSpec, S: st.S };
  // g window: from the mode ± 12 SD of the adaptive posterior, widened by the helper until both ends are ≥ 30 below the maximum
  const window = (i: number): [number, number] => [ag.mode[0]![i]!, 12 * ag.psd[0]![i]!];
  // the calibration's own scorer (agq-scores.ts: the kernel at 15 × 13 nodes, from each model's centres —
  // here the adaptive scores' means and SDs, as a calibration's last E-step would leave them)
  const C = 2 + 3 * st.S;
  const centres = new Float64Array(N * C);
  for (let i = 0; i < N; i++) {
    centres[i * C] = ag.eap[0]![i]!;
    centres[i * C + 1] = ag.psd[0]![i]!;
    for (let s = 0; s < st.S; s++) {
      centres[i * C + 2 + 3 * s] = ag.eap[1 + s]![i]!;
      centres[i * C + 4 + 3 * s] = ag.psd[1 + s]![i]!;
    }
  }
  const kc = scoresFromCentres(fit, resp, centres, { general: 11, specific: 9 });
  let kE = 0;
  let kS = 0;
  let kL = 0;
  let dE = 0;
  let dS = 0;
  let dL = 0;
  let edge = -Infinity;
  let widened = 0;
  let worst = '';
  let sEdge = Infinity;
  let done = 0;
  const ref = new Map<number, ReturnType<typeof bruteBifactorWidening>>();
  for (const i of chosen) {
    if (++done % 20 === 0) await breathe();
    const b = bruteBifactorWidening(items, R.subarray(i * J, (i + 1) * J), ...window(i));
    ref.set(i, b);
    edge = Math.max(edge, b.edge);
    if (b.gHi - b.gLo > 24.001 * ag.psd[0]![i]!) widened++;
    sEdge = Math.min(sEdge, b.sEdge);
    dL = Math.max(dL, Math.abs(b.loglik - ag.loglik[i]!));
    kL = Math.max(kL, Math.abs(b.loglik - kc.loglik[i]!));
    for (let f = 0; f < F; f++) {
      kE = Math.max(kE, Math.abs(b.eap[f]! - kc.eap[f]![i]!));
      kS = Math.max(kS, Math.abs(b.psd[f]! - kc.psd[f]![i]!));
    }
    for (let f = 0; f < F; f++) {
      const e = Math.abs(b.eap[f]! - ag.eap[f]![i]!);
      if (e > dE) worst = `${lb.models[i]!.name} (${f === 0 ? 'g' : `specific ${f}`}: EAP ${ag.eap[f]![i]!.toFixed(4)}, SD ${ag.psd[f]![i]!.toFixed(4)})`;
      dE = Math.max(dE, e);
      dS = Math.max(dS, Math.abs(b.psd[f]! - ag.psd[f]![i]!));
    }
  }
  console.log(`v1 bifactor, brute force on ${chosen.length} models: max |EAP − brute| ${dE.toExponential(2)} (${worst}), max |SD − brute| ${dS.toExponential(2)} over g and ${st.S} specifics; max |log L − brute| ${dL.toExponential(2)}; smallest SD of g ${ag.psd[0]![sharp[0]!]!.toFixed(4)}; log density at the g window's ends ≤ max ${edge.toFixed(1)} (${widened} windows widened beyond mode ± 12 SD), at the specifics' window ends ≤ max − ${sEdge.toFixed(1)}`);
  expect(edge).toBeLessThan(-25); // the g window holds the mass: log-concave marginal, lost mass < e^−25 relative (helper's header)
  expect(sEdge).toBeGreaterThanOrEqual(40); // each specific's window likewise (< e^−40 relative)
  expect(dE).toBeLessThan(1e-3); // absolute, θ units (the issue's tolerance)
  expect(dS).toBeLessThan(1e-3); // absolute, θ units
  expect(dL).toBeLessThan(1e-3); // absolute, log-likelihood units per model (the calibration's check sums these)
  console.log(`v1 bifactor, the calibration's kernel scorer (15 × 13 nodes from centres) against the brute force: max |EAP − brute| ${kE.toExponential(2)}, |SD − brute| ${kS.toExponential(2)}, |log L − brute| ${kL.toExponential(2)}`);
  expect(kE).toBeLessThan(1e-3); // absolute, θ units (the issue's tolerance)
  expect(kS).toBeLessThan(1e-3); // absolute, θ units
  expect(kL).toBeLessThan(1e-3); // absolute, log-likelihood units per model
  // the reference's own discretisation error: on the 10 sharpest and the 5 widest posteriors of g, twice the
  // g points, half the specifics' step and wider windows (drop 60 per specific, 45 for g) change it by < 1e-8 — far below 1e-3
  const wide = sortBy(ag.psd[0]!).slice(-5);
  for (const i of wide) if (!ref.has(i)) ref.set(i, bruteBifactorWidening(items, R.subarray(i * J, (i + 1) * J), ...window(i)));
  let dRef = 0;
  for (const i of [...sharp.slice(0, 10), ...wide]) {
    const a = ref.get(i)!;
    const b = bruteBifactorWidening(items, R.subarray(i * J, (i + 1) * J), ...window(i), { gPoints: 241, hRel: 0.2, drop: 60, gDrop: 45 });
    for (let f = 0; f < F; f++) dRef = Math.max(dRef, Math.abs(a.eap[f]! - b.eap[f]!), Math.abs(a.psd[f]! - b.psd[f]!));
  }
  console.log(`v1 bifactor: brute force refined (241 g points, step 0.2 SD, drop 60) moves its EAPs and SDs by ≤ ${dRef.toExponential(2)}`);
  expect(dRef).toBeLessThan(1e-8); // absolute
}

describe.skipIf(!have)('bifactor on the three v1 files combined (6,014 models × 439 items)', () => {
  it('g and every specific within 1e-3 of a brute-force posterior (g grid × one specific at a time) on ~200 models incl. the sharpest; no value of g shared across response patterns', () => bifactorCheck(false), 900_000);
});

// The same with the brute force on every one of the 6,014 models (605 CPU-s in all, 2026-12-02, load 6–8):
// CARTOGRAPH_SLOW_TESTS=1 (npm run test:slow). What it adds: the bifactor counterpart of the GSM8K test's
// "every model" — and a check that the ~200 chosen above hold the worst case (measured: the same model,
// max |EAP − brute| 2.40e-4 on both; |SD − brute| 1.51e-4 on the 200, 1.53e-4 on all).
const SLOW = process.env.CARTOGRAPH_SLOW_TESTS === '1';
describe.skipIf(!have || !SLOW)('bifactor on the three v1 files combined, every model (slow)', () => {
  it('g and every specific within 1e-3 of a brute-force posterior on all 6,014 models', () => bifactorCheck(true), 3_600_000);
});
