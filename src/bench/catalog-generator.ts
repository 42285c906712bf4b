import { seededRandom } from '../core/seeded-random.js';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import type { CatalogFile } from '../commerce/store-schemas.js';
import { REPO_ROOT } from './child.js';

/**
 * Deterministic generated catalogs for the catalog-scale section (issue 20.4): products of
 * many categories (one per product type of each family in bench/catalog-words.yaml), brands
 * made from syllables, numeric and listed attributes, tags, prices and ratings. The default
 * store's own products and categories come first, so its orders, policies and demonstrations
 * stay valid in the generated store folder.
 */
export const CATALOG_WORDS_FILE = path.join(REPO_ROOT, 'bench/catalog-words.yaml');
export const DEFAULT_STORE_DIR = path.join(REPO_ROOT, 'skills/_store');

const attributeSchema = z.union([
  z.object({ name: z.string(), unit: z.string(), min: z.number(), max: z.number() }),
  z.object({ name: z.string(), values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) }),
]);
const wordsSchema = z.object({
  syllables: z.array(z.string()).min(4),
  adjectives: z.array(z.string()).min(1),
  colors: z.array(z.string()).min(1),
  families: z
    .array(z.object({ code: z.string().regex(/^[A-Z]{2,5}$/), label: z.string(), words: z.array(z.string()), types: z.array(z.string()).min(1), attributes: z.array(attributeSchema).min(1) }))
    .min(1),
});
export type CatalogWords = z.infer<typeof wordsSchema>;

