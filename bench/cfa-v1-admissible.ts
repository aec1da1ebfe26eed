// Real-data run (not a test): `cfa --mi --factor-scores` and `cfa --admissible` on the three Open LLM
// Leaderboard v1 item files combined (ARC, GSM8K, MMLU; complete models, listwise), through runCfa.
//   npx vite-node --config vitest.config.ts bench/cfa-v1-admissible.ts [ordinary|admissible|both]
import { readFileSync, writeFileSync } from 'node:fs';
import { assembleLeaderboard, readResponses } from '../packages/stats/src/io/index.js';
import { runCfa, formatCfa, cfaJson } from '../packages/stats/src/cfa/index.js';

const DIR = '../shared/data/openllm-v1-items';
const mode = process.argv[2] ?? 'both';
const blocks = ['arc', 'gsm8k', 'mmlu'].map((b) => readResponses({ name: `${DIR}/${b}.responses.csv`, data: readFileSync(`${DIR}/${b}.responses.csv`) }, { benchmark: b, modelCol: 'model' }));
const lb = assembleLeaderboard({ responses: blocks });
const t0 = performance.now();
const log = (p: { stage: string; message?: string; done?: number; total?: number }) => console.error(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${p.stage}${p.message ? `: ${p.message}` : ''}`);
const warn = (w: string) => console.error(`warning: ${w}`);
for (const m of mode === 'both' ? ['ordinary', 'admissible'] : [mode]) {
  const t1 = performance.now();
  const rep = runCfa(lb, { mi: m === 'ordinary', scores: m === 'ordinary', admissible: m === 'admissible', onProgress: log, onWarning: warn });
  console.log(formatCfa(rep));
  console.log(`${m}: ${((performance.now() - t1) / 1000).toFixed(1)} s; per structure: ${rep.structures.map((s) => `${s.structure} ${s.seconds.toFixed(1)} s`).join(', ')}`);
  writeFileSync(`/tmp/cfa-v1-${m}.json`, JSON.stringify(cfaJson(rep), null, 1));
}
