import { fold } from '../commerce/text-terms.js';
import { analysisWindow } from '../core/text-budget.js';

/**
 * Phrase matching on customer text: both sides folded (case, accents) and reduced to words
 * separated by single spaces, so "Cuánto tarda?" contains "cuanto tarda". One linear pass per
 * phrase over the message's analysis window; phrase lists come from locale packs (bounded).
 */
export function normalized(text: string): string {
  return ` ${fold(analysisWindow(text)).replace(/[’`]/g, "'").replace(/[^\p{L}\p{N}'-]+/gu, ' ').trim()} `;
}

/** Whether the normalized text contains the phrase as whole words. */
export function hasPhrase(norm: string, phrase: string): boolean {
  const p = normalized(phrase);
  return p.length > 2 && norm.includes(p);
}

/** The phrases of a list found in the text, longest first. */
export function phrasesIn(norm: string, phrases: Iterable<string>): string[] {
  const found: string[] = [];
  for (const p of phrases) if (hasPhrase(norm, p)) found.push(p);
  return found.sort((a, b) => b.length - a.length);
}