export async function loadCatalogWords(file = CATALOG_WORDS_FILE): Promise<CatalogWords> {
  const r = wordsSchema.safeParse(parse(await readFile(file, 'utf8')));
  if (!r.success) throw new Error(`${path.relative(REPO_ROOT, file)}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}


const snake = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
const title = (s: string) => s.replace(/(^|[\s-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());

type Product = CatalogFile['products'][number];

export interface GeneratedCatalog {
  catalog: CatalogFile;
  /** Customer-like search queries over the generated products (types, brands, prices, attributes). */
  queries: string[];
}

/**
 * `size` products in total: the base catalog's, then generated ones. Same words file, base and
 * size → the same catalog, byte for byte.
 */
export function generateCatalog(words: CatalogWords, base: CatalogFile, size: number, seed = 20): GeneratedCatalog {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const families = words.families.map((f) => ({
    ...f,
    categories: f.types.map((t) => ({ type: t, id: `${snake(f.label)}_${snake(t)}` })),
  }));
  // Brand names from two or three syllables; each brand sells in a few families.
  const brandNames = new Set<string>();
  while (brandNames.size < Math.min(600, words.syllables.length ** 2)) {
    const n = 2 + (next() < 0.3 ? 1 : 0);
    brandNames.add(title(Array.from({ length: n }, () => pick(words.syllables)).join('')));
  }
  const brandsOf = new Map<string, string[]>();
  for (const b of brandNames) {
    for (let k = 0; k < 3; k++) {
      const f = pick(families).code;
      brandsOf.set(f, [...(brandsOf.get(f) ?? []), b]);
    }
  }
  const existing = new Set(base.categories.map((c) => c.id));
  const categories = [...base.categories];
  for (const f of families) {
    for (const c of f.categories) {
      if (existing.has(c.id)) continue;
      existing.add(c.id);
      categories.push({ id: c.id, label: `${f.label}: ${c.type}`, words: [c.type, ...f.words] });
    }
  }
  const products: Product[] = base.products.slice(0, size);
  const queries: string[] = [];
  for (let i = products.length; i < size; i++) {
    const f = pick(families);
    const c = pick(f.categories);
    const brand = pick(brandsOf.get(f.code) ?? [...brandNames]);
    const adjective = pick(words.adjectives);
    const color = pick(words.colors);
    const series = `${title(pick(words.syllables))}${pick(['', ' Pro', ' Lite', ' Max', ' Plus', ' S', ' X'])}`;
    const model = 100 + Math.floor(next() * 9900);
    const attributes: Product['attributes'] = {};
    const described: string[] = [];
    for (const a of f.attributes) {
      if ('values' in a) {
        const v = pick(a.values);
        attributes[a.name] = v;
        if (typeof v !== 'boolean') described.push(`${String(v)} ${a.name.replace(/_/g, ' ')}`);
        else if (v) described.push(a.name.replace(/_/g, ' '));
      } else {
        const raw = a.min + next() * (a.max - a.min);
        const v = a.max - a.min >= 20 ? Math.round(raw) : Math.round(raw * 10) / 10;
        attributes[a.name] = `${v} ${a.unit}`;
        described.push(`${v} ${a.unit} ${a.name.replace(/_/g, ' ')}`);
      }
    }
    const price = Math.max(1, Math.round(Math.exp(Math.log(5) + next() * (Math.log(2500) - Math.log(5))))) - 0.01;
    const name = `${brand} ${series} ${model} ${title(c.type)}`;
    products.push({
      sku: `${f.code}-${100000 + i}`,
      name,
      category: c.id,
      price: Math.round(price * 100) / 100,
      description: `${title(adjective)} ${color} ${c.type} by ${brand} with ${described.slice(0, 2).join(' and ')}${described[2] ? `, ${described[2]}` : ''}.`,
      attributes,
      tags: [c.type, adjective, color, ...(next() < 0.3 ? [pick(words.adjectives)] : [])],
      warrantyMonths: pick([0, 12, 12, 24, 24, 36, 60]),
      inStock: next() < 0.9,
      rating: Math.round((3 + next() * 2) * 10) / 10,
    });
    // Every 50th product gives a few queries of the kinds customers send.
    if (i % 50 === 0) {
      const under = Math.max(10, Math.round(price / 10) * 10 + 10);
      queries.push(
        `${adjective} ${c.type}`,
        `${brand} ${c.type}`,
        `do you have a ${color} ${c.type} under $${under}`,
        `${c.type} with ${described[0] ?? adjective}`,
        `looking for ${f.words[0] ?? c.type} stuff, something ${adjective}`,
      );
    }
  }
  return { catalog: { categories, products }, queries };
}

/**
 * A store folder with the generated catalog: the default store's other files (store info,
 * policies, orders) copied beside it. Returns the catalog file's size in bytes.
 */
export async function writeGeneratedStore(dir: string, catalog: CatalogFile, format: 'yaml' | 'json', baseDir = DEFAULT_STORE_DIR): Promise<number> {
  await mkdir(dir, { recursive: true });
  for (const f of await readdir(baseDir)) {
    if (f !== 'catalog.yaml' && f.endsWith('.yaml')) await copyFile(path.join(baseDir, f), path.join(dir, f));
  }
  // yaml: the block style `npm run store:import` writes; json: JSON-shaped YAML, which the
  // loader reads with JSON.parse (src/commerce/json-shaped.ts).
  const header = '# Generated by src/bench/catalog-generator.ts for the catalog-scale benchmark.\n';
  const text = header + (format === 'yaml' ? stringify(catalog, { lineWidth: 0 }) : `${JSON.stringify(catalog, null, 1)}\n`);
  await writeFile(path.join(dir, 'catalog.yaml'), text);
  return Buffer.byteLength(text);
}

export async function loadBaseCatalog(baseDir = DEFAULT_STORE_DIR): Promise<CatalogFile> {
  const raw = parse(await readFile(path.join(baseDir, 'catalog.yaml'), 'utf8')) as CatalogFile;
  return { categories: raw.categories ?? [], products: raw.products };
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The catalog as a product feed for `npm run store:import -- --format csv`: one row per
 * product, the category as "Label > type" path, attributes in `attr_<name>` columns (empty
 * when a product has none). Returns the `--map` arguments the attribute columns need.
 */
export async function writeGeneratedCsv(file: string, catalog: CatalogFile): Promise<string[]> {
  const labels = new Map(catalog.categories.map((c) => [c.id, c.label]));
  const attributeNames = [...new Set(catalog.products.flatMap((p) => Object.keys(p.attributes)))].sort();
  const header = ['sku', 'name', 'description', 'price', 'category', 'tags', 'in_stock', 'rating', 'warranty_months', ...attributeNames.map((a) => `attr_${a}`)];
  const lines = [header.join(',')];
  for (const p of catalog.products) {
    const attrs = new Map(Object.entries(p.attributes));
    lines.push(
      [
        p.sku,
        p.name,
        p.description,
        p.price.toFixed(2),
        labels.get(p.category) ?? p.category,
        p.tags.join('; '),
        p.inStock ? 'true' : 'false',
        p.rating === undefined ? '' : String(p.rating),
        String(p.warrantyMonths),
        ...attributeNames.map((a) => (attrs.has(a) ? String(attrs.get(a)) : '')),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  await writeFile(file, `${lines.join('\n')}\n`);
  return attributeNames.flatMap((a) => ['--map', `attr_${a}=attribute.${a}`]);
}
