// The CLI scaffold's parts, without spawning the CLI: typed option parsers, the RFC 4180 writer,
// warning collapsing, the progress display (plain lines, throttling, heartbeat) and errors → exit codes.
import { CommanderError, InvalidArgumentError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { csvField, toCsv, EstimationError, InputError, MissingInputError } from '@cartograph/stats';
import { parseInteger, parseKeyValue, parseList, parseNumber } from '../packages/cli/src/options.js';
import { Warnings, warningKind } from '../packages/cli/src/warnings.js';
import { ProgressDisplay } from '../packages/cli/src/progress.js';
import { reportError, terminalSafe } from '../packages/cli/src/report-error.js';

describe('option parsers', () => {
  it('int and number: bounds inclusive and exclusive, garbage refused', () => {
    expect(parseInteger({ min: 0 })('10')).toBe(10);
    expect(() => parseInteger({ min: 0 })('-1')).toThrow(InvalidArgumentError);
    expect(() => parseInteger()('1.5')).toThrow(/whole number/);
    expect(() => parseInteger()('')).toThrow(InvalidArgumentError);
    expect(parseNumber({ gt: 0, lt: 1 })('0.05')).toBe(0.05);
    expect(() => parseNumber({ gt: 0, lt: 1 })('1')).toThrow(/< 1/);
    expect(() => parseNumber()('abc')).toThrow(InvalidArgumentError);
    expect(() => parseNumber()('Infinity')).toThrow(InvalidArgumentError);
  });
  it('list: items, fixed length, choices', () => {
    expect(parseList({ of: 'number', length: 2 })('0.3, 0.9')).toEqual([0.3, 0.9]);
    expect(() => parseList({ of: 'number', length: 2 })('1,2,3')).toThrow(/expected 2/);
    expect(parseList({ choices: ['a', 'b'] })('a,b')).toEqual(['a', 'b']);
    expect(() => parseList({ choices: ['a', 'b'] })('a,c')).toThrow(/unknown 'c'; allowed: a, b/);
    expect(() => parseList()('a,,b')).toThrow(/empty entry/);
  });
  it('key=value: last = splits, repeats refused, plain value when allowed', () => {
    expect(parseKeyValue({ of: 'int', min: 1 })('MMLU-PRO=12032,MATH Lvl 5=1324')).toEqual({ 'MMLU-PRO': 12032, 'MATH Lvl 5': 1324 });
    expect(parseKeyValue({ of: 'int', plain: true })('25')).toBe(25);
    expect(() => parseKeyValue({ of: 'int' })('25')).toThrow(/NAME=VALUE/);
    expect(() => parseKeyValue({ of: 'int' })('a=1,a=2')).toThrow(/twice/);
    expect(() => parseKeyValue({ of: 'int', min: 1 })('a=0')).toThrow(/≥ 1/);
  });
});

describe('RFC 4180 CSV writer', () => {
  it('quotes commas, quotes and line breaks; doubles quotes; NA for missing numbers', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('back\\slash')).toBe('back\\slash'); // JSON.stringify would write back\\\\slash in quotes
    expect(csvField(NaN)).toBe('NA');
    expect(csvField(null)).toBe('NA');
    expect(csvField(0.1)).toBe('0.1');
    expect(csvField(false)).toBe('false');
    expect(toCsv(['model_id', 'score'], [['org/m,1', 0.5], ['x', null]])).toBe('model_id,score\n"org/m,1",0.5\nx,NA\n');
    expect(() => toCsv(['a', 'b'], [[1]])).toThrow(/1 fields, the header 2/);
  });
});

describe('warnings', () => {
  it('each shown once; many of one kind collapse to the first three and a count', () => {
    const lines: string[] = [];
    const w = new Warnings((l) => lines.push(l));
    w.add('x.csv: constant item "a"');
    w.add('x.csv: constant item "a"');
    for (let k = 0; k < 74; k++) w.add(`duplicate model id "m${k}" on line ${k + 2}`);
    expect(lines.length).toBe(1 + 3);
    expect(w.all().length).toBe(75);
    expect(w.collapsed()).toBe(true);
    expect(w.summary('full list in out/warnings.txt')).toEqual(['warning: … and 71 more like "duplicate model id "m0" on line 2" (full list in out/warnings.txt)']);
    expect(warningKind('item "a:1" has -0.0049')).toBe(warningKind('item "b:7" has -0.1'));
  });
  it('a very long warning is cut on screen and flagged for the file', () => {
    const lines: string[] = [];
    const w = new Warnings((l) => lines.push(l));
    w.add(`many ids: ${'x, '.repeat(500)}`);
    expect(lines[0]!.length).toBeLessThan(320);
    expect(w.collapsed()).toBe(true);
  });
});

