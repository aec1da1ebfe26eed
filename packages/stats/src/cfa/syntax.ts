// A lavaan-style model syntax subset (lavaan::lavParseModelString, `?model.syntax`):
//   f =~ x1 + x2 + 0.5*x3      loadings (free, or fixed with a numeric modifier)
//   f ~~ 0*g                   a fixed latent covariance
//   f ~~ h                     a free latent covariance
//   x1 ~~ x2                   a free residual covariance between two items
// Statements end at a newline or `;`; a line ending in `+` continues on the next; `#` and `!` start
// comments. Errors are InputErrors pointing at the offending token (1-based line and column).
import { InputError } from '../util/errors.js';
import type { CovarianceSpec, LoadingSpec, ModelSpec } from './spec.js';

interface Token {
  kind: 'word' | '=~' | '~~' | '+' | '*' | 'op';
  text: string;
  line: number;
  column: number;
}

export interface SyntaxPosition {
  line: number;
  column: number;
}

/** A spec whose entries remember where they were written, so later stages can point at them. */
export interface ParsedModel extends ModelSpec {
  positions: Map<LoadingSpec | CovarianceSpec, SyntaxPosition>;
}

function tokenizeLine(text: string, line: number, file: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '=~' || two === '~~') {
      out.push({ kind: two, text: two, line, column: i + 1 });
      i += 2;
      continue;
    }
    if (c === '+' || c === '*') {
      out.push({ kind: c, text: c, line, column: i + 1 });
      i++;
      continue;
    }
    if (c === '~' || c === '=' || c === '<' || c === '>' || c === ':' || c === '|' || c === '(' || c === ')' || c === ',') {
      // Regressions (~), constraints (==, <, >), defined parameters (:=), thresholds (|) and labels are outside the subset.
      let j = i + 1;
      while (j < text.length && '~=<>:|'.includes(text[j]!)) j++;
      throw new InputError(file, line, i + 1, `'${text.slice(i, j)}' is not supported (supported: '=~' loadings, '~~' covariances, numeric fixed values 'v*name')`);
    }
    let j = i;
    while (j < text.length && !' \t\r+*~=<>:|(),'.includes(text[j]!)) j++;
    out.push({ kind: 'word', text: text.slice(i, j), line, column: i + 1 });
    i = j;
  }
  return out;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Parses lavaan-style syntax (the subset above) into a model spec. `file` names the source in errors. */
export function parseCfaSyntax(text: string, file = '<model>'): ParsedModel {
  const positions = new Map<LoadingSpec | CovarianceSpec, SyntaxPosition>();
  const loadings: LoadingSpec[] = [];
  const covariances: CovarianceSpec[] = [];
  // Split into statements, joining continuation lines (a line that ends with '+' or '=~'/'~~').
  const rawLines = text.split('\n');
  const statements: Token[][] = [];
  let pending: Token[] = [];
  rawLines.forEach((raw, idx) => {
    const noComment = raw.replace(/[#!].*$/, '');
    for (const part of splitKeepColumns(noComment)) {
      const toks = tokenizeLine(part.text, idx + 1, file).map((t) => ({ ...t, column: t.column + part.offset }));
      if (toks.length === 0) continue;
      pending.push(...toks);
      const last = pending[pending.length - 1]!;
      if (last.kind === '+' || last.kind === '=~' || last.kind === '~~' || last.kind === '*') continue;
      statements.push(pending);
      pending = [];
    }
  });
  if (pending.length > 0) {
    const last = pending[pending.length - 1]!;
    throw new InputError(file, last.line, last.column, `statement ends with '${last.text}'`);
  }
  for (const st of statements) {
    const lhs = st[0]!;
    if (lhs.kind !== 'word') throw new InputError(file, lhs.line, lhs.column, `expected a variable name, found '${lhs.text}'`);
    if (NUMBER.test(lhs.text)) throw new InputError(file, lhs.line, lhs.column, `expected a variable name, found the number '${lhs.text}'`);
    const op = st[1];
    if (op === undefined) throw new InputError(file, lhs.line, lhs.column + lhs.text.length, `expected '=~' or '~~' after '${lhs.text}'`);
    if (op.kind !== '=~' && op.kind !== '~~') throw new InputError(file, op.line, op.column, `expected '=~' or '~~', found '${op.text}'`);
    // rhs: term ('+' term)*, term = [number '*'] word
    let k = 2;
    if (k >= st.length) throw new InputError(file, op.line, op.column + 2, `expected a variable after '${op.text}'`);
    for (;;) {
      let fixed: number | undefined;
      let tok = st[k]!;
      if (tok.kind !== 'word') throw new InputError(file, tok.line, tok.column, `expected a variable name, found '${tok.text}'`);
      if (st[k + 1]?.kind === '*') {
        if (tok.text === 'NA') fixed = undefined;
        else if (NUMBER.test(tok.text)) fixed = Number(tok.text);
        else throw new InputError(file, tok.line, tok.column, `a modifier before '*' must be a number (labels and starting values are not supported), found '${tok.text}'`);
        k += 2;
        tok = st[k]!;
        if (tok === undefined) throw new InputError(file, st[k - 1]!.line, st[k - 1]!.column + 1, `expected a variable after '*'`);
        if (tok.kind !== 'word') throw new InputError(file, tok.line, tok.column, `expected a variable name, found '${tok.text}'`);
      }
      if (NUMBER.test(tok.text)) throw new InputError(file, tok.line, tok.column, `expected a variable name, found the number '${tok.text}' (a fixed value needs '*': '${tok.text}*name')`);
      const pos = { line: tok.line, column: tok.column };
      if (op.kind === '=~') {
        if (tok.text === lhs.text) throw new InputError(file, tok.line, tok.column, `'${lhs.text}' cannot be its own indicator`);
        const spec: LoadingSpec = fixed === undefined ? { latent: lhs.text, indicator: tok.text } : { latent: lhs.text, indicator: tok.text, fixed };
        loadings.push(spec);
        positions.set(spec, pos);
      } else {
        if (tok.text === lhs.text) {
          if (fixed !== 1) throw new InputError(file, tok.line, tok.column, `variances are fixed to 1 (std.lv, delta parameterization); '${lhs.text} ~~ ${tok.text}' can only be written as '${lhs.text} ~~ 1*${lhs.text}'`);
        } else {
          const spec: CovarianceSpec = fixed === undefined ? { a: lhs.text, b: tok.text } : { a: lhs.text, b: tok.text, fixed };
          covariances.push(spec);
          positions.set(spec, pos);
        }
      }
      k++;
      if (k >= st.length) break;
      const plus = st[k]!;
      if (plus.kind !== '+') throw new InputError(file, plus.line, plus.column, `expected '+' or the end of the statement, found '${plus.text}'`);
      k++;
      if (k >= st.length) throw new InputError(file, plus.line, plus.column, `expected a variable after '+'`);
    }
  }
  if (loadings.length === 0) throw new InputError(file, 0, 0, 'the model defines no latent variable (no "=~" statement)');
  return { name: 'custom', loadings, covariances, orthogonal: false, positions };
}

/** Splits a line at ';' keeping each part's column offset. */
function splitKeepColumns(line: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === ';') {
      out.push({ text: line.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  return out;
}
