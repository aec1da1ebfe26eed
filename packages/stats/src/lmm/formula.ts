// Stage 1 of the mixed-model fit: parse the lme4 formula subset users type.
// Reference: lme4's formula syntax (Bates et al. 2015, JSS 67(1), section 2.1, Table 2):
//   y ~ x1 + x2 + f + (1|a) + (1|b) + (1 + x || c) + (1 + x | c) + (0 + x | c) + (1|a/b) + (1|a:b)
// Supported: fixed main effects (numeric covariates; string columns as factors with treatment
// contrasts), numeric × numeric interactions `x1:x2` and `x1*x2`, `0`/`-1` to drop the intercept,
// random terms `(lhs | g)` (correlated) and `(lhs || g)` (uncorrelated: split into one term per
// column, as lme4 does), nesting `a/b` → `a` + `b:a` (lme4's naming), interactions of grouping factors `a:b`.
// Anything else is an error naming the column of the offending token.
import { InputError } from '../util/errors.js';

export interface RandomTermSpec {
  /** Columns of the term's model matrix: '(Intercept)' and/or numeric variable names. */
  columns: string[];
  /** Grouping factor: one name, or several joined by ':' (interaction). */
  group: string[];
  /** Text of the term as printed in summaries, e.g. "(1 | benchmark)". */
  label: string;
}

export interface FixedTermSpec {
  /** Variables multiplied together (length 1 for a main effect). */
  vars: string[];
}

export interface ParsedFormula {
  response: string;
  intercept: boolean;
  fixed: FixedTermSpec[];
  random: RandomTermSpec[];
  text: string;
}

interface Token {
  kind: 'name' | 'num' | 'op';
  text: string;
  col: number; // 1-based column in the formula text
}

function formulaError(text: string, col: number, detail: string): InputError {
  return new InputError('formula', 0, col, `${detail}\n  ${text}\n  ${' '.repeat(Math.max(0, col - 1))}^`);
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '|' && text[i + 1] === '|') {
      out.push({ kind: 'op', text: '||', col: i + 1 });
      i += 2;
      continue;
    }
    if ('~+-*:/|()'.includes(ch)) {
      out.push({ kind: 'op', text: ch, col: i + 1 });
      i++;
      continue;
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw formulaError(text, i + 1, 'unterminated backquoted name');
      out.push({ kind: 'name', text: text.slice(i + 1, end), col: i + 1 });
      i = end + 1;
      continue;
    }
    const num = /^[0-9]+(\.[0-9]*)?/.exec(text.slice(i));
    if (num) {
      out.push({ kind: 'num', text: num[0], col: i + 1 });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z._][A-Za-z0-9._]*/.exec(text.slice(i));
    if (name) {
      out.push({ kind: 'name', text: name[0], col: i + 1 });
      i += name[0].length;
      continue;
    }
    throw formulaError(text, i + 1, `unsupported character '${ch}' (supported: names, 0, 1, + - * : / | || ( ) ~)`);
  }
  return out;
}

