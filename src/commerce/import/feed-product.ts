/**
 * One product as read from any feed (Shopify CSV, Google Merchant Center, a mapped CSV), before
 * it becomes a catalog.yaml entry. `row` is the spreadsheet row it came from (the header is row 1),
 * so every later problem can name it.
 */
export interface FeedProduct {
  row: number;
  sku: string;
  name: string;
  description: string;
  price: number;
  /** ISO 4217 code the feed gives for this price; absent when the feed has none (Shopify exports). */
  currency?: string;
  /** Category path from most general to most specific ("Outdoor > Camping > Tents"); empty when the feed has none. */
  categoryPath: string[];
  brand?: string;
  tags: string[];
  attributes: Record<string, string | number | boolean>;
  inStock: boolean;
  rating?: number;
  warrantyMonths?: number;
}

/** What a feed reader found: the products of good rows and the problems of the others. */
export interface FeedRead {
  products: FeedProduct[];
  issues: ImportIssue[];
  /** The file's own headers for the SKU and the price, for problems found later. */
  columns?: { sku: string; price: string };
}

/** A problem in the input file: the row (header = 1) and the column, when known. */
export interface ImportIssue {
  /** Row of a CSV/TSV file (header = 1), or the item's position in an XML feed (first = 1). */
  row?: number;
  /** "item" for XML feeds; rows otherwise. */
  unit?: 'row' | 'item';
  column?: string;
  message: string;
}

export function formatIssue(file: string, i: ImportIssue): string {
  const where = [i.row !== undefined ? `${i.unit ?? 'row'} ${i.row}` : '', i.column ? `column "${i.column}"` : ''].filter(Boolean).join(', ');
  return `${file}: ${where ? `${where}: ` : ''}${i.message}`;
}

/** Thrown when the file cannot be imported; lists every issue found (bounded). */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ImportIssue[],
  ) {
    const shown = issues.slice(0, 20).map((i) => formatIssue(file, i));
    super(`${shown.join('\n')}${issues.length > shown.length ? `\n… and ${issues.length - shown.length} more` : ''}`);
    this.name = 'ImportError';
  }
}

/** Caps: a feed is data from outside; nothing grows without bound. */
export const MAX_PRODUCTS = 100_000;
export const MAX_ISSUES = 200;
