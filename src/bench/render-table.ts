/** A table as data, rendered as aligned text for the terminal or as Markdown for docs/. */
export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
}

function escapeMarkdown(cell: string): string {
  return cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdownTable(table: Table): string {
  const width = table.headers.length;
  const row = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => escapeMarkdown(cells[i] ?? '')).join(' | ')} |`;
  return [row(table.headers), `|${table.headers.map(() => '---').join('|')}|`, ...table.rows.map(row)].join('\n');
}

export function renderTextTable(table: Table): string {
  const width = table.headers.length;
  const all = [table.headers, ...table.rows].map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
  const widths = Array.from({ length: width }, (_, i) => Math.max(...all.map((r) => [...r[i]!].length)));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd();
  return [table.title, line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}
