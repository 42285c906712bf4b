import fc from 'fast-check';
import { loadStoreData } from '../commerce/load-store-data.js';
import { fromRoot } from '../config/repo-root.js';
import { MESSAGE_LIMIT } from '../bench/hostile-inputs.js';
import { customerText } from './customer-text.js';

/**
 * What a store lets customer text reach (issue 14): its id shapes (read with the store's own
 * patterns), its catalog's words, its currency and its case prefixes. The generators below
 * write text shaped by one store: long runs that look almost like its ids, thousands of '#'
 * and digits, ids written with other scripts' digits, catalog words glued together.
 */
export interface StoreProfile {
  /** A short name for reports ("demo", "northbound", "hostile"). */
  name: string;
  /** STORE_DIR for the app (absent: the shipped demo store). */
  dir?: string;
  orderExample: string;
  skuExample: string;
  casePrefixes: string[];
  currency: string;
  /** Product SKUs, names' words, category labels and tags of the catalog. */
  skus: string[];
  words: string[];
}

/** Reads a store folder (default: the shipped demo store) into the profile the generators use. */
export async function storeProfile(name: string, dir?: string): Promise<StoreProfile> {
  const data = await loadStoreData(dir ?? fromRoot('skills/_store'));
  const words = new Set<string>();
  for (const p of data.products) for (const w of [...p.name.split(/\s+/), ...p.tags]) if (w) words.add(w);
  return {
    name,
    ...(dir ? { dir } : {}),
    orderExample: data.info.identifiers.order.example,
    skuExample: data.info.identifiers.sku.example,
    casePrefixes: [data.info.identifiers.return.prefix, data.info.identifiers.claim.prefix],
    currency: data.info.currency,
    skus: data.products.map((p) => p.sku),
    words: [...words],
  };
}

/** Decimal digits of other scripts (Arabic-Indic, Persian, Devanagari, Bengali, Thai, fullwidth, mathematical bold: astral). */
const DIGIT_ZEROS = [0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xff10, 0x1d7ce];

/** `text` with its ASCII digits written in another script's digits. */
export function withDigitsOf(text: string, zero: number): string {
  return text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
}

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const fill = (piece: string, limit: number) => (piece.length === 0 ? '' : piece.repeat(Math.ceil(limit / piece.length)).slice(0, limit));

/** An id of the store changed a little: a digit more or less, the separator dropped or doubled, letters in another case. */
function nearId(id: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(id),
    digits(1, 3).map((d) => id + d),
    fc.constant(id.slice(0, -1)),
    fc.constant(id.replace(/[-\s]/g, '')),
    fc.constant(id.replace(/-/g, '--').replace(/^/, '##')),
    fc.constant(id.toLowerCase()),
    fc.constantFrom(...DIGIT_ZEROS).map((z) => withDigitsOf(id, z)),
    digits(20, 200).map((d) => id.replace(/\d+/, d)),
    fc.constant(id.replace(/[A-Za-z]/g, (c) => c + '\u0301')),
  );
}

/** Customer text shaped by `store`, at most `limit` UTF-16 units. */
export function storeText(store: StoreProfile, limit = MESSAGE_LIMIT): fc.Arbitrary<string> {
  const ids = [store.orderExample, store.skuExample, ...store.skus.slice(0, 40), ...store.casePrefixes.map((p) => `${p}-${store.orderExample.replace(/\D/g, '')}-${store.skuExample}`)];
  const id = fc.constantFrom(...ids).chain(nearId);
  const word = fc.constantFrom(...store.words);
  const glue = fc.constantFrom('', ' ', '-', '#', '/', ',', '\u00a0', '\u200b', '_');
  const token = fc.oneof({ weight: 3, arbitrary: id }, { weight: 2, arbitrary: word }, fc.constantFrom(store.currency, `${store.currency}${'9'.repeat(30)}`, 'order', 'return', 'warranty', '#'), digits(1, 40));
  return fc
    .oneof(
      // a long run that looks almost like the store's ids, glued or spaced
      fc.tuple(fc.array(token, { minLength: 1, maxLength: 12 }), glue).map(([ts, g]) => fill(ts.join(g) + g, limit)),
      // thousands of '#' and digits
      fc.tuple(fc.integer({ min: 1, max: limit }), digits(1, 13)).map(([n, d]) => ('#'.repeat(n) + d).slice(0, limit)),
      digits(1, 13).map((d) => fill(`#${d}`, limit)),
      digits(1, 13).map((d) => fill(`#${d} `, limit)),
      digits(limit / 2, limit),
      // the store's ids in other scripts' digits, glued or spaced
      fc.tuple(fc.constantFrom(...DIGIT_ZEROS), fc.constantFrom(...ids), glue).map(([z, i, g]) => fill(withDigitsOf(i, z) + g, limit)),
      // catalog words glued together into one token, or one repeated
      fc.array(word, { minLength: 2, maxLength: 30 }).map((ws) => fill(ws.join(''), limit)),
      fc.tuple(word, fc.integer({ min: 1, max: 400 })).map(([w, n]) => `${w} `.repeat(n).slice(0, limit)),
      // the store's words and ids inside ordinary hostile text
      fc.tuple(fc.array(token, { minLength: 1, maxLength: 30 }), customerText(400)).map(([ts, t]) => `${ts.join(' ')} ${t}`.slice(0, limit)),
    )
    .map((t) => t.slice(0, limit));
}

/** The fuzzer's text for one store: its shapes half the time, the store-blind generators the rest. */
export function customerTextFor(store: StoreProfile, limit = MESSAGE_LIMIT): fc.Arbitrary<string> {
  return fc.oneof(storeText(store, limit), customerText(limit));
}
