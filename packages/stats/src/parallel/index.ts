// Multi-core helpers: worker_threads (Node) / Web Workers (browser) running core-wasm kernels on
// ranges of independent jobs, with results identical to the single-thread run.
export * from './pool.js';
export * from './tetrachoric.js';
