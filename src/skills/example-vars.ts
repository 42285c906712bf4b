import type { Commerce, Product, ShipmentExample, StoreInfo } from '../core/commerce.js';
import { caseId } from '../commerce/identifiers.js';
import { formatMoney } from './knowledge-vars.js';

/**
 * Example products, orders and ids for demonstrations, taken from the selected store's data, so
 * a camera shop's prompts show its own cameras and its own order numbers, never another store's.
 * Demonstrations name them as `{{example.product.1.name}}`, `{{example.order.2}}` and so on
 * (prompts/README.md lists them); the picks are deterministic, so the prompt prefix stays
 * cacheable until the catalog changes.
 *
 * Products: 1 = the best-rated product in stock of the largest category; 2 = another product of
 * that category, cheaper when there is one; 3 = a product of another category, out of stock
 * when the store has one; 4 and 5 = in stock, from further categories. Orders: numbers shaped
 * like the store's example order number, one per product (order N holds product N), each with
 * one of the store's carriers and tracking numbers (`example.order.N.carrier`, `.trackingNumber`,
 * `.trackingUrl`).
 */

export const EXAMPLE_PRODUCTS = 5;
const MAX_PER_CATEGORY = 1000;

const byRating = (a: Product, b: Product): number => (b.rating ?? 0) - (a.rating ?? 0);

/**
 * The n-th example order number, shaped like the store's example ("AB-10001" -> "AB-17001",
 * "AB-17002", ...): the same letters and number of digits, away from the example itself (often a
 * real order). An example without digits gets "-N".
 */
export function orderNumberLike(example: string, n: number): string {
  // The last run of digits, found by a scan (no lookahead over the rest of the text).
  let endAt = example.length;
  while (endAt > 0 && !/\d/.test(example[endAt - 1]!)) endAt--;
  let startAt = endAt;
  while (startAt > 0 && /\d/.test(example[startAt - 1]!)) startAt--;
  if (endAt === 0) return `${example}-${n}`;
  const m = { index: startAt, 1: example.slice(startAt, endAt) };
  const digits = m[1];
  const base = Number(digits);
  const offset = 7 * 10 ** Math.max(0, digits.length - 2);
  const shifted = String(base + offset + n - 1);
  const next = shifted.length <= digits.length ? shifted.padStart(digits.length, '0') : String(base + n).padStart(digits.length, '0');
  return example.slice(0, m.index) + next + example.slice(m.index + digits.length);
}

/**
 * Order n's shipment: the store's own carriers and tracking numbers in turn (store.yaml
 * `shipments` or its orders' shipments, distinct carriers first). A store without any ships
 * "with" itself, tracked by the order number on its website, so no other store's carrier shows.
 */
export function exampleShipment(info: StoreInfo, order: string, n: number): ShipmentExample {
  const list = info.shipments ?? [];
  if (list.length === 0) return { carrier: info.name, trackingNumber: order, trackingUrl: info.website };
  return list[(n - 1) % list.length]!;
}

export function pickExampleProducts(byCategory: ReadonlyMap<string, readonly Product[]>): Product[] {
  const all0 = [...byCategory.entries()].filter(([, ps]) => ps.length > 0);
  // Categories with a warranty make better examples (returns, claims); consumables come last.
  const warranted = (ps: readonly Product[]) => ps.some((p) => p.warrantyMonths > 0);
  const categories = all0.sort((a, b) => Number(warranted(b[1])) - Number(warranted(a[1])) || b[1].length - a[1].length);
  if (categories.length === 0) return [];
  const picked: Product[] = [];
  const take = (p: Product | undefined) => {
    if (p && !picked.includes(p)) picked.push(p);
  };
  const [mainCategory, main] = categories[0]!;
  const inStock = (ps: readonly Product[]) => ps.filter((p) => p.inStock);
  const first = [...inStock(main)].sort(byRating)[0] ?? main[0]!;
  take(first);
  const cheaper = [...main].filter((p) => p !== first && p.price < first.price).sort(byRating)[0];
  take(cheaper ?? main.find((p) => p !== first));
  const others = categories.filter(([c]) => c !== mainCategory);
  const outOfStock = others.flatMap(([, ps]) => ps.filter((p) => !p.inStock))[0];
  take(outOfStock ?? others[0]?.[1][0]);
  for (const [, ps] of others) {
    if (picked.length >= EXAMPLE_PRODUCTS) break;
    if (picked.some((p) => ps.includes(p))) continue;
    take([...inStock(ps)].sort(byRating)[0] ?? ps[0]);
  }
  // A tiny catalog repeats what it has rather than leaving a variable unfilled.
  const all = categories.flatMap(([, ps]) => ps);
  for (let i = 0; picked.length < EXAMPLE_PRODUCTS && i < all.length; i++) take(all[i]);
  while (picked.length < EXAMPLE_PRODUCTS) picked.push(picked[picked.length % Math.max(1, picked.length)]!);
  return picked;
}

