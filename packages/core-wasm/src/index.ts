// Public surface of @cartograph/core-wasm: checked wrappers, the loader's memory helpers and the
// plain-TS references (for tests and speed comparisons).
export * from './loader.js';
export * from './normal.js';
export * from './errors.js';
export * from './linalg.js';
export * from './bvn.js';
export * from './irt.js';
export * from './irtAgq.js';
export * as ref from './ref/index.js';
export * from './tetra.js';
export * from './sparse.js';
export * from './cfa.js';
