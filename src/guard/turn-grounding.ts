import type { ToolCallRecord } from '../core/conversation.js';
import type { AssembledPrompt, Skill } from '../core/skill.js';
import { CUSTOMER_CLOSE, CUSTOMER_OPEN, wrapCustomerText } from '../skills/customer-text.js';
import { KNOWLEDGE_HEADER } from '../skills/knowledge-retrieval.js';
import { dates, durations, identifiers, leaves, moneyAmounts, objects, type DateMention } from './reply-text.js';
import { memoPerWords, repositoryFactWords, type FactWords } from '../locale/fact-words.js';

/**
 * What this turn's prompt and tool results establish, as sets of facts the reply may
 * state. Demonstrations are left out on purpose: their orders and dates describe other,
 * made-up situations, so repeating them to this customer would be a fabrication.
 */
export interface TurnGrounding {
  /** System prompt, reference data, earlier delivered replies and tool results, as text. */
  texts: string[];
  /** Those of `texts` that are the store's own (system prompt, reference data), not a conversation's: facts read from them may be kept between turns. */
  storeTexts: ReadonlySet<string>;
  /** What the customer wrote in this conversation (a budget or a date they mention may be repeated). */
  customer: string[];
  /** Tool results of this turn, serialised (leak checks). */
  toolTexts: string[];
  amounts: number[];
  /** Prices stated next to a SKU in tool results or reference data (order lines may carry a sale price). */
  skuPrices: Map<string, number[]>;
  /** Lower-case product name -> SKU, from tool results and reference data. */
  names: Map<string, string>;
  days: Set<number>;
  months: Set<number>;
  /** Day and month counts from tool results or the customer: facts about this order, not policy. */
  specificDays: Set<number>;
  specificMonths: Set<number>;
  ids: Set<string>;
  dates: DateMention[];
  /** Emails and phone numbers in tool results (an order's contact details). */
  contacts: Set<string>;
}

const unwrap = (text: string): string => text.replace(CUSTOMER_OPEN, '').replace(CUSTOMER_CLOSE, '').trim();

/** Per skill object (a reload makes new ones): the same set on every turn of the skill. */
const demoContentsOf = new WeakMap<Skill, Set<string>>();

function demoContents(skill: Skill): Set<string> {
  let known = demoContentsOf.get(skill);
  if (!known) {
    known = collectDemoContents(skill);
    demoContentsOf.set(skill, known);
  }
  return known;
}

function collectDemoContents(skill: Skill): Set<string> {
  const out = new Set<string>();
  for (const set of Object.values(skill.prompts)) {
    for (const demo of set.demonstrations) {
      for (const m of demo.messages) {
        if (m.role === 'user') out.add(wrapCustomerText(m.content));
        else if (m.content) out.add(m.content);
      }
    }
  }
  return out;
}

// A product line in the reference data: "- <sku> · <name> · <category> · <price> · …".
const PRODUCT_LINE = /^- ([^\s·]{1,64}) · ([^·]+) · [^·]+ · ([^·]+) ·/gm;
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const PHONE = /\+?\d[\d\s().-]{7,}\d/g;

/** What one evidence text states (a pure function of the text). */
interface TextFacts {
  amounts: number[];
  days: number[];
  months: number[];
  ids: string[];
  dates: DateMention[];
  products: Array<{ name: string; sku: string; prices: number[] }>;
}

function readTextFacts(text: string, words: FactWords): TextFacts {
  const facts: TextFacts = { amounts: [], days: [], months: [], ids: [], dates: dates(text, words), products: [] };
  for (const a of moneyAmounts(text, words)) facts.amounts.push(a.value);
  for (const d of durations(text, words)) (d.unit === 'day' ? facts.days : facts.months).push(d.value);
  for (const { id } of identifiers(text)) facts.ids.push(id);
  PRODUCT_LINE.lastIndex = 0;
  for (const m of text.matchAll(PRODUCT_LINE)) {
    facts.products.push({ name: m[2]!.trim().toLowerCase(), sku: m[1]!, prices: moneyAmounts(m[3]!, words).map((a) => a.value) });
  }
  return facts;
}

