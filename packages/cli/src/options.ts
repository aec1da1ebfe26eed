// Typed option parsers for every command: one way to read a whole number, a number in a range, a choice,
// a list and a NAME=VALUE list. Each builder returns a commander Option; a bad value ends the command
// with one line `cartograph: option '--top <n>' argument 'x' is invalid. expected …` and exit 2.
//
//   opt.int('--top <n>', 'how many models to list', { min: 0, default: 10 })
//   opt.number('--alpha <a>', 'two-sided level', { gt: 0, lt: 1, default: 0.05 })
//   opt.choice('--missing <how>', 'missing cells', ['pairwise', 'listwise'] as const, 'pairwise')
//   opt.list('--gamma-s <list>', 'slopes', { of: 'number' })      // "0.1,0.2" → [0.1, 0.2]
//   opt.keyValue('--items-per-benchmark <n>', '…', { of: 'int', plain: true })  // "ARC=25,GSM8K=1319"
import { InvalidArgumentError, Option } from 'commander';

export interface NumberBounds {
  /** inclusive bounds */
  min?: number;
  max?: number;
  /** exclusive bounds */
  gt?: number;
  lt?: number;
}

function describeBounds(b: NumberBounds): string {
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`≥ ${b.min}`);
  if (b.gt !== undefined) parts.push(`> ${b.gt}`);
  if (b.max !== undefined) parts.push(`≤ ${b.max}`);
  if (b.lt !== undefined) parts.push(`< ${b.lt}`);
  return parts.length ? ` ${parts.join(' and ')}` : '';
}

function inBounds(x: number, b: NumberBounds): boolean {
  return (b.min === undefined || x >= b.min) && (b.max === undefined || x <= b.max) && (b.gt === undefined || x > b.gt) && (b.lt === undefined || x < b.lt);
}

/** A parser for a finite number within bounds. */
export function parseNumber(b: NumberBounds = {}): (v: string) => number {
  return (v) => {
    const x = Number(v.trim());
    if (v.trim() === '' || !Number.isFinite(x) || !inBounds(x, b)) throw new InvalidArgumentError(`expected a number${describeBounds(b)}.`);
    return x;
  };
}

/** A parser for a whole number within bounds. */
export function parseInteger(b: NumberBounds = {}): (v: string) => number {
  return (v) => {
    const x = Number(v.trim());
    if (v.trim() === '' || !Number.isInteger(x) || !inBounds(x, b)) throw new InvalidArgumentError(`expected a whole number${describeBounds(b)}.`);
    return x;
  };
}

type Of = 'string' | 'number' | 'int';
type OfType<T extends Of> = T extends 'string' ? string : number;

function itemParser<T extends Of>(of: T, b: NumberBounds): (v: string) => OfType<T> {
  if (of === 'number') return parseNumber(b) as (v: string) => OfType<T>;
  if (of === 'int') return parseInteger(b) as (v: string) => OfType<T>;
  return ((v: string) => {
    if (v.trim() === '') throw new InvalidArgumentError('an empty entry in the list.');
    return v.trim();
  }) as (v: string) => OfType<T>;
}

/** A comma-separated list. With `length`, exactly that many entries; with `choices`, each must be one. */
export function parseList<T extends Of = 'string'>(opts: { of?: T; length?: number; choices?: readonly string[] } & NumberBounds = {}): (v: string) => OfType<T>[] {
  const item = itemParser((opts.of ?? 'string') as T, opts);
  return (v) => {
    const out = v.split(',').map((s) => item(s));
    if (opts.length !== undefined && out.length !== opts.length) throw new InvalidArgumentError(`expected ${opts.length} comma-separated values, got ${out.length}.`);
    if (opts.choices) {
      const bad = out.filter((x) => !opts.choices!.includes(String(x)));
      if (bad.length) throw new InvalidArgumentError(`unknown ${bad.map((x) => `'${x}'`).join(', ')}; allowed: ${opts.choices.join(', ')}.`);
    }
    return out;
  };
}

/**
 * `NAME=VALUE,NAME=VALUE` → a record (a name may contain spaces and '=', not commas: the last '=' splits).
 * With `plain`, a single VALUE without a name is also accepted and returned as is (e.g. one count for all).
 */
export function parseKeyValue<T extends Of = 'string'>(opts: { of?: T; plain?: boolean } & NumberBounds = {}): (v: string) => Record<string, OfType<T>> | OfType<T> {
  const item = itemParser((opts.of ?? 'string') as T, opts);
  return (v) => {
    if (opts.plain && !v.includes('=')) return item(v);
    const out: Record<string, OfType<T>> = {};
    for (const part of v.split(',')) {
      const k = part.lastIndexOf('=');
      if (k <= 0) throw new InvalidArgumentError(`expected NAME=VALUE, got "${part}".`);
      const key = part.slice(0, k).trim();
      if (key in out) throw new InvalidArgumentError(`"${key}" is given twice.`);
      out[key] = item(part.slice(k + 1));
    }
    return out;
  };
}

function withDefault<T>(o: Option, def: T | undefined, shown?: string): Option {
  if (def !== undefined) o.default(def, shown);
  return o;
}

/** Option builders: each returns a commander Option with its parser (and default). */
export const opt = {
  int: (flags: string, description: string, o: NumberBounds & { default?: number } = {}): Option =>
    withDefault(new Option(flags, description).argParser(parseInteger(o)), o.default),
  number: (flags: string, description: string, o: NumberBounds & { default?: number } = {}): Option =>
    withDefault(new Option(flags, description).argParser(parseNumber(o)), o.default),
  choice: <T extends string>(flags: string, description: string, values: readonly T[], def?: T): Option =>
    withDefault(new Option(flags, description).choices(values), def),
  list: <T extends Of = 'string'>(flags: string, description: string, o: { of?: T; length?: number; choices?: readonly string[]; default?: OfType<T>[] } & NumberBounds = {}): Option =>
    withDefault(new Option(flags, description).argParser(parseList(o)), o.default, o.default?.join(',')),
  keyValue: <T extends Of = 'string'>(flags: string, description: string, o: { of?: T; plain?: boolean } & NumberBounds = {}): Option =>
    new Option(flags, description).argParser(parseKeyValue(o)),
  string: (flags: string, description: string, def?: string): Option => withDefault(new Option(flags, description), def),
  flag: (flags: string, description: string): Option => new Option(flags, description),
};
