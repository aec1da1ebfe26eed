// The replicate interface: plans, replicate streams, shared per-data work, order-independent reduction.
export * from './hash.js';
export * from './plan.js';
export * from './shared.js';
