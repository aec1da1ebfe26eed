// Raw memory for the TS loader: every buffer that crosses the boundary is allocated here and freed
// by the loader when the call (or the handle that owns it) is done. TLSF allocator of the minimal
// runtime; 16-byte alignment, so Float64 and v128 loads are aligned.

export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}

/** Replaces AssemblyScript's imported `abort`: the module needs no imports at all. */
export function abortHandler(message: string | null, fileName: string | null, line: u32, column: u32): void {
  unreachable();
}
