// G-theory study, stage 3: generalizability (Eρ²) and dependability (Φ) coefficients of the
// model × benchmark design and the D-study over numbers of benchmarks.
// Brennan (2001), Generalizability Theory, ch. 4, eq. 4.22–4.24 for the p × I design:
//   Eρ² = σ²p / (σ²p + σ²pb,e / n_b),   Φ = σ²p / (σ²p + (σ²b + σ²pb,e) / n_b),
// where the object of measurement is the model (p), σ²p the sum of the model-level components
// (model_id and, when present, contributor, architecture and deployment: they are properties of the
// model, constant across benchmarks), σ²b the benchmark component and σ²pb,e the residual
// (model × benchmark interaction confounded with error, one score per cell).

export interface GCoefficients {
  /** Sum of the model-level variance components. */
  sigma2p: number;
  sigma2b: number;
  sigma2res: number;
  /** Number of benchmarks of the data. */
  nb: number;
  /** Generalizability coefficient Eρ² (relative decisions: ranking models). */
  erho2: number;
  /** Dependability coefficient Φ (absolute decisions: a model's level). */
  phi: number;
  /** Components summed into σ²p. */
  model_level: string[];
  note: string | null;
}

export interface DStudyRow {
  nb: number;
  erho2: number;
  phi: number;
}

export function gCoefficients(components: Record<string, number>, modelLevel: string[], nb: number, note: string | null = null): GCoefficients {
  const sigma2p = modelLevel.reduce((s, k) => s + (components[k] ?? 0), 0);
  const sigma2b = components['benchmark'] ?? 0;
  const sigma2res = components['Residual'] ?? 0;
  return { sigma2p, sigma2b, sigma2res, nb, ...gAt(sigma2p, sigma2b, sigma2res, nb), model_level: modelLevel, note };
}

function gAt(s2p: number, s2b: number, s2r: number, nb: number): { erho2: number; phi: number } {
  return { erho2: s2p / (s2p + s2r / nb), phi: s2p / (s2p + (s2b + s2r) / nb) };
}

export function dStudy(g: GCoefficients, nbs: number[]): DStudyRow[] {
  return nbs.map((nb) => ({ nb, ...gAt(g.sigma2p, g.sigma2b, g.sigma2res, nb) }));
}

/** Default D-study sizes: 1–6, 8, 10, 12, 15, 20, 30, 50 and the design's own n_b. */
export function defaultDStudySizes(nb: number): number[] {
  return [...new Set([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 50, nb])].sort((a, b) => a - b);
}
