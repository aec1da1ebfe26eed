// The lavaan-style syntax subset and the structure builders (no fitting).
import { describe, expect, it } from 'vitest';
import { buildParTable, buildStructure, parseCfaSyntax, STRUCTURES } from '../src/cfa/index.js';
import { InputError } from '../src/util/errors.js';

const items = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].map((id) => ({ id, benchmark: id[0]!, extra: {} }));

function errorOf(text: string): InputError {
  try {
    const spec = parseCfaSyntax(text, 'm.lav');
    buildParTable(spec, items.map((i) => i.id), 'm.lav');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('cfa syntax', () => {
  it('parses loadings, fixed values, covariances, comments, continuation lines and ;', () => {
    const m = parseCfaSyntax('# two factors\nf =~ a1 + a2 +\n     0.5*a3\ng =~ b1 + b2 + b3 ; f ~~ 0*g\na1 ~~ b1 ! residual');
    expect(m.loadings.map((l) => `${l.latent}=~${l.indicator}${l.fixed !== undefined ? `@${l.fixed}` : ''}`)).toEqual(['f=~a1', 'f=~a2', 'f=~a3@0.5', 'g=~b1', 'g=~b2', 'g=~b3']);
    expect(m.covariances).toEqual([{ a: 'f', b: 'g', fixed: 0 }, { a: 'a1', b: 'b1' }]);
    const pt = buildParTable(m, items.map((i) => i.id));
    expect(pt.params.filter((p) => p.kind === 'loading')).toHaveLength(5);
    expect(pt.params.filter((p) => p.kind === 'lvcov')).toHaveLength(0); // fixed to 0
    expect(pt.params.filter((p) => p.kind === 'rescov').map((p) => p.label)).toEqual(['b1~~a1']);
    expect(pt.params.filter((p) => p.kind === 'threshold')).toHaveLength(6);
  });

  it('frees covariances of exogenous latents by default (lavaan cfa())', () => {
    const pt = buildParTable(parseCfaSyntax('f =~ a1 + a2 + a3\ng =~ b1 + b2 + b3'), items.map((i) => i.id));
    expect(pt.params.filter((p) => p.kind === 'lvcov').map((p) => p.label)).toEqual(['f~~g']);
  });

  it('points at the offending token', () => {
    let e = errorOf('f =~ a1 + a2\ng ~ b1');
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(e.detail).toMatch(/not supported/);
    e = errorOf('f =~ a1 + + a2');
    expect([e.line, e.column]).toEqual([1, 11]);
    e = errorOf('f =~ a1 a2');
    expect([e.line, e.column]).toEqual([1, 9]);
    e = errorOf('f =~ a1 + lbl*a2');
    expect([e.line, e.column]).toEqual([1, 11]);
    e = errorOf('f =~ a1 + a2 + zz9');
    expect([e.line, e.column]).toEqual([1, 16]);
    expect(e.detail).toMatch(/zz9/);
    e = errorOf('f =~ a1 + a2 + a3\nf ~~ f');
    expect([e.line, e.column]).toEqual([2, 6]);
    e = errorOf('f =~ a1 + a2 +');
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/^m\.lav:1/);
  });

  it('builds the six structures with the expected parameter counts (6 items, 2 benchmarks)', () => {
    const count = (s: (typeof STRUCTURES)[number]) => {
      const pt = buildParTable(buildStructure(s, items), items.map((i) => i.id));
      return { s: pt.nStruct, lv: pt.params.filter((p) => p.kind === 'lvcov').length, reg: pt.params.filter((p) => p.kind === 'regression').length };
    };
    expect(count('independent')).toEqual({ s: 6, lv: 0, reg: 0 });
    expect(count('general')).toEqual({ s: 6, lv: 0, reg: 0 });
    expect(count('second-order')).toEqual({ s: 8, lv: 0, reg: 2 });
    expect(count('correlated')).toEqual({ s: 7, lv: 1, reg: 0 });
    expect(count('bifactor')).toEqual({ s: 12, lv: 0, reg: 0 });
    expect(count('bifactor-correlated')).toEqual({ s: 13, lv: 1, reg: 0 });
  });
});
