// The worker's fdlibm functions (src/fdlibm.ts) against Node's Math, which the CLI computes with: the same
// double for every argument (Object.is, so −0 and NaN count), 100,000 arguments per function over the ranges
// the library uses and beyond (exp to ±750, log over every exponent, pow with integer and fractional powers
// of negative and positive bases, sin/cos to ±15). If a Node release moves Math off fdlibm, this fails:
// the page's audit.json would then no longer be the CLI's bit for bit (test/browser/explorer.views.test.ts).
import { describe, expect, it } from 'vitest';
import { FDLIBM, install } from '../src/fdlibm.js';

let s = 0x9e3779b97f4a7c15n;
const M64 = (1n << 64n) - 1n;
const F = new Float64Array(1);
const U = new BigUint64Array(F.buffer);
const step = (): bigint => (s = (s * 6364136223846793005n + 1442695040888963407n) & M64);
const unit = (): number => Number(step() >> 11n) / 2 ** 53;
/** Any finite double (random bits). */
const bits = (): number => {
  for (;;) {
    U[0] = step();
    if (Number.isFinite(F[0]!)) return F[0]!;
  }
};

const ARGS: Record<keyof typeof FDLIBM, () => number[]> = {
  exp: () => [(unit() - 0.5) * 1500],
  log: () => [Math.abs(bits())],
  log1p: () => [unit() < 0.5 ? unit() * 2 - 1 : Math.abs(bits())],
  expm1: () => [(unit() - 0.5) * 100],
  log10: () => [Math.abs(bits())],
  pow: () => [unit() < 0.3 ? (unit() - 0.5) * 20 : Math.exp((unit() - 0.5) * 40), unit() < 0.3 ? Math.round((unit() - 0.5) * 40) : (unit() - 0.5) * 30],
  cbrt: () => [bits()],
  asin: () => [unit() * 2 - 1],
  acos: () => [unit() * 2 - 1],
  sin: () => [(unit() - 0.5) * 30],
  cos: () => [(unit() - 0.5) * 30],
};
const SPECIAL = [0, -0, 1, -1, 0.5, 2, 3, -2.5, 1e-310, -1e-310, 1e-20, 709.78, -745.1, 1e300, Infinity, -Infinity, NaN, Math.PI / 2, Math.PI / 4];

describe('web: fdlibm in the worker = Node\'s Math', () => {
  for (const name of Object.keys(FDLIBM) as (keyof typeof FDLIBM)[]) {
    it(name, () => {
      const ours = FDLIBM[name] as (...a: number[]) => number;
      const node = Math[name] as (...a: number[]) => number;
      const bad: string[] = [];
      const check = (a: number[]): void => {
        const x = ours(...a), y = node(...a);
        if (!Object.is(x, y) && bad.length < 5) bad.push(`${name}(${a.join(', ')}) = ${x}, Node ${y}`);
      };
      for (let k = 0; k < 100_000; k++) check(ARGS[name]());
      for (const a of SPECIAL) for (const b of name === 'pow' ? SPECIAL : [0]) check(name === 'pow' ? [a, b] : [a]);
      expect(bad).toEqual([]); // bit for bit
    });
  }
  it('install puts them on a Math object', () => {
    const m = { ...Math } as unknown as Math;
    expect(install(m).sort()).toEqual(Object.keys(FDLIBM).sort());
    expect(m.exp).toBe(FDLIBM.exp);
  });
});
