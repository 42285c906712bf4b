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
