// Which structure the audit names as fitting best (used by the summary, the tables and the charts).
import type { CfaView, StructureView } from './views.js';

/** The structure the audit names as fitting best: lowest scaled RMSEA (then highest CFI) among admissible
 *  fits, then the most restricted nested structure the difference test does not reject at 5 %. */
export function bestStructure(cfa: CfaView): StructureView | null {
  const ok = cfa.structures.filter((s) => s.converged && s.fit && (s.status === undefined || s.status === 'admissible' || s.status === 'boundary') && !(s.status === undefined && s.heywood?.any));
  if (!ok.length) return null;
  const sorted = [...ok].sort((a, b) => a.fit!.rmsea_scaled - b.fit!.rmsea_scaled || b.fit!.cfi_scaled - a.fit!.cfi_scaled || a.n_parameters - b.n_parameters);
  let best = sorted[0]!;
  for (let guard = 0; guard < 10; guard++) {
    const t = cfa.nested_tests.find((x) => x.general === best.structure && !('error' in x) && x.pvalue >= 0.05 && ok.some((s) => s.structure === x.restricted));
    if (!t) break;
    best = ok.find((s) => s.structure === t.restricted)!;
  }
  return best;
}

