import { CsvError, parse } from 'csv-parse/sync';
import { ImportError, MAX_PRODUCTS, type ImportIssue } from './feed-product.js';

/** One data row of a CSV/TSV file: its spreadsheet row number (header = 1) and cells by header name. */
export interface TableRow {
  row: number;
  cells: ReadonlyMap<string, string>;
}

export interface Table {
  headers: string[];
  rows: TableRow[];
}

/**
 * Reads a CSV or TSV file with csv-parse (quoted fields, embedded newlines, a BOM). Header
 * names are trimmed; a repeated header is an error (its column would be ambiguous). A record
 * with a different number of cells than the header is an error naming its row.
 */
export function readTable(text: string, file: string, delimiter: ',' | '\t'): Table {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      // Google's TSV feeds are not quoted: a stray quote is a character, not the start of a field.
      ...(delimiter === '\t' ? { quote: false } : {}),
      to: MAX_PRODUCTS * 4,
    });
  } catch (err) {
    const line = err instanceof CsvError && typeof err.lines === 'number' ? err.lines : undefined;
    throw new ImportError(file, [{ ...(line !== undefined ? { row: line } : {}), message: `not valid ${delimiter === '\t' ? 'TSV' : 'CSV'}: ${(err as Error).message.replace(/^Invalid [^:]*: /, '')}` }]);
  }
  const [header, ...data] = records;
  if (!header || header.every((h) => !h.trim())) throw new ImportError(file, [{ row: 1, message: 'the file has no header row' }]);
  const headers = header.map((h) => h.trim());
  const issues: ImportIssue[] = [];
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    if (h && seen.has(h)) issues.push({ row: 1, column: h, message: `column "${h}" appears twice (column ${i + 1})` });
    seen.add(h);
  });
  const rows: TableRow[] = [];
  data.forEach((record, i) => {
    const row = i + 2;
    if (record.every((c) => !c.trim())) return;
    if (record.length !== headers.length) {
      issues.push({ row, message: `has ${record.length} cells, the header has ${headers.length}` });
      return;
    }
    const cells = new Map<string, string>();
    headers.forEach((h, j) => {
      if (h) cells.set(h, record[j] ?? '');
    });
    rows.push({ row, cells });
  });
  if (issues.length > 0) throw new ImportError(file, issues);
  return { headers, rows };
}

/** The first header of `names` present in the table (case-insensitive), or undefined. */
export function findColumn(headers: readonly string[], ...names: string[]): string | undefined {
  for (const n of names) {
    const hit = headers.find((h) => h.toLowerCase() === n.toLowerCase());
    if (hit) return hit;
  }
  return undefined;
}
