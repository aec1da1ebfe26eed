// Stage 4 of the mixed-model fit: minimize the profiled deviance over θ subject to lower bounds
// (0 on the diagonal of each relative covariance factor). Derivative-free in the sense that only
// deviance values are used: gradients by central differences (the profiled deviance is a smooth
// function of θ on all of ℝᵐ, so differences may straddle the bound), a projected quasi-Newton
// iteration with Bertsekas' (1982, SIAM J. Control Optim. 20:221–246) treatment of the active
// bounds and BFGS updates of the free block, started from the axis curvatures (a diagonal
// preconditioner: θs of factors with 4 and with 4,500 levels differ in curvature by orders of
// magnitude), forward differences far from the optimum and central ones near it. Converges far
// tighter than lme4's default
// BOBYQA settings (the REML surface is flat along factors with few levels).

export interface OptimResult {
  x: Float64Array;
  fval: number;
  evaluations: number;
  iterations: number;
  converged: boolean;
  messages: string[];
}

/** One iteration of the minimizer, for a caller that wants to trace it (the library never prints). */
export interface OptimIteration {
  iteration: number;
  fval: number;
  /** Step length accepted by the line search. */
  alpha: number;
  evaluations: number;
  /** Central (true) or forward differences for the gradient. */
  central: boolean;
  x: Float64Array;
}

export interface OptimOptions {
  maxIterations?: number;
  /** Stop when the projected gradient's largest entry is below this. */
  gradTol?: number;
  /** Called after every iteration (e.g. a debugging trace). */
  onIteration?: (it: OptimIteration) => void;
}

