/**
 * Product prices as the channels show them: the store's currency (ISO 4217) in the customer's
 * language, through Intl, so no currency symbol or number format is written in code. One
 * formatter per language, built once (the languages are the locale packs', a handful).
 */
export type PriceFormats = (language: string | null | undefined) => (price: number) => string;

/** Formatters kept at most; more languages than packs would be a bug, not a reason to grow. */
const MAX_FORMATS = 32;

export function priceFormats(currency: string, fallbackLanguage = 'en'): PriceFormats {
  const formats = new Map<string, (price: number) => string>();
  const build = (language: string): ((price: number) => string) => {
    let format: Intl.NumberFormat;
    try {
      format = new Intl.NumberFormat(language, { style: 'currency', currency });
    } catch {
      // A tag Intl does not accept: the default language, never a failed reply.
      format = new Intl.NumberFormat(fallbackLanguage, { style: 'currency', currency });
    }
    return (price) => format.format(price);
  };
  return (language) => {
    const key = language || fallbackLanguage;
    const known = formats.get(key);
    if (known) return known;
    const made = build(key);
    if (formats.size < MAX_FORMATS) formats.set(key, made);
    return made;
  };
}
