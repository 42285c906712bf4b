/**
 * Currency symbols from the platform's own currency data (Intl), never from a list in code:
 * symbol -> the ISO 4217 codes it may stand for, the code that writes it so in English first
 * (the dollar sign -> USD, then AUD, CAD...; the pound sign -> GBP...). Built once, on first use (~60 ms).
 */
let symbols: ReadonlyMap<string, readonly string[]> | null = null;

const SINGLE_SYMBOL = /^[^\p{L}\p{N}\s]$/u;

function displayOf(code: string, display: 'symbol' | 'narrowSymbol'): string | null {
  try {
    const part = new Intl.NumberFormat('en', { style: 'currency', currency: code, currencyDisplay: display }).formatToParts(0).find((p) => p.type === 'currency');
    return part?.value ?? null;
  } catch {
    return null;
  }
}

export function currencySymbols(): ReadonlyMap<string, readonly string[]> {
  if (symbols) return symbols;
  const primary = new Map<string, string[]>();
  const narrow = new Map<string, string[]>();
  for (const code of Intl.supportedValuesOf('currency')) {
    for (const [display, into] of [['symbol', primary], ['narrowSymbol', narrow]] as const) {
      const s = displayOf(code, display);
      if (s === null || !SINGLE_SYMBOL.test(s)) continue;
      const list = into.get(s) ?? [];
      list.push(code);
      into.set(s, list);
    }
  }
  const merged = new Map<string, string[]>();
  for (const [s, codes] of [...primary, ...narrow]) {
    const list = merged.get(s) ?? [];
    for (const c of codes) if (!list.includes(c)) list.push(c);
    merged.set(s, list);
  }
  symbols = merged;
  return symbols;
}

let codes: ReadonlySet<string> | null = null;

/** ISO 4217 codes the platform knows ("EUR", "CHF"). */
export function isCurrencyCode(word: string): boolean {
  codes ??= new Set(Intl.supportedValuesOf('currency'));
  return codes.has(word);
}
