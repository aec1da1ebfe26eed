// The one WebAssembly module: every kernel family exports from its own file here.
export { alloc, free } from './memory';
export * from './normal';
export * from './linalg';
export * from './bvn';
export * from './irt';
export * from './irtAgq';
export * from './tetra';
export * from './sparse';
export * from './cfa';
