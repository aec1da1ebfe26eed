// Plain TypeScript reference implementations of the kernels, one module per family.
export * as normal from './normal.js';
export * as irt from './irt.js';
export * as irtAgq from './irtAgq.js';
export * as linalg from './linalg.js';
export * as bvn from './bvn.js';
export * as tetra from './tetra.js';
export * as sparse from './sparse.js';
export * as cfa from './cfa.js';
