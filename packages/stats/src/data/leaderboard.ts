// The data model every estimator reads: models with metadata, items with their benchmark, a compact
// model × item 0/1 response matrix with missing cells, and/or model × benchmark scores.

export interface ModelMeta {
  id: string;
  name: string;
  /** Parameters in billions, when known. */
  paramsB: number | null;
  /** log10 of the parameter count (in units of parameters, not billions), when known. */
  log10Params: number | null;
  architecture: string | null;
  contributor: string | null;
  /** Deployment / model type (pretrained, chat, fine-tuned, merge, …). */
  deployment: string | null;
  /** Any other columns, kept as-is. */
  extra: Record<string, string>;
}

export interface ItemMeta {
  id: string;
  benchmark: string;
  extra: Record<string, string>;
}

/** Code stored for a missing cell in `ResponseMatrix.values`. */
export const MISSING = 255;

/**
 * Model × item responses, row-major (model m, item j at m * nItems + j): 0, 1 or MISSING (255).
 * One byte per cell; estimators that need bit-packing build it from here.
 */
export class ResponseMatrix {
  readonly values: Uint8Array;
  constructor(
    readonly nModels: number,
    readonly nItems: number,
    values?: Uint8Array,
  ) {
    this.values = values ?? new Uint8Array(nModels * nItems).fill(MISSING);
    if (this.values.length !== nModels * nItems) throw new Error(`ResponseMatrix: ${this.values.length} cells for ${nModels} × ${nItems}`);
  }
  get(m: number, j: number): 0 | 1 | null {
    const v = this.values[m * this.nItems + j]!;
    return v === MISSING ? null : (v as 0 | 1);
  }
  set(m: number, j: number, v: 0 | 1 | null): void {
    this.values[m * this.nItems + j] = v === null ? MISSING : v;
  }
  /** Number of non-missing cells. */
  observedCount(): number {
    let n = 0;
    for (const v of this.values) if (v !== MISSING) n++;
    return n;
  }
  hasMissing(): boolean {
    return this.values.includes(MISSING);
  }
}

/** Model × benchmark scores (proportion correct 0–1 unless `scale` says otherwise); NaN = missing. */
export interface BenchmarkScores {
  benchmarks: string[];
  /** Row-major nModels × benchmarks.length. */
  values: Float64Array;
  /** Items behind each score, when known (for binomial intervals). */
  itemCounts: (number | null)[];
}

export interface Leaderboard {
  models: ModelMeta[];
  items: ItemMeta[];
  responses: ResponseMatrix | null;
  scores: BenchmarkScores | null;
  /** Non-fatal findings of the readers (constant items, all-missing rows, …), with ids. */
  warnings: string[];
  /** Files (or folders) the leaderboard was read from. */
  sources: string[];
}

/** Distinct benchmarks of the items, in first-appearance order. */
export function benchmarksOf(items: readonly ItemMeta[]): string[] {
  return [...new Set(items.map((i) => i.benchmark))];
}
