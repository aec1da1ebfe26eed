// Plain TypeScript reference implementations of the kernels, one module per family.
export * as normal from './normal.js';
