import { fold } from '../commerce/text-terms.js';
import { analysisWindow } from '../core/text-budget.js';

/**
 * Phrase matching on customer text: both sides folded (case, accents) and reduced to words
 * separated by single spaces, so "Cuánto tarda?" contains "cuanto tarda". One linear pass per
 * phrase over the message's analysis window; phrase lists come from locale packs (bounded).
 */
export function normalized(text: string): string {
  // A turn asks about one message many times (follow-ups, ordinals, pronouns, for each step's
  // conditions): the last message's form is kept, so its window is folded once.
  if (text === lastText) return lastNormalized;
  const norm = ` ${fold(analysisWindow(text)).replace(/[’`]/g, "'").replace(/[^\p{L}\p{N}'-]+/gu, ' ').trim()} `;
  lastText = text;
  lastNormalized = norm;
  return norm;
}

let lastText: string | null = null;
let lastNormalized = '';

/** The locale packs' phrases, normalised once each (bounded, though the packs are). */
const phraseForms = new Map<string, string>();
const MAX_PHRASE_FORMS = 10_000;

function phraseForm(phrase: string): string {
  let p = phraseForms.get(phrase);
  if (p === undefined) {
    p = ` ${fold(phrase).replace(/[’`]/g, "'").replace(/[^\p{L}\p{N}'-]+/gu, ' ').trim()} `;
    if (phraseForms.size >= MAX_PHRASE_FORMS) phraseForms.clear();
    phraseForms.set(phrase, p);
  }
  return p;
}

/** Whether the normalized text contains the phrase as whole words; a phrase written "^words" must start the message. */
export function hasPhrase(norm: string, phrase: string): boolean {
  const anchored = phrase.startsWith('^');
  const p = phraseForm(anchored ? phrase.slice(1) : phrase);
  return p.length > 2 && (anchored ? norm.startsWith(p) : norm.includes(p));
}

/** The phrases of a list found in the text, longest first. */
export function phrasesIn(norm: string, phrases: Iterable<string>): string[] {
  const found: string[] = [];
  for (const p of phrases) if (hasPhrase(norm, p)) found.push(p);
  return found.sort((a, b) => b.length - a.length);
}
