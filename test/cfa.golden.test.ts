// Golden test of categorical CFA by WLSMV against lavaan 0.6.14 (test/fixtures/cfa/run.R, fitted with
// rel.tol = 1e-12 on test/fixtures/cfa/data: 600 models × 90 items, 6 benchmarks). Factor signs are
// not identified under std.lv: lavaan's values are oriented by the same rule as ours (each factor's
// loadings sum positive) before comparing.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ResponseMatrix } from '../packages/stats/src/data/leaderboard.js';
import {
  buildStructure, cfaSampleStats, factorScores, fitCfa, modificationIndices, prepareCfaData, scaledDifferenceTest, STRUCTURES,
  type CfaResult, type CfaSampleStats, type CfaState, type StructureName,
} from '../packages/stats/src/cfa/index.js';

const DIR = 'test/fixtures/cfa';

interface LavaanFit {
  structure: string;
  converged: boolean;
  fmin: number;
  params: { lhs: string[]; op: string[]; rhs: string[]; free: boolean[]; est: number[]; se: number[] };
  std: { lhs: string[]; op: string[]; rhs: string[]; est: number[]; se: number[] };
  fit: Record<string, number>;
  mi?: { lhs: string[]; rhs: string[]; mi: number[]; epc: number[]; sepc_all: number[] };
  scores?: { factors: string[]; values: number[][] };
}

