import type { Commerce, OrderStatus, Product } from '../core/commerce.js';
import type { ToolCallRecord } from '../core/conversation.js';
import type { OrderOwner } from '../core/identity.js';
import type { AssembledPrompt, Skill } from '../core/skill.js';
import { formatMoney } from '../skills/knowledge-vars.js';
import { dates, durations, identifiers, idKinds, moneyAmounts, sameMoney, sentenceSpans, type IdKinds } from './reply-text.js';
import { maskCustomerQuotes } from './customer-quotes.js';
import { alternation, repositoryFactWords, type FactWords } from '../locale/fact-words.js';
import { knowledgeFactProblems } from './knowledge-facts.js';
import { turnGrounding, type TurnGrounding } from './turn-grounding.js';

/**
 * The grounding half of the answer guard: every price, return window, warranty length,
 * order status, date and id the reply states must match the catalog and policies
 * (Commerce) or this turn's tool results and reference data. Deterministic and local;
 * it reads only the reply and what the turn already had.
 */

// The context words (returns, warranty, extended cover, negations, status phrases) are the
// locale packs' (`facts:` in locales/<lang>.yaml, src/locale/fact-words.ts); the extended
// offer's own name comes from the store's offer text.
/** The offer's name: its leading capitalised words ("Northbound Protect adds 2 years..." -> "northbound protect"). */
function offerName(offer: string | undefined): string | null {
  const m = /^((?:[A-Z][\w'&-]*\s){1,4})/.exec(offer ?? '');
  return m ? m[1]!.trim().toLowerCase() : null;
}
/** What may truthfully be said of an order in each status ("shipped" is still true once it arrived). */
const TRUE_OF: Record<OrderStatus, OrderStatus[]> = {
  processing: ['processing'],
  shipped: ['shipped'],
  delivered: ['delivered', 'shipped'],
  returned: ['returned', 'delivered', 'shipped'],
  cancelled: ['cancelled'],
};

interface Mention {
  product: Product;
  index: number;
}

/** A product name of the turn's evidence, and the name without its first word when that leaves two words or more. */
interface NameForm {
  name: string;
  sku: string;
  short: string | null;
}

/**
 * The names' short forms, made once per check: productsIn made them again for every sentence of
 * the reply (a split, a slice and a join per name), and a reply quoting a long message has dozens.
 */
function nameForms(names: ReadonlyMap<string, string>): NameForm[] {
  const out: NameForm[] = [];
  for (const [name, sku] of names) {
    const short = name.split(/\s+/).slice(1).join(' ');
    out.push({ name, sku, short: short.split(' ').length >= 2 ? short : null });
  }
  return out;
}

export interface GroundingGuardOptions {
  commerce: Commerce;
  /** The locale packs' fact words (month names, time units, vague category words); default: the repository's packs. */
  words?: FactWords;
}

export interface GroundingCheck {
  /**
   * `grounding`: the turn's facts when the caller has them already (the answer guard computes them once for both checks);
   * `own`: the reply with its verbatim customer quotes blanked (maskCustomerQuotes), likewise.
   */
  (input: { skill: Skill; reply: string; tools: readonly ToolCallRecord[]; prompt: AssembledPrompt; customer?: OrderOwner | null }, grounding?: TurnGrounding, own?: string): Promise<string[]>;
}

/** `word` without the first of `endings` (longest first) it ends with, if a stem is left. */
function stem(word: string, endings: readonly string[]): string {
  for (const e of endings) if (word.length > e.length && word.endsWith(e)) return word.slice(0, -e.length);
  return word;
}

/**
 * The words of category ids that name one category ("kitchen", "audio"), stemmed with each
 * pack's word endings (one map per pack: a German ending must not cut an English word). Words
 * the packs call vague (`facts.vague_category_words`: "home" office, a "Care" plan), with any
 * pack's ending (`every`), are too common in sentences to say which category one is about.
 */
function categoryWords(categories: readonly string[], vague: ReadonlySet<string>, endings: readonly string[], every: ReadonlyArray<readonly string[]>): Map<string, string> {
  const owners = new Map<string, Set<string>>();
  for (const c of categories) {
    for (const w of c.split(/[_\s&]+/).filter((x) => x.length > 3)) {
      const lower = w.toLowerCase();
      const s = stem(lower, endings);
      if (vague.has(lower) || every.some((e) => vague.has(stem(lower, e)))) continue;
      owners.set(s, new Set([...(owners.get(s) ?? []), c]));
    }
  }
  // Only words that point at one category ("kitchen", "audio"), never shared ones.
  return new Map([...owners].filter(([, cs]) => cs.size === 1).map(([w, cs]) => [w, [...cs][0]!]));
}

/**
 * Amounts indexed by cent: whether a value is within sameMoney of one of them takes a few
 * lookups instead of a scan. A message can carry hundreds of amounts and a reply quoting it
 * as many, so the scans made the guard quadratic in the message's length.
 */
function amountIndex(values: Iterable<number>) {
  const byCent = new Map<number, number[]>();
  for (const v of values) {
    const c = Math.round(v * 100);
    const list = byCent.get(c);
    if (list) list.push(v);
    else byCent.set(c, [v]);
  }
  // Any x with |x - target| < 0.005 has its cent within one of the target's. The three cents
  // are listed, not counted to: past 2^53 (an amount of 10^14 or more) c + 1 is c, and a loop
  // `k++` up to c + 1 never ended (a customer's "$10000000000000000" froze the process).
  const near = (target: number, test: (x: number) => boolean): boolean => {
    const c = Math.round(target * 100);
    for (const k of [c - 1, c, c + 1]) for (const x of byCent.get(k) ?? []) if (test(x)) return true;
    return false;
  };
  return { near, has: (value: number): boolean => near(value, (x) => sameMoney(x, value)) };
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Adds the value of every number written in `text` (digits, with a decimal part after a ".",
 * as /\d+(?:\.\d+)?/ reads them) to `out`. One pass and no string per number: a message of
 * "1,1,1,…" has 1,000 of them and one value. Decimal digits past the 15th do not change a
 * double; they are skipped.
 */
function numeralsIn(text: string, out: Set<number>): void {
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let value = 0;
    for (; i < text.length && isDigit(text.charCodeAt(i)); i++) value = value * 10 + (text.charCodeAt(i) - 0x30);
    if (text.charCodeAt(i) === 0x2e && isDigit(text.charCodeAt(i + 1))) {
      let scale = 1;
      let fraction = 0;
      for (i++; i < text.length && isDigit(text.charCodeAt(i)); i++) {
        if (scale >= 1e15) continue;
        fraction = fraction * 10 + (text.charCodeAt(i) - 0x30);
        scale *= 10;
      }
      value += fraction / scale;
    }
    out.add(value);
  }
}

export function createGroundingCheck(opts: GroundingGuardOptions): GroundingCheck {
  const { commerce } = opts;
  const factWords = opts.words ?? repositoryFactWords();
  const currency = () => commerce.storeInfo().currency;
  // Id shapes are the store's (store.yaml identifiers); rebuilt only when the store data changes.
  let kindsFor: { ids: unknown; kinds: IdKinds } | null = null;
  const kinds = (): IdKinds => {
    const ids = commerce.storeInfo().identifiers;
    if (kindsFor?.ids !== ids) kindsFor = { ids, kinds: idKinds(ids) };
    return kindsFor.kinds;
  };
  const money = (n: number) => formatMoney(n, currency());

  async function product(sku: string): Promise<Product | null> {
    try {
      return await commerce.getProduct(sku);
    } catch {
      return null;
    }
  }

  async function productsIn(sentence: string, ids: ReturnType<typeof identifiers>, names: readonly NameForm[]): Promise<Mention[]> {
    const found: Mention[] = [];
    for (const { id, index } of ids) {
      if (kinds().kind(id) !== 'sku') continue;
      const p = await product(id);
      if (p) found.push({ product: p, index });
    }
    const lower = sentence.toLowerCase();
    for (const { name, sku, short } of names) {
      let index = lower.indexOf(name);
      if (index < 0 && short !== null) index = lower.indexOf(short);
      if (index < 0 || found.some((f) => f.product.sku === sku)) continue;
      const p = await product(sku);
      if (p) found.push({ product: p, index });
    }
    return found.sort((a, b) => a.index - b.index);
  }

  /** The product a number at `index` is about: the nearest one named before it, else the first after. */
  function owner(mentions: readonly Mention[], index: number): Mention | undefined {
    const before = mentions.filter((m) => m.index <= index);
    return before.at(-1) ?? mentions[0];
  }

  function categoryIn(sentence: string, mentions: readonly Mention[], words: ReadonlyArray<readonly [readonly string[], Map<string, string>]>): string | null {
    if (mentions.length > 0) return mentions[0]!.product.category;
    const named = new Set<string>();
    for (const w of sentence.toLowerCase().split(/[^\p{L}]+/u)) {
      for (const [endings, byStem] of words) {
        const c = byStem.get(stem(w, endings));
        if (c) named.add(c);
      }
    }
    return named.size === 1 ? [...named][0]! : null;
  }

  function policyDays(category: string | null): Set<number> {
    const policy = commerce.returnPolicy();
    const out = new Set<number>([policy.refundDays]);
    const exceptions = policy.exceptions as Array<{ category?: string; windowDays?: unknown }>;
    if (category) {
      out.add(policy.windows.find((w) => w.category === category)?.days ?? policy.defaultWindowDays);
      for (const e of exceptions) if (typeof e.windowDays === 'number' && (!e.category || e.category === category)) out.add(e.windowDays);
    } else {
      out.add(policy.defaultWindowDays);
      for (const w of policy.windows) out.add(w.days);
      for (const e of exceptions) if (typeof e.windowDays === 'number') out.add(e.windowDays);
    }
    return out;
  }

  function extendedMonths(): number[] {
    const offer = commerce.warrantyTerms().extendedOffer;
    return offer ? durations(offer, factWords).filter((d) => d.unit === 'month').map((d) => d.value) : [];
  }

  function categoryMonths(category: string): number {
    const terms = commerce.warrantyTerms();
    return terms.terms.find((t) => t.category === category)?.months ?? terms.defaultMonths;
  }

  function policyMonths(category: string | null): Set<number> {
    const terms = commerce.warrantyTerms();
    const out = new Set<number>();
    if (category) out.add(categoryMonths(category));
    else {
      out.add(terms.defaultMonths);
      for (const t of terms.terms) out.add(t.months);
    }
    return out;
  }

  /** Warranty lengths the catalog gives products of a category (or of any), so "2 to 5 years, depending on the model" is a fact. */
  async function catalogMonths(category: string | null): Promise<Set<number>> {
    const out = new Set<number>();
    for (const c of category ? [category] : commerce.categories()) {
      const hits = await commerce.searchProducts({ category: c, limit: 1000 }).catch(() => []);
      for (const h of hits) out.add(h.product.warrantyMonths);
    }
    return out;
  }

  // The category words change only with the catalog: recomputed when the category list does
  // (it was rebuilt, with a Set per word, on every reply).
  type StemMaps = ReadonlyArray<readonly [readonly string[], Map<string, string>]>;
  let known: { categories: readonly string[]; words: StemMaps } | undefined;
  const categoryWordsNow = (): StemMaps => {
    const categories = commerce.categories();
    if (!known || known.categories.length !== categories.length || known.categories.some((c, i) => c !== categories[i])) {
      const endings = factWords.wordEndings.length ? factWords.wordEndings : [[]];
      known = { categories, words: endings.map((e) => [e, categoryWords(categories, factWords.vagueCategoryWords, e, endings)] as const) };
    }
    return known.words;
  };
  // "<name> (SKU AB-1)": the packs' words that may stand before the SKU.
  const pairedSku = new RegExp(String.raw`^\s*(?:[(,:–-]\s*)?${factWords.skuLabels.length ? String.raw`(?:(?:${alternation(factWords.skuLabels)})\s*)?` : ''}([A-Z0-9]{1,12}(?:-[A-Z0-9]{1,12}){1,5})`, 'i');

  return async function check(input, grounding, ownReply) {
    const g = grounding ?? turnGrounding(input, factWords);
    const words = categoryWordsNow();
    const problems: string[] = [];
    const knownPrices = new Set<number>();
    for (const prices of g.skuPrices.values()) for (const p of prices) knownPrices.add(p);
    // Each index is built when a check first needs it: a reply that states only the prices of
    // the products it names never reads the customer's numbers, which grow with the message.
    const lazy = <T>(make: () => T): (() => T) => {
      let value: T | undefined;
      return () => (value ??= make());
    };
    const customerNumbers = lazy(() => {
      const values = new Set<number>();
      for (const t of g.customer) numeralsIn(t, values);
      return amountIndex(values);
    });
    const amounts = lazy(() => amountIndex(g.amounts));
    const known = lazy(() => amountIndex(knownPrices));

    // A difference or sum of two stated prices ("$20 cheaper", "$119 for both") is arithmetic, not a new fact:
    // for each stated x, the y that would make it so is looked up (x - value, x + value, value - x), not scanned for.
    const derivedOf = new Map<number, boolean>();
    const derived = (value: number) => {
      let d = derivedOf.get(value);
      if (d === undefined) {
        const all = amounts();
        const difference = (x: number) => (y: number) => sameMoney(Math.abs(x - y), value);
        d = g.amounts.some(
          (x) => all.near(x - value, difference(x)) || all.near(x + value, difference(x)) || all.near(value - x, (y) => sameMoney(x + y, value)),
        );
        derivedOf.set(value, d);
      }
      return d;
    };

    // The reply with its verbatim quotes of the customer blanked (customer-quotes.ts): amounts,
    // durations, quantities and dates are read from `own` (the customer's are evidence anyway);
    // product names, context words, order ids and statuses from the whole sentence.
    const own = ownReply ?? maskCustomerQuotes(input.reply, g.customer);
    const spans = sentenceSpans(own);
    const names = nameForms(g.names);
    const replyIds: Array<{ id: string; index: number }> = [];
    for (const span of spans) {
      const sentence = input.reply.slice(span.start, span.end);
      const ownSentence = own.slice(span.start, span.end);
      // Read once per sentence: product mentions, order statuses and the catalog check below use them.
      const ids = identifiers(sentence);
      replyIds.push(...ids);
      const mentions = await productsIn(sentence, ids, names);
      // The prices of every product the sentence mentions, indexed once per sentence (not rebuilt per amount).
      let mentionedPrices: ReturnType<typeof amountIndex> | null = null;

      for (const a of moneyAmounts(ownSentence, factWords)) {
        const about = owner(mentions, a.index);
        if (about) {
          const allowed = [about.product.price, ...(g.skuPrices.get(about.product.sku) ?? [])];
          mentionedPrices ??= amountIndex(mentions.flatMap((m) => [m.product.price, ...(g.skuPrices.get(m.product.sku) ?? [])]));
          // In order of cost; the customer's numbers last but one.
          const budget = () => customerNumbers().has(a.value);
          const otherFact = () => amounts().has(a.value) && !known().has(a.value);
          if (!allowed.some((p) => sameMoney(p, a.value)) && !mentionedPrices.has(a.value) && !otherFact() && !budget() && !derived(a.value)) {
            problems.push(`It says ${a.text.trim()} for ${about.product.name} (${about.product.sku}), but its price is ${money(about.product.price)}.`);
          }
          continue;
        }
        const grounded = amounts().has(a.value) || customerNumbers().has(a.value);
        if (!grounded && !derived(a.value)) problems.push(`It states the amount ${a.text.trim()}, which no tool result or reference data gives.`);
      }

      // The category a duration is compared with; read only for a sentence that states one.
      let categoryOf: { value: string | null } | null = null;
      const categoryNow = () => (categoryOf ??= { value: categoryIn(sentence, mentions, words) }).value;
      // The sentence's own durations first: a sentence that quotes a long message states none of
      // its own, and its context words need no reading then (issue 14).
      const stated = durations(ownSentence, factWords);
      if (stated.some((x) => x.unit === 'day') && factWords.cues.return.test(sentence)) {
        for (const d of stated.filter((x) => x.unit === 'day')) {
          const category = categoryNow();
          // The policy first; what this turn's tools and customer said (read on demand) after.
          if (policyDays(category).has(d.value) || g.specificDays.has(d.value) || (!category && g.days.has(d.value))) continue;
          problems.push(
            category
              ? `It gives ${d.text} for returns of ${category}, but the policy gives ${[...policyDays(category)].filter((x) => x !== commerce.returnPolicy().refundDays).join(' or ')} days.`
              : `It gives ${d.text} for returns, which the returns policy does not state.`,
          );
        }
      }
      if (stated.some((x) => x.unit === 'month') && factWords.cues.warranty.test(sentence)) {
        for (const d of stated.filter((x) => x.unit === 'month')) {
          const offer = offerName(commerce.warrantyTerms().extendedOffer);
          const extended = factWords.cues.extendedCover.test(sentence) || (offer !== null && sentence.toLowerCase().includes(offer));
          if ((extended && extendedMonths().includes(d.value)) || (!mentions.length && g.specificMonths.has(d.value))) continue;
          const about = owner(mentions, d.index);
          if (about) {
            const allowed = mentions.map((m) => m.product.warrantyMonths);
            if (!allowed.includes(d.value) && !g.specificMonths.has(d.value)) {
              problems.push(`It gives ${d.text} of warranty for ${about.product.name} (${about.product.sku}), but its warranty is ${about.product.warrantyMonths} months.`);
            }
            continue;
          }
          const category = categoryNow();
          const allowed = policyMonths(category).has(d.value) || g.specificMonths.has(d.value) || (!category && g.months.has(d.value));
          if (!allowed && !(await catalogMonths(category)).has(d.value)) {
            problems.push(
              category
                ? `It gives ${d.text} of warranty for ${category}, but the warranty terms give ${categoryMonths(category)} months.`
                : `It gives ${d.text} of warranty, which the warranty terms do not state.`,
            );
          }
        }
      }

      const orderIds = ids.filter((x) => kinds().kind(x.id) === 'order');
      if (orderIds.length > 0 && !factWords.cues.negation.test(sentence) && !factWords.cues.statusHedge.test(sentence)) {
        const said = factWords.cues.status.filter(([, re]) => re.test(sentence)).map(([s]) => s);
        if (said.length > 0) {
          for (const { id } of orderIds) {
            // Only the verified customer's own orders are read; with no customer the tools' results are the only source.
            const order = input.customer ? await commerce.getOrder(input.customer, id).catch(() => null) : null;
            if (!order) continue;
            const wrong = said.filter((s) => !TRUE_OF[order.status].includes(s));
            if (wrong.length) problems.push(`It says order ${id} is ${wrong.join('/')}, but its status is ${order.status}.`);
          }
        }
      }
    }

    for (const d of dates(own, factWords)) {
      const ok = g.dates.some((x) => x.month === d.month && x.day === d.day && (x.year === undefined || d.year === undefined || x.year === d.year));
      if (!ok) problems.push(`It gives the date "${d.text}", which no tool result states.`);
    }

    // Every identifier of the reply is in one of its sentences (sentences break at spaces, which no identifier has).
    for (const { id } of replyIds) {
      const kind = kinds().kind(id);
      if (kind === 'order' || kind === 'case') {
        if (!g.ids.has(id)) problems.push(`It mentions ${id}, which neither the customer nor a tool result gave.`);
      } else if (kind === 'sku' && !(await product(id))) {
        problems.push(`It mentions the SKU ${id}, which is not in the catalog.`);
      }
    }

    // Knowledge facts (delivery times, other durations, percentages, countries shipped to): the
    // return-window and warranty figures above are checked against the policies instead.
    problems.push(
      ...knowledgeFactProblems(
        spans.map((span) => ({ sentence: input.reply.slice(span.start, span.end), own: own.slice(span.start, span.end) })),
        {
          texts: g.texts,
          stored: g.storeTexts,
          // Read only when the reply states a quantity: the day and month counts join the customer's facts.
          more: () => [...[...g.days].map((d) => `${d} days`), ...[...g.months].map((m) => `${m} months`)],
          customer: g.customer,
        },
        (sentence, q) => (q.key.endsWith('d') && factWords.cues.return.test(sentence)) || (q.key.endsWith('m') && factWords.cues.warranty.test(sentence)),
        factWords,
      ),
    );

    // "<product name> (<another SKU>)": a name paired with another product's SKU.
    const lower = input.reply.toLowerCase();
    for (const [name, sku] of g.names) {
      for (let i = lower.indexOf(name); i >= 0; i = lower.indexOf(name, i + 1)) {
        const after = pairedSku.exec(input.reply.slice(i + name.length, i + name.length + 80));
        const paired = after?.[1]?.toUpperCase();
        if (paired && paired !== sku && kinds().kind(paired) === 'sku') {
          const real = await product(paired);
          if (!real || real.name.toLowerCase() !== name) problems.push(`It pairs "${input.reply.slice(i, i + name.length)}" with ${paired}, but its SKU is ${sku}.`);
        }
      }
    }
    return [...new Set(problems)];
  };
}
