// pageWords: the audit's command-line flags named by the page's controls (src/words.ts).
import { describe, expect, it } from 'vitest';
import { pageWords } from '../src/words.js';

describe('pageWords', () => {
  it("names the page's controls in the large-input note of audit.json", () => {
    const cli = 'for the full ones give --full-defaults (or the option itself: --pv 10, --scaling-replicates 4).';
    expect(pageWords(cli)).toBe('for the full ones give “full sizes on large data” (or the option itself: “plausible values” 10, “slope-reliability replicates” 4).');
  });
  it('leaves text without flags alone and names files and robustness options', () => {
    expect(pageWords('G = 0.922 -- a dash, x--y')).toBe('G = 0.922 -- a dash, x--y');
    expect(pageWords('--bootstrap R, --permutations P or --folds K; --models FILE')).toBe('robustness “bootstrap” R, robustness “permutations” P or robustness “folds” K; a models file FILE');
    expect(pageWords('--draws')).toBe('“rank draws”');
  });
});
