import type { AttributeValue, DialogueState, ShownItem } from '../core/dialogue-state.js';
import type { LanguageReferences } from '../locale/language-references.js';
import { ownValue } from '../core/own-keys.js';
import { hasPhrase, normalized, phrasesIn } from './phrases.js';

/** Which attribute(s) a comparative's concept compares (prompts/offline.yaml `comparisons`). */
export interface Comparison {
  /** `price` or `rating` (the item's own fields), else attribute names containing one of `attributes`. */
  field?: 'price' | 'rating' | 'warranty';
  attributes?: string[];
}

export interface ResolvedReference {
  kind: 'ordinal' | 'comparative' | 'pronoun' | 'all';
  items: ShownItem[];
  /** For comparatives: the concept compared ("price") and the side preferred. */
  concept?: string;
  prefer?: 'lower' | 'higher';
}

/** The first number in an attribute value ("72 dB" -> 72), or null. */
function numberOf(v: AttributeValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  const m = /\d+(?:[.,]\d+)?/.exec(v);
  return m ? Number(m[0].replace(',', '.')) : null;
}

function valueFor(item: ShownItem, comparison: Comparison): number | null {
  if (comparison.field === 'price') return item.price;
  if (comparison.field === 'warranty') return item.warrantyMonths ?? null;
  for (const want of comparison.attributes ?? []) {
    for (const [key, v] of Object.entries(item.attributes)) {
      if (key.toLowerCase().includes(want)) {
        const n = numberOf(v);
        if (n !== null) return n;
      }
    }
  }
  return null;
}

/** The attribute concept a message asks about ("how heavy is it?" -> weight), from any of the given packs. */
export function attributeAskedIn(text: string, packs: readonly LanguageReferences[]): string | null {
  return attributeAsk(text, packs)?.concept ?? null;
}

/** The attribute asked and the phrase that asked it ("how heavy"), or null. */
export function attributeAsk(text: string, packs: readonly LanguageReferences[]): { concept: string; phrase: string } | null {
  const norm = normalized(text);
  for (const refs of packs) {
    if (!refs.asks) continue;
    const [phrase] = phrasesIn(norm, Object.keys(refs.asks));
    const concept = phrase ? ownValue(refs.asks, phrase) : undefined;
    if (phrase && concept) return { concept, phrase };
  }
  return null;
}

/** Whether the message uses a word for the item in focus ("it", "that one"). */
export function hasPronoun(text: string, packs: readonly LanguageReferences[]): boolean {
  const norm = normalized(text);
  return packs.some((refs) => refs.pronouns.some((p) => hasPhrase(norm, p)));
}

/** An item's own values for a concept's attributes ("weight" -> [["weight", "1.6 kg"]]); empty when the store lists none. */
export function attributeValues(item: ShownItem, comparison: Comparison): Array<[string, AttributeValue]> {
  const out: Array<[string, AttributeValue]> = [];
  for (const want of comparison.attributes ?? []) {
    for (const [key, v] of Object.entries(item.attributes)) if (key.toLowerCase().includes(want) && !out.some(([k]) => k === key)) out.push([key, v]);
  }
  return out;
}

/** The shown item best on a concept, or null when the shown items do not say (no such attribute). */
export function bestOn(items: readonly ShownItem[], comparison: Comparison, prefer: 'lower' | 'higher'): ShownItem | null {
  let best: ShownItem | null = null;
  let bestValue = 0;
  for (const item of items) {
    const v = valueFor(item, comparison);
    if (v === null) continue;
    if (best === null || (prefer === 'lower' ? v < bestValue : v > bestValue)) {
      best = item;
      bestValue = v;
    }
  }
  return best;
}

/** The comparative a message uses ("the quieter one"), from any of the given packs. */
export function comparativeIn(text: string, packs: readonly LanguageReferences[]): { concept: string; prefer: 'lower' | 'higher' } | null {
  const norm = normalized(text);
  for (const refs of packs) {
    const [word] = phrasesIn(norm, Object.keys(refs.comparatives));
    if (word) return ownValue(refs.comparatives, word) ?? null;
  }
  return null;
}