export function minimizeBounded(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  lower: ArrayLike<number>,
  opts: OptimOptions = {},
): OptimResult {
  const m = x0.length;
  const maxIt = opts.maxIterations ?? 500;
  const gtol = opts.gradTol ?? 1e-6;
  let evals = 0;
  const messages: string[] = [];
  const F = (x: Float64Array): number => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const proj = (x: Float64Array): Float64Array => {
    for (let i = 0; i < m; i++) if (x[i]! < lower[i]!) x[i] = lower[i]!;
    return x;
  };
  const step = (x: number): number => 1e-5 * Math.max(1e-1, Math.abs(x)); // relative step, floor 1e-6
  // central differences near the optimum; forward differences (half the evaluations) while the
  // deviance still drops by more than 1e-2 per iteration
  let central = false;
  // curvature along each axis from the last central differences (for a diagonal preconditioner)
  const curv = new Float64Array(m).fill(NaN);
  const grad = (x: Float64Array, fx0?: number): Float64Array => {
    const g = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const h = step(x[i]!);
      const xp = Float64Array.from(x);
      xp[i] = x[i]! + h;
      if (!central && fx0 !== undefined) {
        g[i] = (F(xp) - fx0) / h;
        continue;
      }
      const xm = Float64Array.from(x);
      xm[i] = x[i]! - h;
      const fp = F(xp);
      const fm = F(xm);
      g[i] = (fp - fm) / (2 * h);
      if (fx0 !== undefined) curv[i] = (fp - 2 * fx0 + fm) / (h * h);
    }
    return g;
  };
  /** Initial inverse Hessian: diag(1/curvature) where the axis curvature is known and positive. */
  const initH = (): Float64Array => {
    const H0 = identity(m);
    let known = true;
    for (let i = 0; i < m; i++) if (!(curv[i]! > 1e-8)) known = false;
    if (known) for (let i = 0; i < m; i++) H0[i * m + i] = 1 / curv[i]!;
    return H0;
  };
  const isActive = (x: Float64Array, g: Float64Array, i: number): boolean => x[i]! <= lower[i]! + 1e-12 && g[i]! > 0;

  let x = proj(Float64Array.from(x0));
  let fx = F(x);
  if (!Number.isFinite(fx)) throw new Error('minimizeBounded: the deviance is not finite at the start values');
  central = true;
  let g = grad(x, fx);
  central = false;
  let H = initH();
  let Hinit = true;
  let converged = false;
  let it = 0;
  let small = 0;
  let restarts = 0;
  for (; it < maxIt; it++) {
    let pgMax = 0;
    for (let i = 0; i < m; i++) if (!isActive(x, g, i)) pgMax = Math.max(pgMax, Math.abs(g[i]!));
    if (pgMax < gtol) {
      if (!central) {
        central = true;
        g = grad(x, fx);
        H = initH();
        Hinit = true;
        continue;
      }
      // A scalar θ on its bound 0 has a zero derivative there (the deviance is even in it): make
      // sure 0 is a minimum along it, not a saddle, before stopping.
      const esc = escapeBound(x, fx);
      if (esc && restarts < 5) {
        restarts++;
        x = esc.x;
        fx = esc.f;
        g = grad(x, fx);
        H = initH();
        Hinit = true;
        continue;
      }
      converged = true;
      break;
    }
    let d = direction(H, g, x);
    if (Hinit) {
      // first (steepest-descent) step: at most 0.5 in any θ
      let mx = 0;
      for (let i = 0; i < m; i++) mx = Math.max(mx, Math.abs(d[i]!));
      if (mx > 0.5) for (let i = 0; i < m; i++) d[i]! *= 0.5 / mx;
    }
    let slope = 0;
    for (let i = 0; i < m; i++) slope += d[i]! * g[i]!;
    if (!(slope < 0)) {
      H = identity(m);
      Hinit = true;
      d = direction(H, g, x);
    }
    // projected backtracking line search (Armijo on the projected step)
    let alpha = 1;
    let xn = x;
    let fn = fx;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      const xt = new Float64Array(m);
      for (let i = 0; i < m; i++) xt[i] = x[i]! + alpha * d[i]!;
      proj(xt);
      let dec = 0;
      for (let i = 0; i < m; i++) dec += g[i]! * (xt[i]! - x[i]!);
      const ft = F(xt);
      if (ft <= fx + 1e-4 * Math.min(dec, 0)) {
        xn = xt;
        fn = ft;
        accepted = true;
        break;
      }
      alpha *= 0.5;
    }
    if (!accepted) {
      if (!Hinit) {
        H = initH();
        Hinit = true;
        continue;
      }
      if (!central) {
        central = true;
        g = grad(x, fx);
        H = initH();
        continue;
      }
      break; // no descent possible at the precision of the deviance
    }
    let switched = false;
    if (!central && fx - fn < 1e-2) {
      central = true;
      switched = true;
    }
    const gn = grad(xn, fn);
    const s = new Float64Array(m);
    const yv = new Float64Array(m);
    let sy = 0;
    let ss = 0;
    let yy = 0;
    for (let i = 0; i < m; i++) {
      s[i] = xn[i]! - x[i]!;
      yv[i] = gn[i]! - g[i]!;
      sy += s[i]! * yv[i]!;
      ss += s[i]! ** 2;
      yy += yv[i]! ** 2;
    }
    if (switched) {
      // central differences from here on: restart the quasi-Newton model from the axis curvatures
      H = initH();
      Hinit = true;
    } else if (sy > 1e-10 * Math.sqrt(ss * yy)) {
      bfgsUpdate(H, s, yv, sy);
      Hinit = false;
    }
    const df = fx - fn;
    opts.onIteration?.({ iteration: it, fval: fn, alpha, evaluations: evals, central, x: xn });
    x = xn;
    fx = fn;
    g = gn;
    // stop when two successive iterations gain less than 1e-10 relative (1e-7 on a deviance of 1000)
    if (central && df < 1e-10 * Math.max(1, Math.abs(fx))) {
      if (++small >= 2) {
        converged = true;
        break;
      }
    } else small = 0;
  }
  if (it >= maxIt) messages.push(`quasi-Newton stopped at the iteration limit (${maxIt})`);

  // Newton polishing on the free coordinates with a finite-difference Hessian.
  central = true;
  for (let pol = 0; pol < (converged ? 0 : 2); pol++) {
    const free: number[] = [];
    for (let i = 0; i < m; i++) if (!isActive(x, g, i)) free.push(i);
    if (free.length === 0) break;
    const Hs = fdHessian(F, x, free, step);
    const gf = free.map((i) => g[i]!);
    const dfree = solveSpd(Hs, gf);
    if (!dfree) break;
    const xt = Float64Array.from(x);
    free.forEach((i, a) => (xt[i] = x[i]! - dfree[a]!));
    proj(xt);
    const ft = F(xt);
    if (!(ft < fx)) break;
    const moved = Math.max(...free.map((i) => Math.abs(xt[i]! - x[i]!)));
    x = xt;
    fx = ft;
    g = grad(x);
    if (moved < 1e-10) break;
  }
  let pgMax = 0;
  for (let i = 0; i < m; i++) if (!isActive(x, g, i)) pgMax = Math.max(pgMax, Math.abs(g[i]!));
  converged = converged || pgMax < 10 * gtol;
  if (!converged) messages.push(`projected gradient ${pgMax.toExponential(2)} above the tolerance ${gtol.toExponential(0)}: the optimum may not have been reached`);
  return { x, fval: fx, evaluations: evals, iterations: it, converged, messages };

  function escapeBound(xv: Float64Array, fv: number): { x: Float64Array; f: number } | null {
    let best: { x: Float64Array; f: number } | null = null;
    for (let i = 0; i < m; i++) {
      if (!(lower[i] === 0 && xv[i]! <= 1e-8)) continue;
      for (const t of [1e-3, 1e-2, 0.1, 0.5]) {
        const xt = Float64Array.from(xv);
        xt[i] = t;
        const ft = F(xt);
        if (ft < fv - 1e-10 && (!best || ft < best.f)) best = { x: xt, f: ft };
      }
    }
    return best;
  }

  function direction(Hm: Float64Array, gv: Float64Array, xv: Float64Array): Float64Array {
    const act = new Uint8Array(m);
    for (let i = 0; i < m; i++) act[i] = isActive(xv, gv, i) ? 1 : 0;
    const d = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      if (act[i]) {
        d[i] = -gv[i]! * Hm[i * m + i]!;
        continue;
      }
      let s = 0;
      for (let j = 0; j < m; j++) if (!act[j]) s += Hm[i * m + j]! * gv[j]!;
      d[i] = -s;
    }
    return d;
  }
}

