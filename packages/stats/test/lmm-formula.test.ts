// Formula parser of the mixed-model engine: the lme4 subset, and clear errors pointing at the token.
import { describe, expect, it } from 'vitest';
import { parseFormula } from '../src/lmm/formula.js';
import { fitLmm } from '../src/lmm/fit.js';

describe('parseFormula', () => {
  it('expands || into one term per column and a/b into a + b:a (lme4 naming)', () => {
    const f = parseFormula('y ~ x + (1 + x || g) + (1|a/b) + (0 + x | h)');
    expect(f.fixed).toEqual([{ vars: ['x'] }]);
    expect(f.random.map((r) => r.label)).toEqual(['(1 | g)', '(0 + x | g)', '(1 | a)', '(1 | b:a)', '(0 + x | h)']);
    expect(f.random[3]!.group).toEqual(['b', 'a']);
  });
  it('reads -1 / 0 as no intercept and x*z as x + z + x:z', () => {
    expect(parseFormula('y ~ 0 + x + (1|g)').intercept).toBe(false);
    expect(parseFormula('y ~ x - 1 + (1|g)').intercept).toBe(false);
    expect(parseFormula('y ~ x*z + (1|g)').fixed.map((t) => t.vars.join(':'))).toEqual(['x', 'z', 'x:z']);
  });
  it('points at the offending token', () => {
    expect(() => parseFormula('y ~ log(x) + (1|g)')).toThrow(/column 5.*function calls/s);
    expect(() => parseFormula('y ~ x + (1|g')).toThrow(/unterminated/);
    expect(() => parseFormula('y ~ x + 2 + (1|g)')).toThrow(/column 9.*numeric term '2'/s);
    expect(() => parseFormula('y ~ x % z')).toThrow(/column 7.*unsupported character '%'/s);
  });
  it('rejects a formula without random effects and unknown columns', () => {
    expect(() => fitLmm({ y: [1, 2, 3], x: [1, 2, 3] }, 'y ~ x')).toThrow(/no random-effects term/);
    expect(() => fitLmm({ y: [1, 2, 3], g: ['a', 'b', 'a'] }, 'y ~ x + (1|g)')).toThrow(/column 'x'/);
  });
});
