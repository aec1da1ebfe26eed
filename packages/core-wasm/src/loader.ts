// Instantiates the embedded WebAssembly module (Node, Web Workers, bundlers) and does all copying
// between JS typed arrays and WASM memory. Rules (house style):
// - only numbers cross the boundary; arrays go through alloc/free here;
// - a typed-array view of WASM memory is never kept across a call that may grow memory: views are
//   made fresh from `memory.buffer` by `f64View` each time they are needed.
// Synchronous instantiation is allowed in Node and in Workers; on a browser main thread call
// `initWasm()` (async) once before any kernel.
import { wasmBase64 } from './generated/wasm-bytes.js';

export interface WasmExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  [name: string]: unknown;
}

let instance: WasmExports | null = null;

function decodeBase64(b64: string): Uint8Array {
  const g = globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array }; atob?: (s: string) => string };
  if (g.Buffer) return new Uint8Array(g.Buffer.from(b64, 'base64'));
  const bin = g.atob!(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let compiled: WebAssembly.Module | null = null;

/**
 * The compiled module (compiled once). Worker threads / Web Workers receive it by postMessage
 * (structured clone) and instantiate their own copy, so they need no file path or base64 of their own.
 */
export function wasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(decodeBase64(wasmBase64) as BufferSource);
  return compiled;
}

/** The module's exports, instantiated synchronously on first use. */
export function wasm(): WasmExports {
  if (instance === null) {
    instance = new WebAssembly.Instance(wasmModule(), {}).exports as unknown as WasmExports;
  }
  return instance;
}

/** Async instantiation, for a browser main thread where synchronous compilation is limited. */
export async function initWasm(): Promise<WasmExports> {
  if (instance === null) {
    const { instance: inst } = await WebAssembly.instantiate(decodeBase64(wasmBase64) as BufferSource, {});
    instance ??= inst.exports as unknown as WasmExports;
  }
  return instance;
}

/** Current size of WASM linear memory in bytes (for leak tests). */
export function memoryBytes(): number {
  return wasm().memory.buffer.byteLength;
}

/** A fresh Float64Array view of `n` doubles at byte offset `ptr`. Never keep it across a kernel call. */
export function f64View(ptr: number, n: number): Float64Array {
  return new Float64Array(wasm().memory.buffer, ptr, n);
}

/** A fresh Int32Array view of `n` ints at byte offset `ptr`. */
export function i32View(ptr: number, n: number): Int32Array {
  return new Int32Array(wasm().memory.buffer, ptr, n);
}

/** A fresh Uint8Array view of `n` bytes at byte offset `ptr`. */
export function u8View(ptr: number, n: number): Uint8Array {
  return new Uint8Array(wasm().memory.buffer, ptr, n);
}

/** Allocates `bytes` (at least 8) in WASM memory; 16-byte aligned. */
export function allocBytes(bytes: number): number {
  const ptr = wasm().alloc(Math.max(8, bytes));
  if (ptr === 0) throw new Error(`core-wasm: out of memory allocating ${bytes} bytes`);
  return ptr;
}

export function freePtr(ptr: number): void {
  wasm().free(ptr);
}

/** Copies a Float64Array into newly allocated WASM memory and returns the pointer. */
export function copyInF64(data: ArrayLike<number>): number {
  const ptr = allocBytes(data.length * 8);
  f64View(ptr, data.length).set(data);
  return ptr;
}

/** Copies `n` doubles out of WASM memory into a new Float64Array. */
export function copyOutF64(ptr: number, n: number): Float64Array {
  return f64View(ptr, n).slice();
}

/**
 * A block of doubles that lives in WASM memory across many calls (e.g. a matrix inside an optimizer
 * loop). Call `dispose()` when done; using it afterwards throws.
 */
export class F64Handle {
  private p: number;
  constructor(readonly length: number) {
    this.p = allocBytes(length * 8);
  }
  static from(data: ArrayLike<number>): F64Handle {
    const h = new F64Handle(data.length);
    h.view().set(data);
    return h;
  }
  get ptr(): number {
    if (this.p === 0) throw new Error('core-wasm: F64Handle used after dispose()');
    return this.p;
  }
  view(): Float64Array {
    return f64View(this.ptr, this.length);
  }
  toArray(): Float64Array {
    return this.view().slice();
  }
  dispose(): void {
    if (this.p !== 0) freePtr(this.p);
    this.p = 0;
  }
}

/**
 * Runs `fn` with scratch allocations that are all freed afterwards, even on error.
 * `scope.f64(n)` / `scope.in(arr)` allocate; `scope.out(ptr, n)` copies out.
 */
export function withScratch<T>(fn: (scope: Scratch) => T): T {
  const scope = new Scratch();
  try {
    return fn(scope);
  } finally {
    scope.release();
  }
}

export class Scratch {
  private ptrs: number[] = [];
  f64(n: number): number {
    const p = allocBytes(n * 8);
    this.ptrs.push(p);
    return p;
  }
  i32(n: number): number {
    const p = allocBytes(n * 4);
    this.ptrs.push(p);
    return p;
  }
  bytes(n: number): number {
    const p = allocBytes(n);
    this.ptrs.push(p);
    return p;
  }
  in(data: ArrayLike<number>): number {
    const p = this.f64(data.length);
    f64View(p, data.length).set(data);
    return p;
  }
  out(ptr: number, n: number): Float64Array {
    return copyOutF64(ptr, n);
  }
  release(): void {
    for (const p of this.ptrs) freePtr(p);
    this.ptrs = [];
  }
}
