import type { LocalePack } from './locale-packs.js';

// A module constant, not a literal in the function: the TypeScript loader (esbuild, for the
// node target) compiles a regex literal with `\p{...}` outside a class to `new RegExp(...)` at
// the place it is written, so inside a function it was built again on every call.
const MARKS = /\p{M}+/gu;
/** Where a clause ends: the customer's own punctuation. */
const CLAUSE_BREAK = /[,;.!\n\u3001\u3002\uff0c]/;

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

/** Each phrase as its folded words, longest first, memoized per pack list (packs are immutable). */
const coverPhrases = new WeakMap<readonly string[], readonly (readonly string[])[]>();

function phraseWords(phrases: readonly string[]): readonly (readonly string[])[] {
  let words = coverPhrases.get(phrases);
  if (!words) {
    words = phrases.map((p) => fold(p).split(' ').filter(Boolean)).filter((w) => w.length > 0).sort((a, b) => b.length - a.length);
    coverPhrases.set(phrases, words);
  }
  return words;
}

/** The kinds of proposal a pack may name by their own verbs (`confirm_for`). */
export type ProposalKind = keyof LocalePack['confirm_for'];

/** Each pack's action words for a proposal kind, one array per pack and kind (packs are immutable). */
const actionWordLists = new WeakMap<LocalePack, Map<ProposalKind | null, readonly string[]>>();

/** A pack's words naming the proposed action: `confirm_action`, and its own verbs for this kind of proposal. */
function actionWords(pack: LocalePack, kind: ProposalKind | null): readonly string[] {
  let byKind = actionWordLists.get(pack);
  if (!byKind) actionWordLists.set(pack, (byKind = new Map()));
  let list = byKind.get(kind);
  if (!list) {
    const own = kind !== null && Object.hasOwn(pack.confirm_for, kind) ? (pack.confirm_for[kind] ?? []) : [];
    list = [...pack.confirm_action, ...own];
    byKind.set(kind, list);
  }
  return list;
}

/** A pack's decline words less the verbs that name this kind of proposal's action ("cancel" to a cancellation). */
function declineWords(pack: LocalePack, kind: ProposalKind | null): readonly string[] {
  const own = kind !== null && Object.hasOwn(pack.confirm_for, kind) ? (pack.confirm_for[kind] ?? []) : [];
  if (own.length === 0) return pack.decline;
  let byKind = declineLists.get(pack);
  if (!byKind) declineLists.set(pack, (byKind = new Map()));
  let list = byKind.get(kind);
  if (!list) {
    const named = new Set(own.map(fold));
    list = pack.decline.filter((d) => !named.has(fold(d)));
    byKind.set(kind, list);
  }
  return list;
}
const declineLists = new WeakMap<LocalePack, Map<ProposalKind | null, readonly string[]>>();

/** The packs' phrases of one kind as folded words, longest first. */
function phrasesOf(packs: readonly LocalePack[], pick: (p: LocalePack) => readonly string[]): readonly (readonly string[])[] {
  return packs.flatMap((p) => phraseWords(pick(p))).sort((a, b) => b.length - a.length);
}

function phraseAt(words: readonly string[], i: number, phrases: readonly (readonly string[])[]): readonly string[] | undefined {
  return phrases.find((p) => p.length <= words.length - i && p.every((w, k) => words[i + k] === w));
}

/**
 * How a run of words reads as yes words: whether it is, end to end, a sequence of the packs'
 * confirm phrases and the words that may go with them ("yes please go ahead" is, "ok I'll think
 * about it" is not), and whether one of them names the action. Every pack's words count:
 * customers mix ("ok merci"). At most MAX_WORDS words, each position tries each phrase once.
 */
function readYesWords(words: readonly string[], packs: readonly LocalePack[], kind: ProposalKind | null): { covered: boolean; namesAction: boolean } {
  const yes = phrasesOf(packs, (p) => [...p.confirm, ...p.confirm_also, ...actionWords(p, kind)]);
  const action = phrasesOf(packs, (p) => actionWords(p, kind));
  let namesAction = false;
  let i = 0;
  while (i < words.length) {
    const match = phraseAt(words, i, yes);
    if (!match) return { covered: false, namesAction };
    if (!namesAction && phraseAt(words, i, action)) namesAction = true;
    i += match.length;
  }
  return { covered: true, namesAction };
}

/**
 * A plain yes: every word a yes word, or leading clauses of yes words that name the action (the
 * rest is the customer's reason). "ok, I'll think about it" and "yes I want to read the policy
 * first" are not: a side effect needs a yes without a condition or a delay of the customer's own.
 */
function plainYes(head: string, words: readonly string[], packs: readonly LocalePack[], kind: ProposalKind | null): boolean {
  if (readYesWords(words, packs, kind).covered) return true;
  const lead: string[] = [];
  // The caller allows at most MAX_WORDS words, so this reads a handful of clauses.
  for (const clause of head.split(CLAUSE_BREAK)) {
    lead.push(...fold(clause).split(' ').filter(Boolean));
    if (lead.length >= words.length) return false;
    const read = readYesWords(lead, packs, kind);
    if (!read.covered) return false;
    if (read.namesAction) return true;
  }
  return false;
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
export function replyIntent(text: string, packs: readonly LocalePack[], kind: ProposalKind | null = null): ReplyIntentResult {
  const head = text.slice(0, 400);
  // A longer message is a new request, whatever its first 400 characters say.
  if (text.length > head.length && /\S/.test(text.slice(head.length))) return { intent: 'other', language: null };
  const words = fold(head).split(' ').filter(Boolean);
  if (words.length === 0 || words.length > MAX_WORDS) return { intent: 'other', language: null };
  // "ok, and what about the warranty?" asks something new.
  const asks = /[?¿]/.test(head);
  const folded = words.join(' ');
  // What the proposal is matters only for its own verbs (`confirm_for`): "yes, cancel it" to a cancellation.
  const decliner = bestPack(folded, packs, (p) => declineWords(p, kind));
  const confirmer = bestPack(folded, packs, (p) => p.confirm);
  // "yes, but don't" and "ok wait" are not a clear yes, nor is a yes with a condition or a delay
  // of the customer's own ("ok I'll think about it"): a side effect needs a plain yes.
  if (confirmer && !decliner && !asks && !packs.some((p) => containsPhrase(folded, declineWords(p, kind))) && plainYes(head, words, packs, kind)) {
    return { intent: 'confirm', language: confirmer.language };
  }
  if (decliner) return { intent: 'decline', language: decliner.language };
  return { intent: 'other', language: null };
}