/**
 * The skill's system prompt is the same long text on every turn, and the reference data
 * repeats from turn to turn: their facts are read once (bounded; cleared when full). Only the
 * store's own texts are kept here, never a conversation's (replies, tool results, customer).
 */
const TEXT_FACTS_MAX = 256;

const textFacts = memoPerWords(TEXT_FACTS_MAX, readTextFacts);

/**
 * What one customer message states, one kind of fact at a time (each a pure function of the
 * text): a check that needs only the customer's amounts (a price the store's texts do not give)
 * does not read the message for durations, ids and dates too (issue 14).
 */
function customerAmounts(text: string, words: FactWords): number[] {
  return moneyAmounts(text, words).map((a) => a.value);
}

function customerDurations(text: string, words: FactWords): { days: number[]; months: number[] } {
  const out = { days: [] as number[], months: [] as number[] };
  for (const d of durations(text, words)) (d.unit === 'day' ? out.days : out.months).push(d.value);
  return out;
}

function customerIds(text: string): string[] {
  const ids: string[] = [];
  // Customers type ids loosely ("ab10012", "#AB 10012"); the reply will use the canonical form.
  const upper = text.toUpperCase();
  for (const m of upper.matchAll(/\b([A-Z]{1,6})[\s_-]?(\d{2,12})\b/g)) ids.push(`${m[1]}-${m[2]}`);
  for (const { id } of identifiers(upper)) ids.push(id);
  return ids;
}

/**
 * A customer's messages are read again on every turn of the conversation (they stay in the
 * prompt's history) and on the check of a corrected draft: their facts are kept for the last
 * CUSTOMER_FACTS_MAX distinct messages (cleared when full, so a stream of unique messages
 * cannot grow memory). A 2,000-character message took 0.1-0.2 ms to read each time (issue 14).
 */
const CUSTOMER_FACTS_MAX = 128;
const customerFacts = {
  amounts: memoPerWords(CUSTOMER_FACTS_MAX, customerAmounts),
  durations: memoPerWords(CUSTOMER_FACTS_MAX, customerDurations),
  ids: memoPerWords(CUSTOMER_FACTS_MAX, (text) => customerIds(text)),
  dates: memoPerWords(CUSTOMER_FACTS_MAX, dates),
};

