// The worker-thread correlation step gives exactly the single-thread results (bit for bit).
import { describe, expect, it } from 'vitest';
import { tetrachoric } from '../src/tetrachoric/index.js';
import { tetraRhoParallel, splitRange } from '../src/parallel/index.js';
import { tetrachoricAuto } from '../src/tetrachoric/index.js';
import { ResponseMatrix } from '../src/data/leaderboard.js';
import { seeded } from '../src/util/rng.js';

function simulate(seed: number, N: number, J: number): ResponseMatrix {
  const rng = seeded(seed);
  const lam = Array.from({ length: J }, () => 0.3 + 0.6 * rng.uniform());
  const tau = Array.from({ length: J }, () => -1.5 + 3 * rng.uniform());
  const v = new Uint8Array(N * J);
  for (let m = 0; m < N; m++) {
    const g = rng.normal();
    for (let j = 0; j < J; j++) v[m * J + j] = rng.uniform() < 0.03 ? 255 : lam[j]! * g + Math.sqrt(1 - lam[j]! ** 2) * rng.normal() > tau[j]! ? 1 : 0;
  }
  return new ResponseMatrix(N, J, v);
}

describe('parallel tetrachoric (seed 31337)', () => {
  it('splitRange covers [0, n) in order', () => {
    expect(splitRange(10, 3)).toEqual([[0, 3], [3, 6], [6, 10]]);
    expect(splitRange(2, 5)).toEqual([[0, 1], [1, 2]]);
  });
  it('2 and 3 workers reproduce the single-thread ρ, flags, weights exactly', async () => {
    const resp = simulate(31337, 400, 80); // 3160 pairs: above the parallel threshold
    const one = tetrachoric(resp);
    for (const workers of [2, 3]) {
      const par = await tetrachoricAuto(resp, { workers });
      expect(Buffer.from(par.rho.buffer).equals(Buffer.from(one.rho.buffer))).toBe(true);
      expect(Array.from(par.flags)).toEqual(Array.from(one.flags));
      expect(Buffer.from(par.weights!.buffer).equals(Buffer.from(one.weights!.buffer))).toBe(true);
    }
    const direct = await tetraRhoParallel(one.counts, one.thresholds, 80, 2);
    expect(Array.from(direct.rho)).toEqual(Array.from(one.rho));
  });
});
