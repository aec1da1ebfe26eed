// RFC 4180 CSV parsing for the readers: quoted fields (with "" escapes and embedded newlines), LF or
// CRLF line ends, a UTF-8 byte-order mark, a blank last line. Works on file contents (string or bytes) so
// the same code runs in Node and in the browser. Every row remembers the 1-based line it starts on, so
// errors can name it.
import { InputError } from '../util/errors.js';
import { isMissingToken } from '../util/csv.js';

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

/** Line (1-based) and column (1-based, in bytes) of byte offset `at`. */
function bytePosition(bytes: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = 0; k < at; k++) {
    if (bytes[k] === 10) {
      line++;
      start = k + 1;
    }
  }
  return { line, column: at - start + 1 };
}

/** Offset of the first byte that breaks UTF-8, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > n) return i;
    for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}

/**
 * Bytes → string (UTF-8), dropping a byte-order mark. A file in another encoding is an InputError that
 * names the likely one: UTF-16 (its byte-order mark, or NUL bytes between ASCII characters) or Latin-1 /
 * Windows-1252 (bytes that are not UTF-8, e.g. é as the single byte 0xE9).
 */
export function decodeText(data: FileData, file = '(input)'): string {
  let text: string;
  if (typeof data === 'string') text = data;
  else {
    const b = data;
    const bomLE = b.length >= 2 && b[0] === 0xff && b[1] === 0xfe;
    const bomBE = b.length >= 2 && b[0] === 0xfe && b[1] === 0xff;
    if (bomLE || bomBE) {
      throw new InputError(file, 1, 0, `the file is UTF-16 encoded (${bomLE ? 'little' : 'big'}-endian byte-order mark ${bomLE ? 'FF FE' : 'FE FF'}), not UTF-8: save it as UTF-8 (e.g. "CSV UTF-8" in a spreadsheet, or iconv -f UTF-16 -t UTF-8)`);
    }
    const head = b.subarray(0, Math.min(b.length, 400));
    let nul = 0;
    for (const x of head) if (x === 0) nul++;
    if (head.length >= 4 && nul >= head.length / 4) {
      const le = head[1] === 0 && head[0] !== 0;
      throw new InputError(file, 1, 0, `the file looks UTF-16 encoded (${le ? 'little' : 'big'}-endian, no byte-order mark: every other byte is 0), not UTF-8: save it as UTF-8`);
    }
    const bad = firstInvalidUtf8(b);
    if (bad >= 0) {
      const at = bytePosition(b, bad);
      throw new InputError(file, at.line, at.column, `byte 0x${b[bad]!.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8: the file looks Latin-1 / Windows-1252 encoded; save it as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)`);
    }
    text = new TextDecoder('utf-8').decode(b);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The separator a one-field header line suggests (`;`, tab or `|`), or null. */
export function likelySeparator(headerLine: string): { name: string; char: string; count: number } | null {
  const candidates: [string, string][] = [[';', '";"'], ['\t', 'tab'], ['|', '"|"']];
  let best: { name: string; char: string; count: number } | null = null;
  for (const [char, name] of candidates) {
    let count = 0;
    for (const c of headerLine) if (c === char) count++;
    if (count > 0 && (!best || count > best.count)) best = { name, char, count };
  }
  return best;
}

/**
 * Parse CSV text into header + rows. Blank lines are skipped. A row whose field count differs from the
 * header's is an InputError naming the file and line.
 */
export function parseCsv(data: FileData, file: string, opts: { delimiter?: string } = {}): CsvTable {
  const text = decodeText(data, file);
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
  // A one-field header that holds another separator: the file is not comma-separated.
  const sep = header.length === 1 ? likelySeparator(records[0]![0]!) : null;
  if (sep && sep.char !== delim) {
    throw new InputError(file, 1, 0, `the header has no "${delim}" but ${sep.count} ${sep.name} character(s): the file looks ${sep.name}-separated; save it comma-separated (CSV)`);
  }
  for (let r = 0; r < rows.length; r++) {
    if (rows[r]!.length !== header.length) {
      const hint = likelySeparator(records[r + 1]!.join(delim));
      const more = hint && hint.count >= header.length ? ` (the row has ${hint.count} ${hint.name} character(s): is the file ${hint.name}-separated, or a field with a separator unquoted?)` : '';
      throw new InputError(file, lines[r]!, 0, `ragged row: ${rows[r]!.length} fields, the header has ${header.length}${more}`);
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

/** Values that mean "missing" in numeric and 0/1 columns (defined in util/csv.ts, below lmm). */
export { isMissingToken };

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
