// replicates.jsonl: one replicate result per line (canonical JSON keyed by plan hash, kind and index).
// Read back strictly: a line that is not a complete result is reported by file and line, never merged.
// A checkpoint may end in a line cut short by a kill (no newline after it): that line alone is dropped.
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { InputError, replicateLine, type ReplicateEnvelope } from '@cartograph/stats';

export interface ParsedLines {
  results: ReplicateEnvelope[];
  /** 1-based line of each result. */
  lines: number[];
  /** A last line cut short (checkpoint mode only). */
  truncated_tail: boolean;
}

function checkResult(v: unknown, file: string, line: number): ReplicateEnvelope {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InputError(file, line, 1, 'not a replicate result (a JSON object was expected)');
  const o = v as Record<string, unknown>;
  if (typeof o.plan_hash !== 'string' || !/^[0-9a-f]{64}$/.test(o.plan_hash)) throw new InputError(file, line, 1, 'the replicate result has no plan_hash (64 hex digits)');
  if (typeof o.kind !== 'string' || o.kind === '') throw new InputError(file, line, 1, 'the replicate result has no kind');
  if (typeof o.r !== 'number' || !Number.isInteger(o.r) || o.r < 0) throw new InputError(file, line, 1, 'the replicate result has no index r (an integer ≥ 0)');
  return o as unknown as ReplicateEnvelope;
}

/**
 * Offset of the first JSON syntax error in s (RFC 8259 grammar; s.length when the text ends early):
 * the column of the message (JSON.parse's own messages carry no position on every Node version).
 */
export function errorOffset(s: string): number {
  let i = 0;
  const ws = () => {
    while (i < s.length && ' \t\n\r'.includes(s[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const lit = (w: string) => {
    for (const c of w) if (s[i++] !== c) (i--, fail());
  };
  const str = () => {
    i++;
    for (;;) {
      if (i >= s.length) fail();
      const c = s[i]!;
      if (c === '"') return void i++;
      if (c < ' ') fail();
      if (c === '\\') {
        i++;
        if (s[i] === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(s[i + k] ?? '')) ((i += k), fail());
          i += 5;
        } else if (s[i] !== undefined && '"\\/bfnrt'.includes(s[i]!)) i++;
        else fail();
      } else i++;
    }
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const val = (): void => {
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      ws();
      if (s[i] === '}') return void i++;
      for (;;) {
        ws();
        if (s[i] !== '"') fail();
        str();
        ws();
        if (s[i] !== ':') fail();
        i++;
        val();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (s[i] === ']') return void i++;
      for (;;) {
        val();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return str();
    if (c === 't') return lit('true');
    if (c === 'f') return lit('false');
    if (c === 'n') return lit('null');
    num();
  };
  try {
    val();
    ws();
    if (i < s.length) fail();
    return s.length;
  } catch (at) {
    if (typeof at !== 'number') throw at;
    return Math.min(at, s.length);
  }
}

/** Parses the text of a replicates.jsonl file; `tolerateTail`: a last line without newline that does not parse is dropped. */
export function parseReplicateLines(text: string, file: string, tolerateTail = false): ParsedLines {
  const out: ParsedLines = { results: [], lines: [], truncated_tail: false };
  const parts = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  parts.forEach((raw, i) => {
    const line = i + 1;
    const last = i === parts.length - 1;
    if (last && raw === '') return;
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (s.trim() === '') throw new InputError(file, line, 1, 'empty line inside replicates.jsonl');
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch (e) {
      if (last && !endsWithNewline && tolerateTail) {
        out.truncated_tail = true;
        return;
      }
      const col = errorOffset(s) + 1;
      throw new InputError(file, line, col, `not a complete JSON line (${last && !endsWithNewline ? 'truncated: the file ends inside it' : (e as Error).message}); nothing was merged`);
    }
    out.results.push(checkResult(v, file, line));
    out.lines.push(line);
  });
  return out;
}

export function readReplicateFile(file: string, tolerateTail = false): ParsedLines {
  return parseReplicateLines(readFileSync(file, 'utf8'), file, tolerateTail);
}

/** An append-only checkpoint: each finished replicate is one line, flushed to disk before the next. */
export class Checkpoint {
  private fd: number;
  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }
  append(result: ReplicateEnvelope): void {
    writeSync(this.fd, `${replicateLine(result)}\n`);
    fsyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Results already in a checkpoint for this plan (a missing file is an empty checkpoint). A line of
 * another plan is refused: one checkpoint file belongs to one plan. A tail cut by a kill is dropped and
 * the file is cut back to its last complete line so appends continue cleanly.
 */
export function readCheckpoint(file: string, planHash: string): { results: ReplicateEnvelope[]; dropped_tail: boolean } {
  if (!existsSync(file)) return { results: [], dropped_tail: false };
  const text = readFileSync(file, 'utf8');
  const p = parseReplicateLines(text, file, true);
  p.results.forEach((r, i) => {
    if (r.plan_hash !== planHash)
      throw new InputError(file, p.lines[i]!, 1, `this checkpoint holds replicate ${r.kind}:${r.r} of plan ${r.plan_hash.slice(0, 12)}…, not of this run's plan ${planHash.slice(0, 12)}… (other data, options or seed): use another checkpoint file`);
  });
  if (p.truncated_tail) {
    const keep = text.slice(0, text.lastIndexOf('\n') + 1);
    const fd = openSync(file, 'w');
    writeSync(fd, keep);
    fsyncSync(fd);
    closeSync(fd);
  }
  return { results: p.results, dropped_tail: p.truncated_tail };
}

export function appendLines(file: string, results: ReplicateEnvelope[]): void {
  appendFileSync(file, results.map((r) => `${replicateLine(r)}\n`).join(''));
}
