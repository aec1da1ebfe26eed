// Tetrachoric kernels: bit-packing of a 0/1/255 response matrix, 2×2 tables of every item pair by
// popcount, and the two-step ML correlation of each table with thresholds held fixed, following
// lavaan 0.6's lav_bvord_cor_twostep_fit (zero.add = 0.5 keeping margins; two empty cells → ±1;
// n00·n11 = n01·n10 → 0; both thresholds 0 → −cos(2π n00/n); otherwise the ML estimate in
// [−0.999, 0.999], lavaan's nlminb bounds). Olsson (1979), Psychometrika 44:443–460.
//
// Pair order is lavaan's vech order of the strict lower triangle: for j = 0..J−2, i = j+1..J−1.
// Cell c of pair (i, j) is 2·y_i + y_j: counts[4k + c] = #models with (y_i, y_j) both observed.
import { bvnCdf, bvnPdf } from './bvn';
import { normCdf } from './normal';

const MISSING: u8 = 255;

/**
 * Packs responses (nModels × nItems bytes, row-major, 0/1/255) into per-item bit vectors of
 * `words` = ceil(nModels / 64) u64 each: ones[j·words + w] (bit set = response 1) and
 * obs[j·words + w] (bit set = observed). Returns the number of cells that are neither 0, 1 nor 255
 * (the caller rejects such input).
 */
export function tetraPack(nModels: i32, nItems: i32, resp: usize, words: i32, ones: usize, obs: usize): i32 {
  const total = <usize>nItems * <usize>words * 8;
  memory.fill(ones, 0, total);
  memory.fill(obs, 0, total);
  let bad = 0;
  for (let m = 0; m < nModels; m++) {
    const row = resp + <usize>m * <usize>nItems;
    const w = m >>> 6;
    const bit: u64 = (<u64>1) << (<u64>(m & 63));
    for (let j = 0; j < nItems; j++) {
      const v = load<u8>(row + <usize>j);
      const off = ((<usize>j * <usize>words + <usize>w) << 3);
      if (v == 1) {
        store<u64>(ones + off, load<u64>(ones + off) | bit);
        store<u64>(obs + off, load<u64>(obs + off) | bit);
      } else if (v == 0) {
        store<u64>(obs + off, load<u64>(obs + off) | bit);
      } else if (v != MISSING) {
        bad++;
      }
    }
  }
  return bad;
}

/**
 * 2×2 tables of every pair (vech order) from the packed bits: counts (i32, 4 per pair) as
 * [n00, n01, n10, n11] with cell 2·y_i + y_j. `complete` = 1 when nothing is missing (fewer
 * popcounts). Also itemCounts (i32, 2 per item): [n0, n1] over the item's observed models.
 */
export function tetraCounts(nItems: i32, words: i32, ones: usize, obs: usize, complete: i32, counts: usize, itemCounts: usize): void {
  for (let j = 0; j < nItems; j++) {
    let n1: i64 = 0;
    let no: i64 = 0;
    const oj = ones + ((<usize>j * <usize>words) << 3);
    const bj = obs + ((<usize>j * <usize>words) << 3);
    for (let w = 0; w < words; w++) {
      n1 += popcnt<u64>(load<u64>(oj + (<usize>w << 3)));
      no += popcnt<u64>(load<u64>(bj + (<usize>w << 3)));
    }
    store<i32>(itemCounts + (<usize>j << 3), <i32>(no - n1));
    store<i32>(itemCounts + (<usize>j << 3) + 4, <i32>n1);
  }
  let k: usize = 0;
  for (let j = 0; j < nItems - 1; j++) {
    const oj = ones + ((<usize>j * <usize>words) << 3);
    const bj = obs + ((<usize>j * <usize>words) << 3);
    for (let i = j + 1; i < nItems; i++) {
      const oi = ones + ((<usize>i * <usize>words) << 3);
      const bi = obs + ((<usize>i * <usize>words) << 3);
      let n11: i64 = 0;
      let n1i: i64 = 0;
      let n1j: i64 = 0;
      let nob: i64 = 0;
      if (complete) {
        for (let w = 0; w < words; w++) {
          const o = <usize>w << 3;
          n11 += popcnt<u64>(load<u64>(oi + o) & load<u64>(oj + o));
        }
        n1i = <i64>load<i32>(itemCounts + (<usize>i << 3) + 4);
        n1j = <i64>load<i32>(itemCounts + (<usize>j << 3) + 4);
        nob = <i64>load<i32>(itemCounts + (<usize>i << 3)) + n1i;
      } else {
        for (let w = 0; w < words; w++) {
          const o = <usize>w << 3;
          const a = load<u64>(oi + o);
          const b = load<u64>(oj + o);
          const ai = load<u64>(bi + o);
          const aj = load<u64>(bj + o);
          n11 += popcnt<u64>(a & b);
          n1i += popcnt<u64>(a & aj);
          n1j += popcnt<u64>(b & ai);
          nob += popcnt<u64>(ai & aj);
        }
      }
      const c = counts + (k << 4);
      store<i32>(c, <i32>(nob - n1i - n1j + n11));
      store<i32>(c + 4, <i32>(n1j - n11));
      store<i32>(c + 8, <i32>(n1i - n11));
      store<i32>(c + 12, <i32>n11);
      k++;
    }
  }
}

