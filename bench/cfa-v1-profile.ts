// Per-stage CPU seconds of `cfa` on the three v1 item files combined (complete models, listwise: the
// audit's latent-structure stage): sample statistics, data-only robust terms, each of the six ordinary
// fits, and modification indices over all item pairs (for bifactor). Not a test.
//   npx vite-node --config vitest.config.ts bench/cfa-v1-profile.ts [structure,structure,…] [--mi] [--admissible]
// Prints one line per stage: wall seconds and process CPU seconds (user + system).
import { readFileSync, writeFileSync } from 'node:fs';
import { assembleLeaderboard, readResponses } from '../packages/stats/src/io/index.js';
import { buildStructure, cfaSampleStats, fitAdmissible, fitCfa, modificationIndices, prepareCfaData, STRUCTURES, type StructureName } from '../packages/stats/src/cfa/index.js';

const DIR = '../shared/data/openllm-v1-items';
const structures = (process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2].split(',') : [...STRUCTURES]) as StructureName[];
const withMi = process.argv.includes('--mi');
const admissible = process.argv.includes('--admissible');
const cpu0 = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const stage = <T>(name: string, f: () => T): T => {
  const w = performance.now();
  const c = cpu0();
  const out = f();
  console.log(`${name}: ${((performance.now() - w) / 1000).toFixed(2)} s wall, ${(cpu0() - c).toFixed(2)} CPU-s`);
  return out;
};
const lb = stage('read', () => {
  const blocks = ['arc', 'gsm8k', 'mmlu'].map((b) => readResponses({ name: `${DIR}/${b}.responses.csv`, data: readFileSync(`${DIR}/${b}.responses.csv`) }, { benchmark: b, modelCol: 'model' }));
  return assembleLeaderboard({ responses: blocks });
});
// complete models only
const J = lb.items.length;
const keep: number[] = [];
for (let m = 0; m < lb.responses!.nModels; m++) {
  let ok = true;
  for (let j = 0; j < J; j++) if (lb.responses!.values[m * J + j] === 255) { ok = false; break; }
  if (ok) keep.push(m);
}
const { stats } = stage(`sample statistics (${keep.length} complete models × ${J} items)`, () => cfaSampleStats(lb.responses!, lb.items.map((it) => it.id), { missing: 'listwise' }));
const data = stage('robust data terms', () => prepareCfaData(stats));
const out: Record<string, unknown> = {};
for (const s of structures) {
  const spec = buildStructure(s, lb.items);
  const { result, state } = stage(`fit ${s}${admissible ? ' (admissible)' : ''}`, () => (admissible ? fitAdmissible(data, spec) : fitCfa(data, spec)));
  console.log(`  ${s}: ${result.status}, ${result.iterations} iterations, fmin ${result.fmin}, chisq ${result.fit?.chisq}, cfi_scaled ${result.fit?.cfi_scaled}, rmsea_scaled ${result.fit?.rmsea_scaled}`);
  out[s] = { fit: result.fit, loadings: result.loadings.map((l) => [l.est, l.se]), fc: result.factor_covariances.map((l) => [l.est, l.se]) };
  if (withMi && s === 'bifactor' && state) {
    const mi = stage('modification indices (bifactor, all pairs)', () => modificationIndices(data, state, () => undefined));
    out.mi = mi.slice(0, 50).map((m) => [m.item1, m.item2, m.mi, m.epc]);
  }
}
writeFileSync(process.env.CFA_PROFILE_OUT ?? '/tmp/cfa-prof/out.json', JSON.stringify(out));