/** The follow-up kinds a message asks (duration, next, refine, details...), from the given packs. */
export function followUpsIn(text: string, packs: readonly LanguageReferences[]): Set<string> {
  const norm = normalized(text);
  const out = new Set<string>();
  for (const refs of packs) {
    for (const [kind, phrases] of Object.entries(refs.follow_ups)) if (phrases.some((p) => hasPhrase(norm, p))) out.add(kind);
  }
  return out;
}

/**
 * What a follow-up points at among the items last shown: "the second one" (ordinal), "the
 * cheaper one" (comparative over the items' facts), "it" / "that one" (the item in focus, or the
 * only one shown). Null when the message points at nothing the conversation showed.
 */
export function resolveReference(
  text: string,
  dialogue: DialogueState | undefined,
  packs: readonly LanguageReferences[],
  comparisons: ReadonlyMap<string, Comparison>,
): ResolvedReference | null {
  if (!dialogue) return null;
  const shown = dialogue.shown;
  const norm = normalized(text);
  if (shown.length > 0) {
    const comparative = comparativeIn(text, packs);
    if (comparative) {
      const comparison = comparisons.get(comparative.concept);
      const best = comparison ? bestOn(shown, comparison, comparative.prefer) : null;
      if (best) return { kind: 'comparative', items: [best], concept: comparative.concept, prefer: comparative.prefer };
    }
    for (const refs of packs) {
      for (const word of phrasesIn(norm, Object.keys(refs.ordinals))) {
        const n = ownValue(refs.ordinals, word);
        if (n === undefined) continue;
        const item = n < 0 ? shown[shown.length + n] : shown[n - 1];
        if (item) return { kind: 'ordinal', items: [item] };
      }
    }
  }
  const pronoun = packs.some((refs) => refs.pronouns.some((p) => hasPhrase(norm, p)));
  if (pronoun) {
    if (dialogue.focus) return { kind: 'pronoun', items: [dialogue.focus] };
    if (shown.length === 1) return { kind: 'pronoun', items: [shown[0]!] };
  }
  return null;
}

/**
 * A follow-up that only makes sense against the conversation so far: an ordinal or comparative
 * over the items shown, "compare them" with several shown, or "how long does that take?" /
 * "what now?" after an answer. A pronoun alone ("is it covered?") is not enough: it may be
 * a new question about the same item for another skill.
 */
export function pointsBack(text: string, dialogue: DialogueState | undefined, packs: readonly LanguageReferences[]): boolean {
  if (!dialogue) return false;
  const norm = normalized(text);
  if (dialogue.shown.length > 0) {
    if (comparativeIn(text, packs)) return true;
    for (const refs of packs) {
      for (const word of phrasesIn(norm, Object.keys(refs.ordinals))) {
        const n = ownValue(refs.ordinals, word);
        if (n !== undefined && (n < 0 ? dialogue.shown.length + n >= 0 : n <= dialogue.shown.length)) return true;
      }
    }
  }
  // "How heavy is it?" about an item shown: an attribute of it, not a new search.
  if ((dialogue.focus || dialogue.shown.length > 0) && attributeAskedIn(text, packs) && hasPronoun(text, packs)) return true;
  const kinds = followUpsIn(text, packs);
  if (kinds.has('compare') && dialogue.shown.length > 1) return true;
  return dialogue.last !== undefined && (kinds.has('duration') || kinds.has('next'));
}

/** The positions a message names ("the second one" -> [2], "the last" -> [-1]), in or out of the list shown. */
export function ownOrdinalsIn(text: string, packs: readonly LanguageReferences[]): number[] {
  const norm = normalized(text);
  const out: number[] = [];
  for (const refs of packs) {
    for (const word of phrasesIn(norm, Object.keys(refs.ordinals))) {
      const n = ownValue(refs.ordinals, word);
      if (n !== undefined) out.push(n);
    }
  }
  return out;
}