class FakeStream {
  text = '';
  isTTY = false;
  columns = 100;
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

describe('progress display (plain lines)', () => {
  afterEach(() => vi.useRealTimers());
  it('a line at each stage change, at most one a second within a stage, and the last step', () => {
    vi.useFakeTimers();
    const s = new FakeStream();
    const p = new ProgressDisplay({ stream: s as unknown as NodeJS.WriteStream, tty: false });
    p.onProgress({ stage: 'sample statistics', done: 0, total: 100 });
    for (let k = 1; k < 100; k++) p.onProgress({ stage: 'sample statistics', done: k, total: 100 }); // same instant: throttled
    p.onProgress({ stage: 'sample statistics', done: 100, total: 100 });
    p.onProgress({ stage: 'fit bifactor', message: 'iteration 1' });
    p.stop();
    const lines = s.text.trim().split('\n');
    expect(lines.length).toBe(3);
    expect(lines[0]).toMatch(/\[\s+0\.0 s\] sample statistics: 0\/100 \(0 %\)/);
    expect(lines[1]).toMatch(/sample statistics: 100\/100 \(100 %\)/);
    expect(lines[2]).toMatch(/fit bifactor: iteration 1/);
  });
  it('heartbeat: no silent gap over 2 s while a step runs; none once the step is over; none with --quiet', () => {
    vi.useFakeTimers();
    const s = new FakeStream();
    const p = new ProgressDisplay({ stream: s as unknown as NodeJS.WriteStream, tty: false });
    p.onProgress({ stage: 'fit bifactor' });
    vi.advanceTimersByTime(7000);
    const beats = s.text.split('\n').filter((l) => /still working/.test(l));
    expect(beats.length).toBeGreaterThanOrEqual(2); // 7 s of silence → a line every 2–3 s
    p.idle();
    const before = s.text;
    vi.advanceTimersByTime(5000);
    expect(s.text).toBe(before);
    p.stop();
    const q = new FakeStream();
    const quiet = new ProgressDisplay({ stream: q as unknown as NodeJS.WriteStream, tty: false, quiet: true });
    quiet.onProgress({ stage: 'x' });
    vi.advanceTimersByTime(5000);
    quiet.stop();
    expect(q.text).toBe('');
  });
  it('on a TTY a counted stage draws a bar and a note does not break it', () => {
    const s = new FakeStream();
    s.isTTY = true;
    const p = new ProgressDisplay({ stream: s as unknown as NodeJS.WriteStream, tty: true });
    p.onProgress({ stage: 'pairs', done: 10, total: 40 });
    p.line('warning: something');
    p.onProgress({ stage: 'pairs', done: 40, total: 40 });
    p.stop();
    expect(s.text).toMatch(/pairs \|.*\| 10\/40/);
    expect(s.text).toMatch(/warning: something\n/);
    expect(s.text).toMatch(/40\/40 100%/);
  });
});

describe('terminal text', () => {
  it('control characters from input strings are made visible; tabs, newlines and non-ASCII kept', () => {
    expect(terminalSafe('model \u001b[2J\u001b[31mevil\u0007 ok')).toBe('model \ufffd[2J\ufffd[31mevil\ufffd ok');
    expect(terminalSafe('a\tb\nc — ω_h = 0.93, 日本')).toBe('a\tb\nc — ω_h = 0.93, 日本');
    expect(terminalSafe('cr\rlf\u009b')).toBe('cr\ufffdlf\ufffd');
  });
});

describe('errors → one line and an exit code', () => {
  const run = (e: unknown, debug = false): { code: number; lines: string[] } => {
    const lines: string[] = [];
    const code = reportError(e, debug, (l) => lines.push(l));
    return { code, lines };
  };
  it('bad input 2, missing input 2 naming the option, cannot estimate 3, internal 1 asking for a report', () => {
    const a = run(new InputError('x.csv', 3, 'score', 'not a number'));
    expect(a).toEqual({ code: 2, lines: ['cartograph: bad input: x.csv:3 (column score): not a number'] });
    const b = run(new MissingInputError('item responses', 'cfa needs item-level responses'));
    expect(b.code).toBe(2);
    expect(b.lines[0]).toMatch(/--responses FILE or --lm-eval DIR/);
    expect(run(new EstimationError('lmm', 'singular')).code).toBe(3);
    const d = run(new TypeError('x is undefined'));
    expect(d.code).toBe(1);
    expect(d.lines).toHaveLength(1);
    expect(d.lines[0]).toMatch(/^cartograph: internal error: x is undefined — this is a bug.*--debug/);
    expect(run(new CommanderError(1, 'commander.unknownOption', 'x')).code).toBe(2);
    expect(run(new CommanderError(0, 'commander.helpDisplayed', '')).code).toBe(0);
  });
  it('a stack trace only with --debug', () => {
    expect(run(new InputError('f', 0, 0, 'bad')).lines).toHaveLength(1);
    const d = run(new InputError('f', 0, 0, 'bad'), true);
    expect(d.lines.length).toBe(2);
    expect(d.lines[1]).toMatch(/InputError.*\n\s+at /);
  });
});