function identity(m: number): Float64Array {
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) H[i * m + i] = 1;
  return H;
}

/** Inverse-Hessian BFGS update (Nocedal & Wright 2006, eq. 6.17). */
function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, sy: number): void {
  const m = s.length;
  const Hy = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let t = 0;
    for (let j = 0; j < m; j++) t += H[i * m + j]! * y[j]!;
    Hy[i] = t;
  }
  let yHy = 0;
  for (let i = 0; i < m; i++) yHy += y[i]! * Hy[i]!;
  const r = 1 / sy;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++)
      H[i * m + j] += (1 + yHy * r) * r * s[i]! * s[j]! - r * (Hy[i]! * s[j]! + s[i]! * Hy[j]!);
}

/** Central-difference Hessian restricted to the coordinates in `idx`. */
export function fdHessian(
  F: (x: Float64Array) => number,
  x: Float64Array,
  idx: number[],
  step: (v: number) => number,
): Float64Array {
  const k = idx.length;
  const H = new Float64Array(k * k);
  const f0 = F(x);
  const at = (di: number, hi: number, dj: number, hj: number): number => {
    const xt = Float64Array.from(x);
    xt[idx[di]!] += hi;
    if (dj >= 0) xt[idx[dj]!] += hj;
    return F(xt);
  };
  const h = idx.map((i) => step(x[i]!) * 10);
  for (let a = 0; a < k; a++) {
    H[a * k + a] = (at(a, h[a]!, -1, 0) - 2 * f0 + at(a, -h[a]!, -1, 0)) / (h[a]! * h[a]!);
    for (let b = a + 1; b < k; b++) {
      const v =
        (at(a, h[a]!, b, h[b]!) - at(a, h[a]!, b, -h[b]!) - at(a, -h[a]!, b, h[b]!) + at(a, -h[a]!, b, -h[b]!)) /
        (4 * h[a]! * h[b]!);
      H[a * k + b] = v;
      H[b * k + a] = v;
    }
  }
  return H;
}

/** Solve H x = g for symmetric positive-definite H (Cholesky); null if not positive definite. */
export function solveSpd(H: Float64Array, g: ArrayLike<number>): Float64Array | null {
  const k = g.length;
  const L = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let d = H[j * k + j]!;
    for (let c = 0; c < j; c++) d -= L[j * k + c]! ** 2;
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = H[i * k + j]!;
      for (let c = 0; c < j; c++) s -= L[i * k + c]! * L[j * k + c]!;
      L[i * k + j] = s / ljj;
    }
  }
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = g[i]!;
    for (let c = 0; c < i; c++) s -= L[i * k + c]! * z[c]!;
    z[i] = s / L[i * k + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let c = i + 1; c < k; c++) s -= L[c * k + i]! * z[c]!;
    z[i] = s / L[i * k + i]!;
  }
  return z;
}
