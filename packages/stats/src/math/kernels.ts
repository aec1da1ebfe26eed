// The core-wasm kernels math/ builds on (one import site, so the floor's dependency on the kernels is visible).
export { normSf, normQuantile, spdInverse as wasmSpdInverse, luSolve as wasmLuSolve, spdSolve as wasmSpdSolve, NotPositiveDefiniteError, SingularMatrixError } from '@cartograph/core-wasm';
