// The audit's texts in the page's terms. audit.json keeps the command line's words (so that it is the same
// bytes in both faces: a large input's size note says "give --full-defaults (or the option itself: --pv 10,
// --scaling-replicates 4)"); the page shows the same sentence with its own controls' names instead.
const FLAGS: [RegExp, string][] = [
  [/--full-defaults\b/g, '“full sizes on large data”'],
  [/--pv(?: (\d+))?\b/g, '“plausible values”$1'],
  [/--scaling-replicates(?: (\d+))?\b/g, '“slope-reliability replicates”$1'],
  [/--draws(?: (\d+))?\b/g, '“rank draws”$1'],
  [/--workers(?: (\d+))?\b/g, '“audit workers”$1'],
  [/--model-col\b/g, '“model-id column”'],
  [/--items-per-benchmark\b/g, '“items per benchmark”'],
  [/--seed\b/g, '“seed”'],
  [/--structures\b/g, '“structures”'],
  [/--no-mi\b/g, 'unticking “modification indices”'],
  [/--(bootstrap|permutations|folds)\b/g, 'robustness “$1”'],
  [/--(responses|items|models|scores|leaderboard)\b/g, 'a $1 file'],
];

/** A sentence of the audit with each command-line flag named by the page control that does the same. */
export function pageWords(text: string): string {
  let t = text;
  for (const [re, to] of FLAGS) t = t.replace(re, (_m, n: string | undefined) => to.replace('$1', n !== undefined && /^\d+$/.test(n) ? ` ${n}` : (n ?? '')));
  return t;
}
