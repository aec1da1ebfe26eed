// Standard normal distribution: density, CDF and quantile, scalar and vectorised over flat arrays.

// 1/sqrt(2*pi) = 0.398942280401432677939946059934
const M_1_SQRT_2PI: f64 = 0.398942280401432677939946059934;
// sqrt(32) = 5.656854249492380195206754896838
const M_SQRT_32: f64 = 5.656854249492380195206754896838;

export function normPdf(x: f64): f64 {
  return M_1_SQRT_2PI * Math.exp(-0.5 * x * x);
}

// Cody (1969), "Rational Chebyshev approximations for the error function", Math. Comp. 23:631-637,
// in the arrangement of R's pnorm_both (nmath/pnorm.c): full double precision in both tails.
// `upper` = 0 returns P(Z <= x), 1 returns P(Z > x) without cancellation.
export function normCdfTail(x: f64, upper: i32): f64 {
  let cum: f64 = 0.0;
  let ccum: f64 = 0.0;
  const y = Math.abs(x);
  if (isNaN(x)) return NaN;
  if (y <= 0.67448975) {
    let xnum: f64 = 0.0;
    let xden: f64 = 0.0;
    if (y > 1.1102230246251565e-16) {
      const xsq = x * x;
      xnum = 0.065682337918207449113 * xsq;
      xden = xsq;
      xnum = (xnum + 2.2352520354606839287) * xsq;
      xden = (xden + 47.20258190468824187) * xsq;
      xnum = (xnum + 161.02823106855587881) * xsq;
      xden = (xden + 976.09855173777669322) * xsq;
      xnum = (xnum + 1067.6894854603709582) * xsq;
      xden = (xden + 10260.932208618978205) * xsq;
    }
    const temp = (x * (xnum + 18154.981253343561249)) / (xden + 45507.789335026729956);
    cum = 0.5 + temp;
    ccum = 0.5 - temp;
  } else {
    let temp: f64;
    if (y <= M_SQRT_32) {
      let xnum = 1.0765576773720192317e-8 * y;
      let xden = y;
      xnum = (xnum + 0.39894151208813466764) * y;
      xden = (xden + 22.266688044328115691) * y;
      xnum = (xnum + 8.8831497943883759412) * y;
      xden = (xden + 235.38790178262499861) * y;
      xnum = (xnum + 93.506656132177855979) * y;
      xden = (xden + 1519.377599407554805) * y;
      xnum = (xnum + 597.27027639480026226) * y;
      xden = (xden + 6485.558298266760755) * y;
      xnum = (xnum + 2494.5375852903726711) * y;
      xden = (xden + 18615.571640885098091) * y;
      xnum = (xnum + 6848.1904505362823326) * y;
      xden = (xden + 34900.952721145977266) * y;
      xnum = (xnum + 11602.651437647350124) * y;
      xden = (xden + 38912.003286093271411) * y;
      temp = (xnum + 9842.7148383839780218) / (xden + 19685.429676859990727);
    } else {
      const xsq = 1.0 / (x * x);
      let xnum = 0.02307344176494017303 * xsq;
      let xden = xsq;
      xnum = (xnum + 0.21589853405795699) * xsq;
      xden = (xden + 1.28426009614491121) * xsq;
      xnum = (xnum + 0.1274011611602473639) * xsq;
      xden = (xden + 0.468238212480865118) * xsq;
      xnum = (xnum + 0.022235277870649807) * xsq;
      xden = (xden + 0.0659881378689285515) * xsq;
      xnum = (xnum + 0.001421619193227893466) * xsq;
      xden = (xden + 0.00378239633202758244) * xsq;
      temp = (xsq * (xnum + 2.9112874951168792e-5)) / (xden + 7.29751555083966205e-5);
      temp = (M_1_SQRT_2PI - temp) / y;
    }
    // exp(-y^2/2) split as in pnorm.c to keep the tail exact: y = xsq + (y - xsq), xsq = trunc(16y)/16
    const xsq = Math.trunc(y * 16.0) / 16.0;
    const del = (y - xsq) * (y + xsq);
    const small = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * temp;
    if (x > 0.0) {
      cum = 1.0 - small;
      ccum = small;
    } else {
      cum = small;
      ccum = 1.0 - small;
    }
  }
  return upper ? ccum : cum;
}

export function normCdf(x: f64): f64 {
  return normCdfTail(x, 0);
}

// Wichura (1988), Algorithm AS 241 (PPND16), Appl. Statist. 37:477-484: relative accuracy ~1e-16.
export function normQuantile(p: f64): f64 {
  if (isNaN(p) || p < 0.0 || p > 1.0) return NaN;
  if (p == 0.0) return -Infinity;
  if (p == 1.0) return Infinity;
  const q = p - 0.5;
  let val: f64;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    val =
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
          133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
        42.313330701600911252) * r + 1.0);
    return val;
  }
  let r = q < 0.0 ? p : 1.0 - p;
  r = Math.sqrt(-Math.log(r));
  if (r <= 5.0) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1.0);
  } else {
    r -= 5.0;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
        0.59983220655588793769) * r + 1.0);
  }
  return q < 0.0 ? -val : val;
}

// Vectorised forms over flat arrays: out[i] = f(x[i]). Pointers are byte offsets into memory.
export function normPdfVec(n: i32, x: usize, out: usize): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), normPdf(load<f64>(x + (<usize>i << 3))));
}
export function normCdfVec(n: i32, x: usize, out: usize): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), normCdf(load<f64>(x + (<usize>i << 3))));
}
export function normQuantileVec(n: i32, p: usize, out: usize): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), normQuantile(load<f64>(p + (<usize>i << 3))));
}