/** `words`: the locale packs' fact words (month names, time units) the texts are read with. */
export function turnGrounding(input: { skill: Skill; prompt: AssembledPrompt; tools: readonly ToolCallRecord[] }, words: FactWords = repositoryFactWords()): TurnGrounding {
  const demos = demoContents(input.skill);
  const texts: string[] = [];
  /** The system prompt and the reference data: store texts, read through the cache. */
  const storeTexts = new Set<string>();
  const customer: string[] = [];
  input.prompt.messages.forEach((m, i) => {
    if (!m.content || demos.has(m.content)) return;
    if (m.role === 'system') {
      // The skill's system prompt and the reference data; a correction note repeats the rejected draft's claims, so it is not evidence.
      if (i === 0 || m.content.startsWith(KNOWLEDGE_HEADER)) {
        texts.push(m.content);
        storeTexts.add(m.content);
      }
    } else if (m.role === 'user') customer.push(unwrap(m.content));
    else texts.push(m.content);
  });

  // Filled below from the tools and the store's texts; the customer's facts join on first use.
  const g = {
    texts,
    storeTexts,
    customer,
    toolTexts: [] as string[],
    amounts: [] as number[],
    skuPrices: new Map<string, number[]>(),
    names: new Map<string, string>(),
    days: new Set<number>(),
    months: new Set<number>(),
    specificDays: new Set<number>(),
    specificMonths: new Set<number>(),
    ids: new Set<string>(),
    dates: [] as DateMention[],
    contacts: new Set<string>(),
  } satisfies TurnGrounding;
  const addPrice = (sku: string, price: number) => g.skuPrices.set(sku, [...(g.skuPrices.get(sku) ?? []), price]);

  for (const t of input.tools) {
    const json = JSON.stringify(t.result ?? null);
    g.toolTexts.push(json);
    for (const leaf of leaves(t.result)) {
      if (typeof leaf.value === 'number') {
        if (/price|total|amount|cost|refund/i.test(leaf.key)) g.amounts.push(leaf.value);
        if (/day/i.test(leaf.key)) g.specificDays.add(leaf.value);
        if (/month/i.test(leaf.key)) g.specificMonths.add(leaf.value);
      } else if (typeof leaf.value === 'string') {
        texts.push(leaf.value);
        for (const c of leaf.value.match(EMAIL) ?? []) g.contacts.add(c.toLowerCase());
        if (/phone/i.test(leaf.key)) g.contacts.add(leaf.value);
      }
    }
    for (const o of objects(t.result)) {
      if (typeof o.sku !== 'string') continue;
      if (typeof o.name === 'string') g.names.set(o.name.toLowerCase(), o.sku);
      const price = typeof o.price === 'number' ? o.price : typeof o.unit_price === 'number' ? o.unit_price : null;
      if (price !== null) addPrice(o.sku, price);
    }
  }

  for (const text of texts) {
    const facts = storeTexts.has(text) ? textFacts(text, words) : readTextFacts(text, words);
    for (const a of facts.amounts) g.amounts.push(a);
    for (const d of facts.days) g.days.add(d);
    for (const m of facts.months) g.months.add(m);
    for (const id of facts.ids) g.ids.add(id);
    for (const d of facts.dates) g.dates.push(d);
    for (const p of facts.products) {
      g.names.set(p.name, p.sku);
      for (const price of p.prices) addPrice(p.sku, price);
    }
  }
  // What the customer wrote is read for facts only when a check first asks for one of the sets
  // it joins, and only for that kind of fact (most replies state no amount, duration, id or
  // date the store's texts do not already give): the customer's messages are the part of the
  // evidence that grows with what a customer sends (issue 14). The sets are the same whenever
  // they are read.
  const once = (join: () => void): (() => typeof g) => {
    let joined = false;
    return () => {
      if (!joined) {
        joined = true;
        join();
      }
      return g;
    };
  };
  const withAmounts = once(() => {
    for (const text of customer) for (const a of customerFacts.amounts(text, words)) g.amounts.push(a);
  });
  const withDurations = once(() => {
    for (const text of customer) {
      const facts = customerFacts.durations(text, words);
      for (const d of facts.days) g.specificDays.add(d);
      for (const m of facts.months) g.specificMonths.add(m);
    }
    for (const d of g.specificDays) g.days.add(d);
    for (const m of g.specificMonths) g.months.add(m);
  });
  const withIds = once(() => {
    for (const text of customer) for (const id of customerFacts.ids(text, words)) g.ids.add(id);
  });
  const withDates = once(() => {
    for (const text of customer) for (const d of customerFacts.dates(text, words)) g.dates.push(d);
  });
  return {
    texts: g.texts,
    storeTexts: g.storeTexts,
    customer: g.customer,
    toolTexts: g.toolTexts,
    skuPrices: g.skuPrices,
    names: g.names,
    contacts: g.contacts,
    get amounts() {
      return withAmounts().amounts;
    },
    get days() {
      return withDurations().days;
    },
    get months() {
      return withDurations().months;
    },
    get specificDays() {
      return withDurations().specificDays;
    },
    get specificMonths() {
      return withDurations().specificMonths;
    },
    get ids() {
      return withIds().ids;
    },
    get dates() {
      return withDates().dates;
    },
  };
}

export { EMAIL, PHONE };
