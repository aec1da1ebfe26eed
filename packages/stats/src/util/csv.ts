// The one CSV writer of the project (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180): a field that
// contains a comma, a double quote, CR or LF is enclosed in double quotes and its quotes are doubled.
// (JSON.stringify is not a CSV quote: it escapes backslashes and control characters and writes \" for ".)
// Lines end in LF, as R's write.csv on Unix; readers of RFC 4180 accept it. Missing numbers (null,
// undefined, NaN) are written as NA, as R does, unless `missing` says otherwise.

export type CsvValue = string | number | boolean | null | undefined;

/** One field, quoted when it needs to be. */
export function csvField(v: CsvValue, missing = 'NA'): string {
  if (v === null || v === undefined) return missing;
  if (typeof v === 'number') return Number.isNaN(v) ? missing : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One line (no line end). */
export function csvRow(fields: readonly CsvValue[], missing = 'NA'): string {
  return fields.map((f) => csvField(f, missing)).join(',');
}

/** A whole file: header, then rows; every line ends in LF. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, opts: { missing?: string } = {}): string {
  const missing = opts.missing ?? 'NA';
  const lines = [csvRow(header, missing)];
  for (const r of rows) {
    if (r.length !== header.length) throw new Error(`toCsv: a row has ${r.length} fields, the header ${header.length}`);
    lines.push(csvRow(r, missing));
  }
  return `${lines.join('\n')}\n`;
}

/** Values that mean "missing" in numeric and 0/1 columns (the readers' rule, and lmm's for a parsed table). */
export function isMissingToken(s: string): boolean {
  const t = s.trim();
  return t === '' || t === 'NA' || t === 'NaN' || t === 'nan' || t === 'null' || t === 'None';
}
