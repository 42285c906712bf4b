import type { LocalePack } from './locale-packs.js';

// A module constant, not a literal in the function: the TypeScript loader (esbuild, for the
// node target) compiles a regex literal with `\p{...}` outside a class to `new RegExp(...)` at
// the place it is written, so inside a function it was built again on every call.
const MARKS = /\p{M}+/gu;

/** A reply longer than this is a new request, not a "yes" or "no" to the proposal. */
const MAX_WORDS = 12;

/** Lower case, no accents, apostrophes kept, other punctuation as spaces, single spaces. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(/[\u2018\u2019`´]/g, "'")
    .replace(/[^\p{L}\p{N}'\s-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The length of the longest phrase the message starts with, 0 when none. */
function startsWithPhrase(folded: string, phrases: readonly string[]): number {
  let best = 0;
  for (const p of phrases) {
    const f = fold(p);
    if (f.length > best && (folded === f || folded.startsWith(`${f} `))) best = f.length;
  }
  return best;
}

/** The pack whose phrase matches longest; on a tie the first (the default language comes first). */
function bestPack(folded: string, packs: readonly LocalePack[], pick: (p: LocalePack) => readonly string[]): LocalePack | undefined {
  let best: LocalePack | undefined;
  let bestLength = 0;
  for (const p of packs) {
    const length = startsWithPhrase(folded, pick(p));
    if (length > bestLength) {
      best = p;
      bestLength = length;
    }
  }
  return best;
}

function containsPhrase(folded: string, phrases: readonly string[]): boolean {
  const padded = ` ${folded} `;
  return phrases.some((p) => {
    const f = fold(p);
    // Two-letter words ("no" in "no problem") are only a decline at the start.
    return f.length > 2 && padded.includes(` ${f} `);
  });
}

export type ReplyIntent = 'confirm' | 'decline' | 'other';

export interface ReplyIntentResult {
  intent: ReplyIntent;
  /** The pack whose words matched (the language to answer in), when one did. */
  language: string | null;
}

/**
 * Whether a short message confirms or declines the proposal the bot just made, in any of the
 * locale packs' languages. Decided in code from the customer's own words; the bot's reply text
 * is never read back. Cost is linear in the message (it is cut to a few words first).
 */
export function replyIntent(text: string, packs: readonly LocalePack[]): ReplyIntentResult {
  const head = text.slice(0, 400);
  const words = fold(head).split(' ').filter(Boolean);
  if (words.length === 0 || words.length > MAX_WORDS) return { intent: 'other', language: null };
  // "ok, and what about the warranty?" asks something new.
  const asks = /[?¿]/.test(head);
  const folded = words.join(' ');
  const decliner = bestPack(folded, packs, (p) => p.decline);
  const confirmer = bestPack(folded, packs, (p) => p.confirm);
  // "yes, but don't" and "ok wait" are not a clear yes.
  if (confirmer && !decliner && !asks && !packs.some((p) => containsPhrase(folded, p.decline))) return { intent: 'confirm', language: confirmer.language };
  if (decliner) return { intent: 'decline', language: decliner.language };
  return { intent: 'other', language: null };
}