/** Parse a formula such as `score ~ 1 + x + (1|benchmark) + (1 + x || c)`. */
export function parseFormula(text: string): ParsedFormula {
  const toks = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => toks[pos];
  const endCol = text.length + 1;
  const expect = (t: string): Token => {
    const k = toks[pos];
    if (!k || k.text !== t) throw formulaError(text, k ? k.col : endCol, `expected '${t}'${k ? ` but found '${k.text}'` : ' at the end'}`);
    pos++;
    return k;
  };
  const name = (what: string): Token => {
    const k = toks[pos];
    if (!k || k.kind !== 'name') throw formulaError(text, k ? k.col : endCol, `expected ${what}${k ? ` but found '${k.text}'` : ' at the end'}`);
    pos++;
    // function calls such as log(x) are not supported
    if (toks[pos]?.text === '(') throw formulaError(text, k.col, `function calls such as '${k.text}(…)' are not supported: compute the column in the data first`);
    return k;
  };

  const resp = name('the response variable name before ~');
  expect('~');
  let intercept = true;
  const fixed: FixedTermSpec[] = [];
  const random: RandomTermSpec[] = [];
  let sign = 1;
  let first = true;
  while (pos < toks.length) {
    if (!first) {
      const op = peek()!;
      if (op.text === '+') sign = 1;
      else if (op.text === '-') sign = -1;
      else throw formulaError(text, op.col, `expected '+' or '-' between terms but found '${op.text}'`);
      pos++;
    } else if (peek()?.text === '-') {
      sign = -1;
      pos++;
    }
    first = false;
    const t = peek();
    if (!t) throw formulaError(text, endCol, 'formula ends with an operator');
    if (t.kind === 'num') {
      pos++;
      if (t.text === '1') intercept = sign > 0;
      else if (t.text === '0') {
        if (sign < 0) throw formulaError(text, t.col, "'- 0' is not supported");
        intercept = false;
      } else throw formulaError(text, t.col, `numeric term '${t.text}' is not supported (only 0 and 1)`);
      continue;
    }
    if (t.text === '(') {
      if (sign < 0) throw formulaError(text, t.col, 'a random-effects term cannot be subtracted');
      pos++;
      random.push(...parseRandom());
      continue;
    }
    if (t.kind !== 'name') throw formulaError(text, t.col, `unexpected '${t.text}'`);
    if (sign < 0) throw formulaError(text, t.col, `removing the term '${t.text}' with '-' is not supported`);
    // fixed term: a, a:b, a*b
    const vars = [name('a variable name').text];
    let star = false;
    while (peek() && (peek()!.text === ':' || peek()!.text === '*')) {
      const op = toks[pos++]!;
      if (op.text === '*') star = true;
      vars.push(name(`a variable name after '${op.text}'`).text);
    }
    if (star) {
      // a*b*c → all main effects and interactions (R's crossing), in R's order of degree
      const subsets: string[][] = [];
      const n = vars.length;
      for (let mask = 1; mask < 1 << n; mask++) {
        const s: string[] = [];
        for (let j = 0; j < n; j++) if (mask & (1 << j)) s.push(vars[j]!);
        subsets.push(s);
      }
      subsets.sort((a, b) => a.length - b.length);
      for (const s of subsets) addFixed(s);
    } else addFixed(vars);
  }
  return { response: resp.text, intercept, fixed, random, text };

  function addFixed(vars: string[]): void {
    const key = [...vars].sort().join(':');
    if (!fixed.some((f) => [...f.vars].sort().join(':') === key)) fixed.push({ vars });
  }

  function parseRandom(): RandomTermSpec[] {
    const open = toks[pos - 1]!;
    // lhs: terms 0, 1, names joined by +
    let hasIntercept = true;
    const vars: string[] = [];
    let lhsFirst = true;
    for (;;) {
      const t = peek();
      if (!t) throw formulaError(text, endCol, "unterminated random-effects term: expected '|' and ')'");
      if (t.text === '|' || t.text === '||') break;
      if (!lhsFirst) {
        if (t.text !== '+') throw formulaError(text, t.col, `expected '+' or '|' inside the random-effects term but found '${t.text}'`);
        pos++;
      }
      lhsFirst = false;
      const u = peek();
      if (!u) throw formulaError(text, endCol, 'unterminated random-effects term');
      if (u.kind === 'num') {
        pos++;
        if (u.text === '0') hasIntercept = false;
        else if (u.text === '1') hasIntercept = true;
        else throw formulaError(text, u.col, `numeric term '${u.text}' is not supported (only 0 and 1)`);
      } else if (u.kind === 'name') {
        const v = name('a variable name').text;
        if (peek()?.text === ':' || peek()?.text === '*')
          throw formulaError(text, peek()!.col, 'interactions inside the left-hand side of a random-effects term are not supported');
        vars.push(v);
      } else throw formulaError(text, u.col, `unexpected '${u.text}' in the random-effects term`);
    }
    const bar = toks[pos++]!;
    // grouping: a, a:b, a/b
    const parts: { names: string[]; nested: boolean }[] = [];
    let cur: string[] = [name('a grouping factor name after the bar').text];
    for (;;) {
      const t = peek();
      if (!t) throw formulaError(text, endCol, "unterminated random-effects term: expected ')'");
      if (t.text === ')') {
        pos++;
        break;
      }
      if (t.text === ':') {
        pos++;
        cur.push(name("a grouping factor name after ':'").text);
      } else if (t.text === '/') {
        pos++;
        parts.push({ names: cur, nested: false });
        cur = [name("a grouping factor name after '/'").text];
      } else throw formulaError(text, t.col, `unexpected '${t.text}' in the grouping factor of the random-effects term`);
    }
    parts.push({ names: cur, nested: false });
    // a/b/c → a, b:a, c:b:a (lme4's expandSlash names the inner factor first)
    const groups: string[][] = [];
    let acc: string[] = [];
    for (const p of parts) {
      acc = [...p.names, ...acc];
      groups.push(acc);
    }
    const columns = [...(hasIntercept ? ['(Intercept)'] : []), ...vars];
    if (columns.length === 0) throw formulaError(text, open.col, 'random-effects term has no columns (0 and no variables)');
    const out: RandomTermSpec[] = [];
    for (const g of groups) {
      const gl = g.join(':');
      if (bar.text === '||') {
        for (const c of columns) {
          const lhs = c === '(Intercept)' ? '1' : `0 + ${c}`;
          out.push({ columns: [c], group: g, label: `(${lhs} | ${gl})` });
        }
      } else {
        const lhs = columns.map((c) => (c === '(Intercept)' ? '1' : c)).join(' + ');
        out.push({ columns, group: g, label: `(${hasIntercept ? lhs : `0 + ${lhs}`} | ${gl})` });
      }
    }
    return out;
  }
}