// Flags per pair (bit set), returned in `flags`.
// 1: at least one empty cell (lavaan's zero.cell.flag); 2: two empty cells, ρ set to ±1;
// 4: ML estimate at the bound ±0.999; 8: no models with both items observed (ρ = NaN);
// 16: the root search did not converge (ρ = NaN); 32: set to 0 because n00·n11 = n01·n10;
// 64: both thresholds exactly 0, closed form −cos(2π n00/n).
export const TETRA_EMPTY_CELL: i32 = 1;
export const TETRA_TWO_EMPTY: i32 = 2;
export const TETRA_AT_BOUND: i32 = 4;
export const TETRA_NO_DATA: i32 = 8;
export const TETRA_NO_CONVERGENCE: i32 = 16;
export const TETRA_INDEPENDENT: i32 = 32;
export const TETRA_ZERO_THRESHOLDS: i32 = 64;

// lavaan's nlminb bounds for ρ: 0.999
const BOUND: f64 = 0.999;

// Cell probabilities at ρ, kept in a 4-double scratch for the derivative: P_c for c = 2·y_i + y_j,
// P(0,0) = Φ2(τ_i, τ_j; ρ), P(0,1) = Φ(τ_i) − P(0,0), P(1,0) = Φ(τ_j) − P(0,0), P(1,1) = the rest.
let probs: usize = 0;

function ensureScratch(): void {
  if (probs == 0) probs = heap.alloc(32);
}

// g(ρ) = Σ_c s_c n_c / P_c with s = (+, −, −, +): the score ∂ℓ/∂ρ divided by φ2 > 0. Decreasing in
// ρ, so its root is the ML estimate.
function scoreAt(n00: f64, n01: f64, n10: f64, n11: f64, ti: f64, tj: f64, pi0: f64, pj0: f64, r: f64): f64 {
  // Differences of Φ2 can round to ≤ 0 where the true probability is tiny (ρ near ±1): floor at
  // 1e-300 so an observed count there pulls the score the right way instead of flipping its sign.
  const p00 = Math.max(bvnCdf(ti, tj, r), 1e-300);
  const p01 = Math.max(pi0 - p00, 1e-300);
  const p10 = Math.max(pj0 - p00, 1e-300);
  const p11 = Math.max(1.0 - pi0 - pj0 + p00, 1e-300);
  store<f64>(probs, p00);
  store<f64>(probs + 8, p01);
  store<f64>(probs + 16, p10);
  store<f64>(probs + 24, p11);
  let g: f64 = 0.0;
  if (n00 > 0.0) g += n00 / p00;
  if (n01 > 0.0) g -= n01 / p01;
  if (n10 > 0.0) g -= n10 / p10;
  if (n11 > 0.0) g += n11 / p11;
  return g;
}

