// The tetrachoric correlation step split across worker threads: each worker instantiates the same
// compiled core-wasm module and runs `tetraRho` on a contiguous range of pairs, so every ρ (and
// flag) is bit-for-bit the one the single-thread run computes (the pairs are independent).
// The whole tetrachoric stage (tetrachoricAuto, runTetrachoric) lives in tetrachoric/, one floor up.
import { wasmModule, tetraRho, pairCount } from '@cartograph/core-wasm';
import { runParallel, splitRange } from './pool.js';

// Worker body (plain JS): instantiate the module, copy counts and thresholds in, run pairs [k0, k1).
const TETRA_WORKER = `
function handle(msg) {
  const e = new WebAssembly.Instance(msg.module, {}).exports;
  const J = msg.nItems, np = J * (J - 1) / 2;
  const pc = e.alloc(np * 16 + 8), pt = e.alloc(J * 8 + 8), pr = e.alloc(np * 8 + 8), pf = e.alloc(np * 4 + 8);
  new Int32Array(e.memory.buffer, pc, np * 4).set(msg.counts);
  new Float64Array(e.memory.buffer, pt, J).set(msg.tau);
  e.tetraRho(J, pc, pt, msg.k0, msg.k1, pr, pf);
  const rho = new Float64Array(e.memory.buffer, pr + msg.k0 * 8, msg.k1 - msg.k0).slice();
  const flags = new Int32Array(e.memory.buffer, pf + msg.k0 * 4, msg.k1 - msg.k0).slice();
  return { result: { rho, flags }, transfer: [rho.buffer, flags.buffer] };
}`;

/** Pairs below this are not worth a worker's start-up (~30 ms). */
export const PARALLEL_MIN_PAIRS = 2000;

/** ρ and flags of every pair, split across `workers` threads (results identical to `tetraRho`). */
export async function tetraRhoParallel(counts: Int32Array, tau: Float64Array, nItems: number, workers: number): Promise<{ rho: Float64Array; flags: Int32Array }> {
  const np = pairCount(nItems);
  if (workers <= 1 || np < PARALLEL_MIN_PAIRS) return tetraRho(counts, tau, nItems);
  const module = wasmModule();
  const ranges = splitRange(np, workers);
  const parts = await runParallel<{ rho: Float64Array; flags: Int32Array }>(
    TETRA_WORKER,
    ranges.map(([k0, k1]) => ({ module, nItems, counts, tau, k0, k1 })),
  );
  const rho = new Float64Array(np);
  const flags = new Int32Array(np);
  parts.forEach((p, i) => {
    rho.set(p.rho, ranges[i]![0]);
    flags.set(p.flags, ranges[i]![0]);
  });
  return { rho, flags };
}
