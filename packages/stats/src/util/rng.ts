// Seeded pseudo-random numbers, identical bytes on every platform: xoshiro128** (Blackman & Vigna
// 2018, "Scrambled linear pseudorandom number generators") on 32-bit integer arithmetic, seeded by
// splitmix32. Normal draws by inversion through the WebAssembly quantile kernel (deterministic IEEE
// arithmetic, no platform libm). Never use Math.random in this project.
import { normQuantile } from '@cartograph/core-wasm';

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let z = seed >>> 0;
    const next = (): number => {
      // splitmix32 (Vigna): constants 0x9e3779b9 = 2654435769, 0x85ebca6b, 0xc2b2ae35
      z = (z + 0x9e3779b9) >>> 0;
      let t = z ^ (z >>> 16);
      t = Math.imul(t, 0x85ebca6b);
      t ^= t >>> 13;
      t = Math.imul(t, 0xc2b2ae35);
      return (t ^ (t >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextU32() >>> 5; // 27 bits
    const b = this.nextU32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992; // 2^26 = 67108864, 2^53 = 9007199254740992
  }

  /** Uniform on (0, 1), never exactly 0. */
  uniformOpen(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return u;
  }

  /** Standard normal by inversion. */
  normal(): number {
    return normQuantile(this.uniformOpen());
  }

  /** Integer uniform on [0, n) without modulo bias. */
  int(n: number): number {
    if (!(n >= 1 && n <= 2 ** 32)) throw new RangeError(`Rng.int: n must be in [1, 2^32], got ${n}`);
    const limit = Math.floor(4294967296 / n) * n;
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }

  /** An independent child stream (for replicate r of a bootstrap, say). */
  fork(stream: number): Rng {
    return new Rng((this.nextU32() ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export function seeded(seed: number): Rng {
  return new Rng(seed);
}