// g'(ρ) = −φ2 Σ_c n_c / P_c², from the probabilities of the last scoreAt call at the same ρ.
function dScore(n00: f64, n01: f64, n10: f64, n11: f64, ti: f64, tj: f64, r: f64): f64 {
  const p00 = load<f64>(probs);
  const p01 = load<f64>(probs + 8);
  const p10 = load<f64>(probs + 16);
  const p11 = load<f64>(probs + 24);
  let s: f64 = 0.0;
  if (n00 > 0.0) s += n00 / (p00 * p00);
  if (n01 > 0.0) s += n01 / (p01 * p01);
  if (n10 > 0.0) s += n10 / (p10 * p10);
  if (n11 > 0.0) s += n11 / (p11 * p11);
  return -bvnPdf(ti, tj, r) * s;
}

/**
 * ML tetrachoric correlation of one 2×2 table (cell 2·y_i + y_j), thresholds τ_i, τ_j fixed.
 * Returns ρ; the flags go to `flagOut` (i32).
 */
export function tetraRhoOne(c00: f64, c01: f64, c10: f64, c11: f64, ti: f64, tj: f64, flagOut: usize): f64 {
  ensureScratch();
  let flags: i32 = 0;
  let n00 = c00;
  let n01 = c01;
  let n10 = c10;
  let n11 = c11;
  const n = n00 + n01 + n10 + n11;
  if (!(n > 0.0)) {
    store<i32>(flagOut, TETRA_NO_DATA);
    return NaN;
  }
  let empty = 0;
  if (n00 == 0.0) empty++;
  if (n01 == 0.0) empty++;
  if (n10 == 0.0) empty++;
  if (n11 == 0.0) empty++;
  if (empty > 0) flags |= TETRA_EMPTY_CELL;
  if (empty == 2) {
    // lavaan: two empty cells → ρ = 1 if the (0, 0) cell is filled, else −1
    store<i32>(flagOut, flags | TETRA_TWO_EMPTY);
    return n00 > 0.0 ? 1.0 : -1.0;
  }
  if (empty == 1) {
    // zero.add = 0.5 with zero.keep.margins: add to the empty cell and its diagonal partner,
    // subtract from the other two.
    if (n00 == 0.0 || n11 == 0.0) {
      n00 += 0.5;
      n11 += 0.5;
      n01 -= 0.5;
      n10 -= 0.5;
    } else {
      n00 -= 0.5;
      n11 -= 0.5;
      n01 += 0.5;
      n10 += 0.5;
    }
  }
  if (n00 * n11 == n01 * n10) {
    store<i32>(flagOut, flags | TETRA_INDEPENDENT);
    return 0.0;
  }
  if (ti == 0.0 && tj == 0.0) {
    store<i32>(flagOut, flags | TETRA_ZERO_THRESHOLDS);
    // 2π = 6.283185307179586
    return -Math.cos((6.283185307179586 * n00) / (n00 + n01 + n10 + n11));
  }
  const pi0 = normCdf(ti);
  const pj0 = normCdf(tj);
  // Safeguarded Newton on g, bracket [lo, hi] with g(lo) > 0 > g(hi). The ends start at lavaan's bounds
  // ±0.999 with the sign of g there not yet known: a bound is evaluated only when an iterate wants to
  // cross it (then ρ = bound if g has not changed sign), which saves two costly |ρ| ≥ 0.925 evaluations.
  let lo = -BOUND;
  let hi = BOUND;
  let loKnown = false;
  let hiKnown = false;
  // start: the cosine-pi approximation cos(π / (1 + sqrt(n00 n11 / (n01 n10))))
  let r = Math.cos(3.141592653589793 / (1.0 + Math.sqrt((n00 * n11) / (n01 * n10))));
  if (!(r > lo && r < hi)) r = 0.0;
  for (let it = 0; it < 200; it++) {
    const g = scoreAt(n00, n01, n10, n11, ti, tj, pi0, pj0, r);
    if (g == 0.0) {
      store<i32>(flagOut, flags);
      return r;
    }
    if (g > 0.0) {
      lo = r;
      loKnown = true;
    } else {
      hi = r;
      hiKnown = true;
    }
    const d = dScore(n00, n01, n10, n11, ti, tj, r);
    let next = r - g / d;
    if (!(next > lo && next < hi) || !isFinite(next)) {
      if (g > 0.0 && !hiKnown) {
        hiKnown = true;
        if (scoreAt(n00, n01, n10, n11, ti, tj, pi0, pj0, BOUND) >= 0.0) {
          store<i32>(flagOut, flags | TETRA_AT_BOUND);
          return BOUND;
        }
      } else if (g < 0.0 && !loKnown) {
        loKnown = true;
        if (scoreAt(n00, n01, n10, n11, ti, tj, pi0, pj0, -BOUND) <= 0.0) {
          store<i32>(flagOut, flags | TETRA_AT_BOUND);
          return -BOUND;
        }
      }
      next = 0.5 * (lo + hi);
    }
    if (Math.abs(next - r) <= 1e-15 * (1.0 + Math.abs(r)) || hi - lo <= 4e-16) {
      store<i32>(flagOut, flags);
      return next;
    }
    r = next;
  }
  store<i32>(flagOut, flags | TETRA_NO_CONVERGENCE);
  return NaN;
}

