// The adaptive Gauss–Hermite E-step kernel alone (agq.ts AgqEngine → core-wasm IrtAgqPlan) on the Open
// LLM Leaderboard v1 complete models (ARC, GSM8K, MMLU items as a bifactor structure; read from
// ../shared, never copied): CPU seconds per E-step with the gradient and the nodes (what one adaptive EM
// evaluation asks for), at 7 × 5 and 11 × 9 nodes. Item parameters are a fixed pseudo-random draw of
// realistic size (slopes 0.5–3.5 general, 0.2–1.7 specific; intercepts ±3), the centres settled by
// three E-steps from the prior.
// Run: `npx vite-node --config vitest.config.ts bench/irt-kernel.ts [--reps 10] [--check]`
// (--check: the largest relative difference of the last E-step's outputs from the earlier per-cell
// arithmetic, core-wasm ref irtAgqEstepDirect, on the same centres: the check that the faster kernel gives
// the same numbers).
import { readFileSync } from 'node:fs';
import { agqNodeStride, normCdf, ref } from '@cartograph/core-wasm';
import { completeOnly } from '../packages/stats/src/data/leaderboard.js';
import { assembleLeaderboard, readResponses } from '../packages/stats/src/io/index.js';
import { AgqEngine, agqRule } from '../packages/stats/src/irt/agq.js';
import type { IrtStructure } from '../packages/stats/src/irt/model.js';
import { seeded } from '../packages/stats/src/util/rng.js';

const D = '../shared/data/openllm-v1-items';
const names = ['arc', 'gsm8k', 'mmlu'];
const lb = completeOnly(
  assembleLeaderboard({
    responses: names.map((b) => readResponses({ name: `${D}/${b}.responses.csv`, data: readFileSync(`${D}/${b}.responses.csv`) }, { benchmark: b, modelCol: null, itemCol: null })),
    items: null,
    models: null,
    scores: null,
    itemsPerBenchmark: null,
    warnings: [],
    sources: [],
  }),
);
const resp = lb.responses!;
const N = resp.nModels;
const J = resp.nItems;
const S = names.length;
const itemSpec = Int32Array.from(lb.items, (it) => names.indexOf(it.benchmark));
const st: IrtStructure = { nItems: J, G: 1, generalMask: new Uint8Array(J).fill(1), S, itemSpec, commonSlope: false, guessing: 'none', link: 'logistic' } as IrtStructure;
const rng = seeded(17);
const p = {
  aG: Float64Array.from({ length: J }, () => 0.5 + 3 * rng.uniform()),
  aS: Float64Array.from({ length: J }, () => 0.2 + 1.5 * rng.uniform()),
  d: Float64Array.from({ length: J }, () => -3 + 6 * rng.uniform()),
  c: new Float64Array(J),
};
const arg = (k: string) => {
  const i = process.argv.indexOf(k);
  return i > 0 ? process.argv[i + 1]! : null;
};
const reps = Number(arg('--reps') ?? 10);
const impl = (arg('--impl') ?? 'wasm') as 'wasm' | 'ts';
const cpu = (t: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(t);
  return (c.user + c.system) / 1e6;
};
console.log(`v1 complete: ${N} models × ${J} items, ${S} specifics; ${reps} E-steps per rule (${impl})`);
const engine = new AgqEngine({ st, responses: resp.values, nPersons: N, impl });
const C = 2 + 3 * S;
for (const [Kg, Qs] of [
  [7, 5],
  [11, 9],
]) {
  const rule = agqRule(Kg!, Qs!);
  let centers = new Float64Array(N * C);
  for (let i = 0; i < N; i++) {
    centers[i * C + 1] = 1;
    for (let s = 0; s < S; s++) centers[i * C + 4 + 3 * s] = 1;
  }
  for (let r = 0; r < 3; r++) centers = engine.run(p, rule, centers, null, false).moments;
  const t0 = process.cpuUsage();
  let e = engine.run(p, rule, centers, null, true, true);
  for (let r = 1; r < reps; r++) e = engine.run(p, rule, centers, null, true, true);
  const t = cpu(t0) / reps;
  console.log(`${Kg} × ${Qs} nodes: ${t.toFixed(3)} CPU-s per E-step (gradient + nodes); log-likelihood ${e.total.toFixed(6)}`);
  if (!process.argv.includes('--check')) continue;
  const tabOff = new Int32Array(J);
  let T = 0;
  for (let j = 0; j < J; j++) {
    tabOff[j] = T;
    T += itemSpec[j]! < 0 ? Kg! : Kg! * Qs!;
  }
  const o = { loglik: new Float64Array(N), moments: new Float64Array(N * C), grad: new Float64Array(3 * J), info: new Float64Array(6 * J), nodes: new Float64Array(N * agqNodeStride(Kg!, Qs!, S)) };
  ref.irtAgq.irtAgqEstepDirect(
    { nPersons: N, nItems: J, responses: resp.values, nSpec: S, itemSpec, tabOff, tabLen: T, link: 0, aG: p.aG, aS: p.aS, d: p.d, ...rule, priorMean: null, centers, outMoments: o.moments, outLoglik: o.loglik, outGrad: o.grad, outInfo: o.info, outQ: null, outNodes: o.nodes },
    normCdf,
  );
  const line: string[] = [];
  for (const k of ['loglik', 'moments', 'grad', 'info', 'nodes'] as const) {
    const a = e[k]!;
    const b = o[k];
    let worst = 0;
    for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
    line.push(`${k} ${worst.toExponential(1)}`);
  }
  console.log(`  against the direct per-cell arithmetic, largest |difference| / max(1, |value|): ${line.join(', ')}`);
}
engine.dispose();