export interface ExampleVariables {
  text: Map<string, string>;
  structured: Map<string, unknown>;
  /** The products and order numbers picked, for checks. */
  products: Product[];
  orders: string[];
}

export async function exampleVariables(commerce: Commerce): Promise<ExampleVariables> {
  const byCategory = new Map<string, Product[]>();
  for (const c of commerce.categories()) {
    const hits = await commerce.searchProducts({ category: c, limit: MAX_PER_CATEGORY });
    byCategory.set(
      c,
      hits.map((h) => h.product),
    );
  }
  const products = pickExampleProducts(byCategory);
  const info = commerce.storeInfo();
  const policy = commerce.returnPolicy();
  const warranty = commerce.warrantyTerms();
  const text = new Map<string, string>();
  const structured = new Map<string, unknown>();
  text.set('example.orderNumber', info.identifiers.order.example);
  text.set('example.sku', info.identifiers.sku.example);
  const orders: string[] = [];
  products.forEach((p, i) => {
    const n = i + 1;
    const key = `example.product.${n}`;
    const term = warranty.terms.find((t) => t.category === p.category);
    const window = policy.windows.find((w) => w.category === p.category)?.days ?? policy.defaultWindowDays;
    text.set(`${key}.sku`, p.sku);
    text.set(`${key}.name`, p.name);
    text.set(`${key}.price`, String(p.price));
    text.set(`${key}.priceText`, formatMoney(p.price, info.currency));
    text.set(`${key}.category`, p.category);
    text.set(`${key}.categoryWords`, p.category.replace(/_/g, ' '));
    text.set(`${key}.description`, p.description);
    text.set(`${key}.rating`, p.rating === undefined ? 'unrated' : String(p.rating));
    text.set(`${key}.warrantyMonths`, String(p.warrantyMonths));
    text.set(`${key}.returnWindow`, String(window));
    text.set(`${key}.covers`, (term?.covers ?? []).join(', ') || 'manufacturing faults');
    text.set(`${key}.excludes`, (term?.excludes ?? []).join(', ') || 'normal wear');
    structured.set(`${key}.price`, p.price);
    structured.set(`${key}.warrantyMonths`, p.warrantyMonths);
    structured.set(`${key}.returnWindow`, window);
    structured.set(`${key}.inStock`, p.inStock);
    structured.set(`${key}.rating`, p.rating ?? null);
    structured.set(`${key}.covers`, [...(term?.covers ?? [])]);
    structured.set(`${key}.excludes`, [...(term?.excludes ?? [])]);
    const order = orderNumberLike(info.identifiers.order.example, n);
    orders.push(order);
    text.set(`example.order.${n}`, order);
    text.set(`example.order.${n}.returnId`, caseId(info.identifiers.return.prefix, order, p.sku));
    text.set(`example.order.${n}.claimId`, caseId(info.identifiers.claim.prefix, order, p.sku));
    const shipment = exampleShipment(info, order, n);
    text.set(`example.order.${n}.carrier`, shipment.carrier);
    text.set(`example.order.${n}.trackingNumber`, shipment.trackingNumber);
    text.set(`example.order.${n}.trackingUrl`, shipment.trackingUrl ?? info.website);
  });
  return { text, structured, products, orders };
}
