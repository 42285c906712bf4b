/** Number formatting shared by the console table, the Markdown page and the SVG. */
export function fmt(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Two significant-ish decimals for small figures, none for large ones. */
export function auto(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  const a = Math.abs(value);
  return fmt(value, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}

export function times(value: number | null | undefined): string {
  return value === null || value === undefined ? 'n/a' : `${auto(value)}×`;
}

export function usd(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `$${fmt(value, digits)}`;
}