/**
 * ρ for every pair (vech order) from `tetraCounts` output and thresholds tau (f64 per item).
 * Pairs [k0, k1) only, so a job can be split across workers; rho/flags are indexed by k.
 */
export function tetraRho(nItems: i32, counts: usize, tau: usize, k0: i32, k1: i32, rho: usize, flags: usize): void {
  let k = 0;
  for (let j = 0; j < nItems - 1; j++) {
    if (k + (nItems - 1 - j) <= k0) {
      k += nItems - 1 - j;
      continue;
    }
    const tj = load<f64>(tau + (<usize>j << 3));
    for (let i = j + 1; i < nItems; i++) {
      if (k >= k1) return;
      if (k >= k0) {
        const c = counts + (<usize>k << 4);
        const r = tetraRhoOne(
          <f64>load<i32>(c), <f64>load<i32>(c + 4), <f64>load<i32>(c + 8), <f64>load<i32>(c + 12),
          load<f64>(tau + (<usize>i << 3)), tj, flags + (<usize>k << 2),
        );
        store<f64>(rho + (<usize>k << 3), r);
      }
      k++;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Score tables of the two-step estimates: the per-model influence F (N × p*) of every threshold and
// correlation takes one value per response state of its item(s) (0, 1, missing), so it is returned
// as value tables. lavaan 0.6.14 lav_samplestats_step2 (B⁻¹ with A11 = diag Σ SC.TH², A22 = diag
// Σ dx.rho², A21 = Σ dx.rho·dx.th; lav_bvord_cor_scores, lav_uvord_scores):
//   threshold j:     F = SC.TH_j / a11_j, SC.TH_j = φ(τ)/Φ(τ) (y = 0), −φ(τ)/(1 − Φ(τ)) (y = 1)
//   correlation k:   F = dx.rho/a22 − a21i/(a22·a11_i)·SC.TH_i − a21j/(a22·a11_j)·SC.TH_j
// A missing response contributes 0 to every score involving it (na.zero).
// Outputs: th[3j + c] (c = 0, 1, 2 = missing), pair[9k + 3ci + cj], gamma[p] = N·colSums(F²)
// (thresholds first, then correlations; = diag of lavaan's NACOV Γ).

// 1/sqrt(2π) = 0.398942280401432677939946059934
const INV_SQRT_2PI: f64 = 0.398942280401432677939946059934;

export function tetraScoreTables(
  nItems: i32, nModels: i32, counts: usize, itemCounts: usize, tau: usize, rho: usize,
  th: usize, pair: usize, gamma: usize, work: usize,
): void {
  const N = <f64>nModels;
  // thresholds; work[3j..3j+2] = SC.TH_j(0), SC.TH_j(1), a11_j
  for (let j = 0; j < nItems; j++) {
    const t = load<f64>(tau + (<usize>j << 3));
    const d = INV_SQRT_2PI * Math.exp(-0.5 * t * t);
    const s0 = d / normCdf(t);
    const s1 = -d / normCdf(-t);
    const a11 = <f64>load<i32>(itemCounts + (<usize>j << 3)) * s0 * s0 + <f64>load<i32>(itemCounts + (<usize>j << 3) + 4) * s1 * s1;
    const o = th + (<usize>(3 * j) << 3);
    store<f64>(o, s0 / a11);
    store<f64>(o + 8, s1 / a11);
    store<f64>(o + 16, 0.0);
    store<f64>(gamma + (<usize>j << 3), N / a11);
    store<f64>(work + (<usize>(3 * j) << 3), s0);
    store<f64>(work + (<usize>(3 * j + 1) << 3), s1);
    store<f64>(work + (<usize>(3 * j + 2) << 3), a11);
  }
  let k: usize = 0;
  for (let j = 0; j < nItems - 1; j++) {
    const tj = load<f64>(tau + (<usize>j << 3));
    const pj0 = normCdf(tj);
    const fj = INV_SQRT_2PI * Math.exp(-0.5 * tj * tj);
    const scj0 = load<f64>(work + (<usize>(3 * j) << 3));
    const scj1 = load<f64>(work + (<usize>(3 * j + 1) << 3));
    const a11j = load<f64>(work + (<usize>(3 * j + 2) << 3));
    const n0j = <f64>load<i32>(itemCounts + (<usize>j << 3));
    const n1j = <f64>load<i32>(itemCounts + (<usize>j << 3) + 4);
    for (let i = j + 1; i < nItems; i++) {
      const ti = load<f64>(tau + (<usize>i << 3));
      const pi0 = normCdf(ti);
      const fi = INV_SQRT_2PI * Math.exp(-0.5 * ti * ti);
      const sci0 = load<f64>(work + (<usize>(3 * i) << 3));
      const sci1 = load<f64>(work + (<usize>(3 * i + 1) << 3));
      const a11i = load<f64>(work + (<usize>(3 * i + 2) << 3));
      let r = load<f64>(rho + (k << 3));
      if (!isFinite(r)) r = 0.0;
      const c = counts + (k << 4);
      const n00 = <f64>load<i32>(c);
      const n01 = <f64>load<i32>(c + 4);
      const n10 = <f64>load<i32>(c + 8);
      const n11 = <f64>load<i32>(c + 12);
      // cells c = 2·y_i + y_j: ∂P/∂ρ = (+, −, −, +)·φ2; ∂P/∂τ_i = (g_i, φ_i − g_i, −g_i, −(φ_i − g_i));
      // ∂P/∂τ_j = (g_j, −g_j, φ_j − g_j, −(φ_j − g_j)), g_i = ∂P00/∂τ_i = φ_i·Φ((τ_j − ρτ_i)/√(1−ρ²)).
      // At ρ = ±1 (two empty cells) lavaan's limits: P at ρ = ±1, φ2 at ±0.9999 (its dbinorm clamp),
      // and each Φ bracket of ∂P/∂τ replaced by 1/2 (lav_bvord_cor_scores_cache, R = 0 branch), i.e.
      // ∂P/∂τ_i = ±φ_i/2 by y_i; a cell without models contributes nothing and gets the value 0.
      let p00: f64, p01: f64, p10: f64, p11: f64, phi2: f64;
      let di0: f64, di1: f64, di2: f64, di3: f64, dj0: f64, dj1: f64, dj2: f64, dj3: f64;
      if (r >= 1.0 || r <= -1.0) {
        p00 = bvnCdf(ti, tj, r);
        p01 = pi0 - p00;
        p10 = pj0 - p00;
        p11 = 1.0 - pi0 - pj0 + p00;
        // 0.9999: lavaan's RHO.limit in dbinorm
        phi2 = bvnPdf(ti, tj, r > 0.0 ? 0.9999 : -0.9999);
        di0 = 0.5 * fi;
        di1 = 0.5 * fi;
        di2 = -0.5 * fi;
        di3 = -0.5 * fi;
        dj0 = 0.5 * fj;
        dj1 = -0.5 * fj;
        dj2 = 0.5 * fj;
        dj3 = -0.5 * fj;
      } else {
        const R = Math.sqrt(1.0 - r * r);
        p00 = Math.max(bvnCdf(ti, tj, r), 1e-300);
        p01 = Math.max(pi0 - p00, 1e-300);
        p10 = Math.max(pj0 - p00, 1e-300);
        p11 = Math.max(1.0 - pi0 - pj0 + p00, 1e-300);
        phi2 = bvnPdf(ti, tj, r);
        const gi = fi * normCdf((tj - r * ti) / R);
        const gj = fj * normCdf((ti - r * tj) / R);
        di0 = gi;
        di1 = fi - gi;
        di2 = -gi;
        di3 = -(fi - gi);
        dj0 = gj;
        dj1 = -gj;
        dj2 = fj - gj;
        dj3 = -(fj - gj);
      }
      // a cell no model falls in never enters F: its ∂ log P/∂ρ is set to 0 (finite tables)
      const dr0 = n00 > 0.0 ? phi2 / p00 : 0.0;
      const dr1 = n01 > 0.0 ? -phi2 / p01 : 0.0;
      const dr2 = n10 > 0.0 ? -phi2 / p10 : 0.0;
      const dr3 = n11 > 0.0 ? phi2 / p11 : 0.0;
      const a22 = n00 * dr0 * dr0 + n01 * dr1 * dr1 + n10 * dr2 * dr2 + n11 * dr3 * dr3;
      let a21i: f64 = 0.0;
      let a21j: f64 = 0.0;
      if (n00 > 0.0) { a21i += n00 * dr0 * (di0 / p00); a21j += n00 * dr0 * (dj0 / p00); }
      if (n01 > 0.0) { a21i += n01 * dr1 * (di1 / p01); a21j += n01 * dr1 * (dj1 / p01); }
      if (n10 > 0.0) { a21i += n10 * dr2 * (di2 / p10); a21j += n10 * dr2 * (dj2 / p10); }
      if (n11 > 0.0) { a21i += n11 * dr3 * (di3 / p11); a21j += n11 * dr3 * (dj3 / p11); }
      const bi = a21i / (a22 * a11i);
      const bj = a21j / (a22 * a11j);
      const ui0 = -bi * sci0;
      const ui1 = -bi * sci1;
      const uj0 = -bj * scj0;
      const uj1 = -bj * scj1;
      const f00 = dr0 / a22 + ui0 + uj0;
      const f01 = dr1 / a22 + ui0 + uj1;
      const f10 = dr2 / a22 + ui1 + uj0;
      const f11 = dr3 / a22 + ui1 + uj1;
      const o = pair + ((k * 9) << 3);
      store<f64>(o, f00);
      store<f64>(o + 8, f01);
      store<f64>(o + 16, ui0);
      store<f64>(o + 24, f10);
      store<f64>(o + 32, f11);
      store<f64>(o + 40, ui1);
      store<f64>(o + 48, uj0);
      store<f64>(o + 56, uj1);
      store<f64>(o + 64, 0.0);
      // models with only one of the two items observed
      const n0i = <f64>load<i32>(itemCounts + (<usize>i << 3));
      const n1i = <f64>load<i32>(itemCounts + (<usize>i << 3) + 4);
      const onlyI0 = n0i - n00 - n01;
      const onlyI1 = n1i - n10 - n11;
      const onlyJ0 = n0j - n00 - n10;
      const onlyJ1 = n1j - n01 - n11;
      const ss = n00 * f00 * f00 + n01 * f01 * f01 + n10 * f10 * f10 + n11 * f11 * f11 +
        onlyI0 * ui0 * ui0 + onlyI1 * ui1 * ui1 + onlyJ0 * uj0 * uj0 + onlyJ1 * uj1 * uj1;
      store<f64>(gamma + ((<usize>nItems + k) << 3), N * ss);
      k++;
    }
  }
}
