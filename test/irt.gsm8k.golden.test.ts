// Golden: unidimensional 2PL on the real GSM8K item matrix (Open LLM Leaderboard v1, 5,041 models ×
// 237 items) against mirt's converged fit shipped with the data (`gsm8k.items.csv`: a1_final,
// d_final; log-likelihood −382,224.5 on mirt's 61 equally spaced points over [−6, 6]). The data are
// non-commercial: read from ../shared, never copied into the project.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResponseMatrix, fitIrt } from '../packages/stats/src/index.js';

const DIR = resolve(__dirname, '../../shared/data/openllm-v1-items');
const have = existsSync(resolve(DIR, 'gsm8k.responses.csv'));
if (!have) {
  if (process.env.CI === 'true') throw new Error(`golden data missing: ${DIR}`);
  console.warn(`SKIPPED irt-gsm8k golden: ${DIR} not found`);
}

function readCsvRows(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

function loadGsm8k(): { resp: ResponseMatrix; ids: string[]; a: Map<string, number>; d: Map<string, number> } {
  const rows = readCsvRows(resolve(DIR, 'gsm8k.responses.csv'));
  const ids = rows[0]!.slice(1);
  const N = rows.length - 1;
  const J = ids.length;
  const values = new Uint8Array(N * J);
  for (let i = 0; i < N; i++) for (let j = 0; j < J; j++) values[i * J + j] = Number(rows[i + 1]![j + 1]);
  const items = readCsvRows(resolve(DIR, 'gsm8k.items.csv'));
  const h = items[0]!;
  const ia = h.indexOf('a1_final');
  const id = h.indexOf('d_final');
  const a = new Map<string, number>();
  const d = new Map<string, number>();
  for (const r of items.slice(1)) {
    a.set(r[0]!, Number(r[ia]));
    d.set(r[0]!, Number(r[id]));
  }
  return { resp: new ResponseMatrix(N, J, values), ids, a, d };
}

describe.skipIf(!have)('2PL on GSM8K vs mirt', () => {
  it('log-likelihood within 0.5 of mirt and every a, d within 0.02 absolute (mirt quadrature: 61 points over [−6, 6])', () => {
    const { resp, ids, a, d } = loadGsm8k();
    const t0 = Date.now();
    const fit = fitIrt(resp, { model: '2PL', itemIds: ids, quadrature: { points: 61, range: 6 }, se: false });
    console.log(`GSM8K 2PL: loglik ${fit.loglik.toFixed(3)} (mirt −382224.5), ${fit.iterations} EM evaluations, ${Date.now() - t0} ms, ${fit.convergence.message}`);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.loglik - -382224.5)).toBeLessThan(0.5); // absolute, log-likelihood units
    // orientation: mirt's sign convention may differ from ours (sum of slopes positive)
    let dot = 0;
    for (const it of fit.items) dot += it.slopes[0]! * a.get(it.id)!;
    const sign = dot < 0 ? -1 : 1;
    let maxDa = 0;
    let maxDd = 0;
    for (const it of fit.items) {
      maxDa = Math.max(maxDa, Math.abs(sign * it.slopes[0]! - a.get(it.id)!));
      maxDd = Math.max(maxDd, Math.abs(it.intercept - d.get(it.id)!));
    }
    console.log(`GSM8K 2PL: max |Δa| ${maxDa.toFixed(4)}, max |Δd| ${maxDd.toFixed(4)}`);
    expect(fit.excludedItems).toEqual([]);
    expect(maxDa).toBeLessThan(0.02); // absolute
    expect(maxDd).toBeLessThan(0.02); // absolute
  });
});
