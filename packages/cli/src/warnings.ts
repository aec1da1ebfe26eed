// Warnings of a command, shown once on stderr and collapsed when many: identical messages are shown once;
// messages of the same kind (equal once numbers and quoted names are blanked) are shown for the first
// SHOWN_PER_KIND, then counted; a message longer than MAX_CHARS is cut. At the end one line per collapsed
// kind says how many more there were and where the full list is: warnings.txt in --out.

const SHOWN_PER_KIND = 3;
const MAX_CHARS = 300;
export const WARNINGS_FILE = 'warnings.txt';

/** The kind of a warning: its text with quoted names, numbers and item/model-like tokens blanked. */
export function warningKind(message: string): string {
  return message
    .replace(/(["'‘“`]).*?(["'’”`])/g, '…')
    .replace(/[\w./-]*\d[\w./:@-]*/g, '#')
    .slice(0, 80);
}

export class Warnings {
  private readonly seen = new Set<string>();
  private readonly kinds = new Map<string, { shown: number; hidden: number; first: string }>();
  private readonly list: string[] = [];
  private cut = false;

  constructor(private readonly emit: (line: string) => void) {}

  /** The callback to hand to the library. */
  readonly add = (message: string | readonly string[]): void => {
    for (const m of typeof message === 'string' ? [message] : message) this.one(m);
  };

  /** Every distinct warning, in order. */
  all(): string[] {
    return this.list.slice();
  }

  /** True when something was not shown in full (then the full list belongs in warnings.txt). */
  collapsed(): boolean {
    return this.cut || [...this.kinds.values()].some((k) => k.hidden > 0);
  }

  /** The closing lines: one per collapsed kind. `where` says where the full list is (or how to get it). */
  summary(where: string): string[] {
    const out: string[] = [];
    for (const k of this.kinds.values()) {
      if (k.hidden > 0) out.push(`warning: … and ${k.hidden} more like "${short(k.first, 80)}" (${where})`);
    }
    if (out.length === 0 && this.cut) out.push(`warning: some warnings were cut to ${MAX_CHARS} characters (${where})`);
    return out;
  }

  private one(m: string): void {
    if (this.seen.has(m)) return;
    this.seen.add(m);
    this.list.push(m);
    const key = warningKind(m);
    const k = this.kinds.get(key) ?? { shown: 0, hidden: 0, first: m };
    this.kinds.set(key, k);
    if (k.shown >= SHOWN_PER_KIND) {
      k.hidden++;
      return;
    }
    k.shown++;
    if (m.length > MAX_CHARS) this.cut = true;
    this.emit(`warning: ${short(m, MAX_CHARS)}`);
  }
}

function short(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
