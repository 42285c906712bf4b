import { words } from '../../commerce/text-terms.js';
import type { ShownItem } from '../../core/dialogue-state.js';
import { guessProducts } from '../category-guess.js';
import type { OfflineTurn } from '../offline-turn.js';
import { normalized, phrasesIn } from '../phrases.js';
import { bestOn, comparativeIn, followUpsIn, ownOrdinalsIn } from '../references.js';
import { humanize, listing, money, andWord, type Rendered } from './render-kit.js';

const NO_WORDS: ReadonlySet<string> = new Set();
/** A property question names a few words ("is it machine washable"); more is a new request. */
const MAX_ASKED_WORDS = 3;
/** A quoted description sentence is cut to this (descriptions are short, but store data). */
const MAX_QUOTE = 200;

const attach = (ps: readonly ShownItem[]) => ({ products: ps.map((p) => ({ sku: p.sku, name: p.name, price: p.price, category: p.category })) });

/**
 * "Which is cheaper?" / "which one is lighter?" right after several items were shown (a
 * `choose` cue of the locale pack and a comparative): the answer is among those items, never
 * a new search. Names the one and its value, or says their details do not tell.
 */
export function chooseAmongShown(turn: OfflineTurn, currency: string): Rendered | null {
  const shown = turn.dialogue?.shown ?? [];
  if (shown.length < 2 || !followUpsIn(turn.conv.text, turn.references).has('choose')) return null;
  const comparative = comparativeIn(turn.conv.text, turn.references);
  if (!comparative) return null;
  const comparison = turn.comparisons.get(comparative.concept);
  const items = shown.slice(0, 5);
  const best = comparison ? bestOn(items, comparison, comparative.prefer) : null;
  const word = comparativeWord(turn);
  if (!best || !comparison) {
    return { text: turn.say('choose_unknown', { names: listing(items.map((p) => p.name), andWord(turn)), word }), attachments: attach(items) };
  }
  const value =
    comparison.field === 'price'
      ? money(best.price, currency, turn.language)
      : comparison.field === 'warranty'
        ? turn.say('months', { n: best.warrantyMonths ?? 0 })
        : attributeText(best, comparison.attributes ?? []);
  return { text: turn.say('choose_one', { count: items.length, name: best.name, sku: best.sku, word, value }), attachments: attach([best]) };
}

/** The comparative as the customer wrote it ("cheaper"), for the answer to echo. */
function comparativeWord(turn: OfflineTurn): string {
  const norm = normalized(turn.conv.text);
  for (const refs of turn.references) {
    const [w] = phrasesIn(norm, Object.keys(refs.comparatives));
    if (w) return w;
  }
  return '';
}

function attributeText(item: ShownItem, wanted: readonly string[]): string {
  for (const want of wanted) {
    for (const [k, v] of Object.entries(item.attributes)) if (k.toLowerCase().includes(want)) return `${humanize(k)} ${String(v)}`;
  }
  return '';
}

/**
 * "Is it washable?" / "is it waterproof?" about the item in focus (a `property` cue of the
 * locale pack and a pronoun): answered from the product's own data (an attribute, a tag, a
 * word of its description), else the answer says its details do not say and offers a person,
 * never a new search listing other products. Null when the message is not such a question, or
 * its words name another kind of product (a new search).
 */
export async function propertyOfFocus(turn: OfflineTurn): Promise<Rendered | null> {
  const dialogue = turn.dialogue;
  const focus = dialogue?.focus ?? (dialogue?.shown.length === 1 ? dialogue.shown[0] : undefined);
  if (!focus || !followUpsIn(turn.conv.text, turn.references).has('property')) return null;
  if (comparativeIn(turn.conv.text, turn.references) || ownOrdinalsIn(turn.conv.text, turn.references).length > 0) return null;
  const asked = askedWords(turn);
  if (asked.length === 0 || asked.length > MAX_ASKED_WORDS) return null;
  const product = await turn.commerce.getProduct(focus.sku);
  if (!product) return null;
  const stems = new Set(asked.map((w) => turn.words.stem(w)));
  // Every word asked, in one place of the data: "is it a cat bed" is no yes for a dog bed because
  // "bed" is in its name, nor "is it for large dogs" for the medium one because "dog" is its animal.
  const hit = (text: string) => {
    const found = new Set(words(text).map((w) => turn.words.stem(w)));
    for (const s of stems) if (!found.has(s)) return false;
    return true;
  };
  // The customer's own question, quoted when the data does not answer it (no grammar to build).
  const question = withoutEndMarks(turn.conv.text.trim()).slice(0, MAX_QUOTE);
  const base = { name: product.name, sku: product.sku, question };
  // Stock is the product's own fact, said in the customer's language ("in stock").
  const stock = turn.say(product.inStock ? 'in_stock' : 'out_of_stock');
  if (stock && hit(stock)) return { text: turn.say('property_stock', { ...base, stock }), attachments: attach([focus]) };
  for (const [k, v] of Object.entries(product.attributes)) {
    if (typeof v === 'boolean' && hit(k)) return { text: turn.say(v ? 'property_yes' : 'property_no', { ...base, evidence: `"${humanize(k)}"` }), attachments: attach([focus]) };
    if (typeof v !== 'boolean' && (hit(String(v)) || hit(k))) return { text: turn.say('property_yes', { ...base, evidence: `${humanize(k)} ${String(v)}` }), attachments: attach([focus]) };
  }
  const tag = product.tags.find(hit);
  if (tag) return { text: turn.say('property_yes', { ...base, evidence: `"${tag}"` }), attachments: attach([focus]) };
  const sentence = product.description.split(/(?<=[.!?。])\s*/u).find(hit);
  if (sentence) return { text: turn.say('property_yes', { ...base, evidence: `"${sentence.trim().slice(0, MAX_QUOTE)}"` }), attachments: attach([focus]) };
  if (hit(product.name)) return { text: turn.say('property_yes', { ...base, evidence: product.name }), attachments: attach([focus]) };
  // Words that find another kind of product ("is it a cat bed?" after a lead): a new search.
  const other = await guessProducts(turn.commerce, asked.join(' '), NO_WORDS, turn.words.stem, turn.language);
  if (other && other.category !== focus.category) return null;
  return { text: turn.say('property_unknown', base), attachments: attach([focus]) };
}

/** The message's words other than the cue, the pronouns and the packs' stopwords. */
function askedWords(turn: OfflineTurn): string[] {
  let norm = normalized(turn.conv.text);
  for (const refs of turn.references) {
    for (const p of [...(refs.follow_ups.property ?? []), ...refs.pronouns]) {
      const form = ` ${words(p.replace(/^\^/, '')).join(' ')} `;
      if (form.trim()) norm = norm.split(form).join(' ');
    }
  }
  return words(norm).filter((w) => !turn.words.stopwords.has(w));
}

/** The text without its closing question, exclamation and full stop marks: one backward scan (an anchored `[…]+$` retries from every mark of a long run). */
function withoutEndMarks(text: string): string {
  let end = text.length;
  while (end > 0 && END_MARKS.has(text[end - 1]!)) end--;
  return text.slice(0, end);
}

const END_MARKS = new Set(['?', '？', '!', '.']);
