// RFC 4180 CSV parsing for the readers: quoted fields (with "" escapes and embedded newlines), LF or
// CRLF line ends, a UTF-8 byte-order mark, a blank last line. Works on file contents (string or bytes) so
// the same code runs in Node and in the browser. Every row remembers the 1-based line it starts on, so
// errors can name it.
import { InputError } from '../util/errors.js';

/** File contents as read by the CLI (bytes) or the browser (string or bytes). */
export type FileData = string | Uint8Array;

/** A file handed to a reader: its name (for messages) and its contents. */
export interface InputFile {
  name: string;
  data: FileData;
}

export interface CsvTable {
  file: string;
  header: string[];
  /** Data rows (header excluded), each as long as the header (ragged rows are an error). */
  rows: string[][];
  /** 1-based line number where each data row starts. */
  lines: number[];
}

/** Bytes → string (UTF-8), dropping a byte-order mark. */
export function decodeText(data: FileData): string {
  const text = typeof data === 'string' ? data : new TextDecoder('utf-8').decode(data);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parse CSV text into header + rows. Blank lines are skipped. A row whose field count differs from the
 * header's is an InputError naming the file and line.
 */
export function parseCsv(data: FileData, file: string, opts: { delimiter?: string } = {}): CsvTable {
  const text = decodeText(data);
  const delim = opts.delimiter ?? ',';
  const records: string[][] = [];
  const starts: number[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    let quoted = false;
    while (!endOfRecord) {
      if (i < n && text[i] === '"') {
        // Quoted field.
        quoted = true;
        const quoteLine = line;
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new InputError(file, quoteLine, fields.length + 1, 'unterminated quoted field');
          const chunk = text.slice(i, q);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          field += chunk;
          if (text[q + 1] === '"') {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        // After the closing quote: delimiter, line end or end of input.
        if (i < n && text[i] !== delim && text[i] !== '\n' && text[i] !== '\r') {
          throw new InputError(file, line, fields.length + 1, 'unexpected character after closing quote');
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 10 || c === 13 || text[j] === delim) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      fields.push(field);
      field = '';
      if (i >= n) {
        endOfRecord = true;
      } else if (text[i] === delim) {
        i++;
        if (i >= n) fields.push('');
        if (i >= n) endOfRecord = true;
      } else {
        // Line end: \n, \r\n or lone \r.
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    if (fields.length === 1 && fields[0] === '' && !quoted) continue; // blank line
    records.push(fields);
    starts.push(startLine);
  }
  if (records.length === 0) throw new InputError(file, 1, 0, 'empty file (no header row)');
  const header = records[0]!.map((h) => h.trim());
  const rows = records.slice(1);
  const lines = starts.slice(1);
  for (let r = 0; r < rows.length; r++) {
    if (rows[r]!.length !== header.length) {
      throw new InputError(file, lines[r]!, 0, `ragged row: ${rows[r]!.length} fields, the header has ${header.length}`);
    }
  }
  return { file, header, rows, lines };
}

/** Index of a header column (exact, then case-insensitive), or -1. */
export function findColumn(header: readonly string[], ...names: string[]): number {
  for (const name of names) {
    const k = header.indexOf(name);
    if (k >= 0) return k;
  }
  const lower = header.map((h) => h.toLowerCase());
  for (const name of names) {
    const k = lower.indexOf(name.toLowerCase());
    if (k >= 0) return k;
  }
  return -1;
}

/** Like findColumn but an InputError when absent. */
export function requireColumn(t: CsvTable, what: string, ...names: string[]): number {
  const k = findColumn(t.header, ...names);
  if (k < 0) throw new InputError(t.file, 1, 0, `no ${what} column (expected ${names.map((x) => `"${x}"`).join(' or ')}; header: ${t.header.slice(0, 8).join(', ')}${t.header.length > 8 ? ', …' : ''})`);
  return k;
}

/** Values that mean "missing" in numeric and 0/1 columns. */
export function isMissingToken(s: string): boolean {
  const t = s.trim();
  return t === '' || t === 'NA' || t === 'NaN' || t === 'nan' || t === 'null' || t === 'None';
}

/**
 * A 0/1 cell: "0", "1" (also "0.0"/"1.0", "true"/"false") → 0/1; empty/NA → null; anything else an
 * InputError naming file, line and column.
 */
export function parseBinary(s: string, file: string, line: number, column: string | number): 0 | 1 | null {
  const t = s.trim();
  if (t === '1') return 1;
  if (t === '0') return 0;
  if (isMissingToken(t)) return null;
  if (t === 'true' || t === 'True' || t === 'TRUE') return 1;
  if (t === 'false' || t === 'False' || t === 'FALSE') return 0;
  const v = Number(t);
  if (v === 1) return 1;
  if (v === 0 && t !== '') return 0;
  throw new InputError(file, line, column, `value "${s}" is not 0, 1 or empty`);
}

/** A number cell, or null when missing; InputError when not a number. */
export function parseNumber(s: string, file: string, line: number, column: string | number): number | null {
  if (isMissingToken(s)) return null;
  const v = Number(s.trim());
  if (!Number.isFinite(v)) throw new InputError(file, line, column, `value "${s}" is not a number`);
  return v;
}