function readData() {
  const lines = readFileSync(`${DIR}/data/responses_wide.csv`, 'utf8').trim().split('\n');
  const ids = lines[0]!.split(',').slice(1);
  const resp = new ResponseMatrix(lines.length - 1, ids.length);
  lines.slice(1).forEach((l, n) => l.split(',').slice(1).forEach((v, j) => resp.set(n, j, v === '1' ? 1 : 0)));
  const bench = new Map(readFileSync(`${DIR}/data/items.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',') as [string, string]));
  const items = ids.map((id) => ({ id, benchmark: bench.get(id)!, extra: {} }));
  return { resp, items };
}

/** Per-latent sign making lavaan's loadings sum positive (first-order latents first, as orientSigns). */
function lavaanSigns(l: LavaanFit): Map<string, number> {
  const { lhs, op, rhs, est } = l.params;
  const latents = [...new Set(lhs.filter((_, i) => op[i] === '=~'))];
  const firstOrder = (a: string) => lhs.some((x, i) => x === a && op[i] === '=~' && !latents.includes(rhs[i]!));
  const sign = new Map<string, number>();
  for (const a of [...latents.filter(firstOrder), ...latents.filter((a) => !firstOrder(a))]) {
    let s = 0;
    lhs.forEach((x, i) => {
      if (x === a && op[i] === '=~') s += est[i]! * (sign.get(rhs[i]!) ?? 1);
    });
    sign.set(a, s < 0 ? -1 : 1);
  }
  return sign;
}

const available = STRUCTURES.filter((s) => existsSync(`${DIR}/lavaan_${s}.json`));
const availableSmall = STRUCTURES.filter((s) => existsSync(`${DIR}/lavaan_small_${s}.json`));

function goldenSuite(label: string, prefix: string, structures: StructureName[], itemIds: string[] | null) {
  const all = readData();
  const keep = itemIds ? itemIds.map((id) => all.items.findIndex((i) => i.id === id)) : all.items.map((_, j) => j);
  const items = keep.map((j) => all.items[j]!);
  const resp = new ResponseMatrix(all.resp.nModels, keep.length);
  for (let m = 0; m < resp.nModels; m++) keep.forEach((j, c) => (resp.values[m * keep.length + c] = all.resp.values[m * all.resp.nItems + j]!));
  const { stats } = cfaSampleStats(resp, items.map((i) => i.id));
  const data = prepareCfaData(stats);
  const fits = new Map<StructureName, { result: CfaResult; state: CfaState | null; lav: LavaanFit }>();
  for (const s of structures) {
    const lav = JSON.parse(readFileSync(`${DIR}/${prefix}${s}.json`, 'utf8')) as LavaanFit;
    fits.set(s, { ...fitCfa(data, buildStructure(s, items)), lav });
  }

  describe.each(structures)(`${label}: %s`, (s) => {
    const { result, lav } = fits.get(s)!;
    const sign = lavaanSigns(lav);
    const sg = (x: string) => sign.get(x) ?? 1;
    const F = lav.fit;
    const lavEst = (lhs: string, op: string, rhs: string): { est: number; se: number; std: number; stdSe: number } | null => {
      const P = lav.params;
      for (let i = 0; i < P.lhs.length; i++) {
        const hit = P.op[i] === op && ((P.lhs[i] === lhs && P.rhs[i] === rhs) || (op === '~~' && P.lhs[i] === rhs && P.rhs[i] === lhs));
        if (!hit) continue;
        const f = op === '|' ? 1 : sg(P.lhs[i]!) * sg(P.rhs[i]!);
        const S = lav.std;
        let k = -1;
        for (let j = 0; j < S.lhs.length; j++) if (S.lhs[j] === P.lhs[i] && S.op[j] === op && S.rhs[j] === P.rhs[i]) k = j;
        return { est: f * P.est[i]!, se: P.se[i]!, std: f * S.est[k]!, stdSe: S.se[k]! };
      }
      return null;
    };

    // Both at the same optimum: DWLS values equal to 1e-6 (relative; the sample statistics differ by ~1e-8).
    // Otherwise ours must be the lower one
    // (required where lavaan reports non-convergence or stopped higher); then values are not compared.
    const same = Math.abs(result.fmin - lav.fmin) / lav.fmin < 1e-6;

    it('converges to lavaan\'s optimum (or a lower DWLS value where lavaan did not converge or stopped higher)', () => {
      expect(result.converged, result.message).toBe(true);
      if (!same) {
        console.log(`${s}: lavaan ${lav.converged ? 'converged' : 'did NOT converge'} at fmin ${lav.fmin}, ours ${result.fmin}`);
        expect(result.fmin).toBeLessThan(lav.fmin);
      }
    });

    it('estimates and robust SEs within 1e-4 (absolute), std.all and its SEs within 1e-4', () => {
      if (!same) return;
      let n = 0;
      const check = (lhs: string, op: string, rhs: string, est: number, se: number | null, std: number, stdSe: number | null) => {
        const l = lavEst(lhs, op, rhs);
        expect(l, `${lhs}${op}${rhs} in lavaan`).not.toBeNull();
        expect(Math.abs(est - l!.est), `${lhs}${op}${rhs} est`).toBeLessThan(1e-4); // absolute
        expect(Math.abs(se! - l!.se), `${lhs}${op}${rhs} se`).toBeLessThan(1e-4); // absolute
        expect(Math.abs(std - l!.std), `${lhs}${op}${rhs} std.all`).toBeLessThan(1e-4); // absolute
        if (op !== '|') expect(Math.abs(stdSe! - l!.stdSe), `${lhs}${op}${rhs} std.all se`).toBeLessThan(1e-4); // absolute
        n++;
      };
      for (const l of result.loadings) check(l.factor, '=~', l.item, l.est, l.se, l.std_all, l.std_se);
      for (const c of result.factor_covariances) check(c.factor1, '~~', c.factor2, c.est, c.se, c.std_all, c.std_se);
      for (const t of result.thresholds) check(t.item, '|', 't1', t.est, t.se, t.est, null);
      expect(n).toBe(result.n_parameters);
    });

    it('scaled test and fit indices: chisq.scaled 1e-3 relative; CFI/TLI/RMSEA scaled, SRMR 1e-4 absolute', () => {
      if (!same || F.chisq === undefined) return;
      const f = result.fit!;
      expect(f.df).toBe(F.df);
      expect(Math.abs(f.chisq / F.chisq! - 1)).toBeLessThan(1e-4); // relative
      expect(Math.abs(f.chisq_scaled / F['chisq.scaled']! - 1)).toBeLessThan(1e-3); // relative
      expect(Math.abs(f.cfi_scaled - F['cfi.scaled']!)).toBeLessThan(1e-4); // absolute
      expect(Math.abs(f.tli_scaled - F['tli.scaled']!)).toBeLessThan(1e-4); // absolute
      expect(Math.abs(f.rmsea_scaled - F['rmsea.scaled']!)).toBeLessThan(1e-4); // absolute
      expect(Math.abs(f.srmr - F.srmr!)).toBeLessThan(1e-4); // absolute
      expect(Math.abs(f.cfi - F.cfi!)).toBeLessThan(1e-4); // absolute
      expect(Math.abs(f.tli - F.tli!)).toBeLessThan(1e-4); // absolute
      expect(Math.abs(f.rmsea - F.rmsea!)).toBeLessThan(1e-4); // absolute
      expect(Math.abs(f.rmsea_ci_lower - F['rmsea.ci.lower']!)).toBeLessThan(1e-4); // absolute
      expect(Math.abs(f.rmsea_ci_upper - F['rmsea.ci.upper']!)).toBeLessThan(1e-4); // absolute
      expect(Math.abs(f.wrmr - F.wrmr!)).toBeLessThan(1e-4); // absolute
      expect(Math.abs(f.pvalue_scaled - F['pvalue.scaled']!)).toBeLessThan(1e-4); // absolute
    });

    it('modification indices: top 100 pairs, MI within 1e-3 relative, SEPC (std.all) within 1e-4', () => {
      if (!lav.mi || !same) return;
      const st = fits.get(s)!.state!;
      const ours = modificationIndices(data, st, (id) => items.find((i) => i.id === id)?.benchmark);
      const byPair = new Map(ours.map((m) => [[m.item1, m.item2].sort().join('~~'), m]));
      const order = lav.mi.mi.map((_, i) => i).sort((a, b) => lav.mi!.mi[b]! - lav.mi!.mi[a]!);
      for (const i of order.slice(0, 100)) {
        const key = [lav.mi.lhs[i]!, lav.mi.rhs[i]!].sort().join('~~');
        const m = byPair.get(key)!;
        expect(m, key).toBeDefined();
        expect(Math.abs(m.mi / lav.mi.mi[i]! - 1), `${key} mi`).toBeLessThan(1e-3); // relative
        expect(Math.abs(m.sepc_all - lav.mi.sepc_all[i]!), `${key} sepc.all`).toBeLessThan(1e-4); // absolute
        expect(Math.abs(m.epc - lav.mi.epc[i]!), `${key} epc`).toBeLessThan(1e-4); // absolute
      }
    });

    it('EBM factor scores within 1e-3 (absolute)', () => {
      if (!lav.scores || !same) return;
      const st = fits.get(s)!.state!;
      const fs = factorScores(st, stats.scores!.codes, stats.nobs);
      const L = fs.factors.length;
      let maxDiff = 0;
      // jsonlite unboxes a single factor name and one-column rows.
      const names = ([] as string[]).concat(lav.scores.factors);
      const rows = lav.scores.values.map((r) => ([] as number[]).concat(r));
      names.forEach((name, c) => {
        const a = fs.factors.indexOf(name);
        expect(a, name).toBeGreaterThanOrEqual(0);
        for (let n = 0; n < stats.nobs; n++) maxDiff = Math.max(maxDiff, Math.abs(fs.ebm[n * L + a]! - sg(name) * rows[n]![c]!));
      });
      expect(maxDiff).toBeLessThan(1e-3); // absolute
    });
  });
  return { fits, items, resp, stats };
}

describe('cfa golden vs lavaan 0.6.14', () => {
  it('has the lavaan fixtures: general and bifactor on 90 items, all six structures on the 30-item subset', () => {
    expect(available).toContain('general');
    expect(available).toContain('bifactor');
    expect(availableSmall).toEqual([...STRUCTURES]);
  });

  const full = goldenSuite('600 × 90', 'lavaan_', available, null);
  const small = existsSync(`${DIR}/lavaan_small_samplestats.json`)
    ? goldenSuite('600 × 30', 'lavaan_small_', availableSmall, (JSON.parse(readFileSync(`${DIR}/lavaan_small_samplestats.json`, 'utf8')) as { items: string[] }).items)
    : null;
  const { items, resp } = full;
  const fits = full.fits;
  void small;

  it('nested scaled difference tests match lavTestLRT (Satorra 2000, scaled-shifted) on a 30-item subset', () => {
    const lrt = JSON.parse(readFileSync(`${DIR}/lavaan_lrt.json`, 'utf8')) as {
      items: string[];
      fits: { structure: string; converged: boolean; chisq: number; chisq_scaled: number; df: number }[];
      tests: { restricted: string; general: string; chisq_diff?: number; df_diff?: number; pvalue?: number; error?: string }[];
    };
    const keep = lrt.items.map((id) => items.findIndex((i) => i.id === id));
    const sub = new ResponseMatrix(resp.nModels, keep.length);
    for (let m = 0; m < resp.nModels; m++) keep.forEach((j, c) => (sub.values[m * keep.length + c] = resp.values[m * resp.nItems + j]!));
    const subItems = keep.map((j) => items[j]!);
    const d = prepareCfaData(cfaSampleStats(sub, subItems.map((i) => i.id)).stats);
    const st = new Map<string, { result: CfaResult; state: CfaState | null }>();
    const sameOpt = new Set<string>();
    for (const f of lrt.fits) {
      const r = fitCfa(d, buildStructure(f.structure as StructureName, subItems));
      st.set(f.structure, r);
      expect(r.result.converged, f.structure).toBe(true);
      const chisq = r.result.fit!.chisq;
      if (Math.abs(chisq / f.chisq - 1) < 1e-6) {
        sameOpt.add(f.structure);
        expect(Math.abs(r.result.fit!.chisq_scaled / f.chisq_scaled - 1), f.structure).toBeLessThan(1e-3); // relative
      } else {
        // lavaan stopped at a higher DWLS value (here bifactor-correlated, with negative variances): ours is lower.
        console.log(`lrt subset ${f.structure}: ours χ² ${chisq.toFixed(4)} < lavaan ${f.chisq.toFixed(4)}`);
        expect(chisq).toBeLessThan(f.chisq);
      }
    }
    expect(sameOpt.size).toBeGreaterThanOrEqual(5);
    let n = 0;
    for (const t of lrt.tests) {
      if (t.error || t.chisq_diff === undefined || !sameOpt.has(t.restricted) || !sameOpt.has(t.general)) continue;
      const ours = scaledDifferenceTest(d, st.get(t.restricted)!.state!, st.get(t.general)!.state!, [t.restricted, t.general]);
      expect(ours.df_diff).toBe(t.df_diff);
      expect(Math.abs(ours.chisq_diff_scaled / t.chisq_diff - 1), `${t.restricted} vs ${t.general}`).toBeLessThan(1e-3); // relative
      expect(Math.abs(ours.pvalue - t.pvalue!)).toBeLessThan(1e-4); // absolute
      n++;
    }
    expect(n).toBeGreaterThanOrEqual(4);
  });

  it('DWLS stage on lavaan\'s own sample statistics: general and bifactor estimates within 1e-4', () => {
    const ss = JSON.parse(readFileSync(`${DIR}/lavaan_samplestats.json`, 'utf8')) as { items: string[]; thresholds: number[]; tetrachoric: number[][]; wls_v_diag: number[]; nobs: number };
    const J = ss.items.length;
    const rho: number[] = [];
    for (let j = 0; j < J - 1; j++) for (let i = j + 1; i < J; i++) rho.push(ss.tetrachoric[i]![j]!);
    const lavStats: CfaSampleStats = { items: ss.items, nobs: ss.nobs, thresholds: Float64Array.from(ss.thresholds), rho: Float64Array.from(rho), weights: Float64Array.from(ss.wls_v_diag), scores: null };
    const d = prepareCfaData(lavStats);
    for (const s of available.filter((x) => x === 'general' || x === 'bifactor')) {
      const { result } = fitCfa(d, buildStructure(s, items));
      const lav = fits.get(s)!.lav;
      const sign = lavaanSigns(lav);
      expect(result.converged).toBe(true);
      expect(Math.abs(result.fmin - lav.fmin) / lav.fmin).toBeLessThan(1e-8); // relative
      for (const l of result.loadings) {
        const i = lav.params.lhs.findIndex((x, k) => x === l.factor && lav.params.op[k] === '=~' && lav.params.rhs[k] === l.item);
        expect(Math.abs(l.est - sign.get(l.factor)! * lav.params.est[i]!)).toBeLessThan(1e-4); // absolute
      }
    }
  });
});
