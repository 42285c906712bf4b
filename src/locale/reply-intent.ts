import type { LocalePack } from './locale-packs.js';

// A module constant, not a literal in the function: the TypeScript loader (esbuild, for the
// node target) compiles a regex literal with `\p{...}` outside a class to `new RegExp(...)` at
// the place it is written, so inside a function it was built again on every call.
const MARKS = /\p{M}+/gu;
/** Where a clause ends: the customer's own punctuation. */
const CLAUSE_BREAK = /[,;.!\n\u060c\u061b\u3001\u3002\uff0c\uff01\uff1b]+/;
/** A clause that can hold a word at all (fold keeps letters, digits, apostrophes and hyphens). */
const WORDISH = /[\p{L}\p{N}'\u2018\u2019`´-]/u;

/** A symbol a reader sees (an emoji, a sign): fold() drops them, so they are read apart. */
const SYMBOL = /[\p{Extended_Pictographic}\p{So}]/gu;
/** What changes how a symbol looks, not what it says: skin tones, presentation selectors, joiners, keycap. */
const SYMBOL_DRESS = /[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F\u200D\u20E3]/gu;
/**
 * An emoticon typed in ASCII (":(", ":-/", ";)", "=D"): eyes, an optional nose, a mouth. Not after
 * or before a digit, so a time ("10:30") is not one. Its nose is dropped when compared.
 */
const EMOTICON = /(?<!\p{N})[:;=]['^o-]?[()[\]{}/\\|<>DPpOo3*@$](?!\p{N})/gu;
const EMOTICON_NOSE = /^([:;=])['^o-]/;

/** Each symbol and emoticon of a text, dressed-down, as compared with the packs' lists. */
function symbolsOf(text: string): string[] {
  const bare = text.replace(SYMBOL_DRESS, '');
  const out: string[] = [];
  for (const [emoticon] of bare.matchAll(EMOTICON)) out.push(emoticon.replace(EMOTICON_NOSE, '$1'));
  for (const [symbol] of bare.matchAll(SYMBOL)) out.push(symbol);
  return out;
}

/** The packs' yes symbols, per set of packs (packs are immutable; a reload makes new ones). */
const yesSymbolSets = new WeakMap<LocalePack, ReadonlySet<string>>();

function yesSymbols(pack: LocalePack): ReadonlySet<string> {
  let set = yesSymbolSets.get(pack);
  if (!set) {
    set = new Set(pack.confirm_symbols.flatMap(symbolsOf));
    yesSymbolSets.set(pack, set);
  }
  return set;
}

/**
 * What may stand between the words of a plain yes once its symbols and emoticons are read:
 * spaces and sentence punctuation (the Arabic and CJK commas and stops too). Anything else (">_<", "):", "._.") says something the words
 * do not, as an unknown symbol does.
 */
const PLAIN_PUNCTUATION = /^[\p{L}\p{M}\p{N}\s'\u2018\u2019`´,.;:!¡\u060c\u061b\u3001\u3002\uff0c\uff01\uff1b-]*$/u;

/** Whether every symbol in the reply is one a pack lets go with a yes ("yes 👍" or "ok :)", not "yes 👎", "ok :(" or "yes >_<"). */
function onlyYesSymbols(head: string, packs: readonly LocalePack[]): boolean {
  for (const symbol of symbolsOf(head)) {
    if (!packs.some((p) => yesSymbols(p).has(symbol))) return false;
  }
  return PLAIN_PUNCTUATION.test(head.replace(SYMBOL_DRESS, '').replace(EMOTICON, ' ').replace(SYMBOL, ' '));
}

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

/** A pack list's phrases folded, once per list (packs are immutable; a reload makes new lists). */
const foldedLists = new WeakMap<readonly string[], readonly string[]>();

function foldedPhrases(phrases: readonly string[]): readonly string[] {
  let folded = foldedLists.get(phrases);
  if (!folded) {
    folded = phrases.map(fold);
    foldedLists.set(phrases, folded);
  }
  return folded;
}

/** The length of the longest phrase the message starts with, 0 when none. */
function startsWithPhrase(folded: string, phrases: readonly string[]): number {
  let best = 0;
  for (const f of foldedPhrases(phrases)) {
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
  return foldedPhrases(phrases).some((f) => {
    // Two-letter words ("no" in "no problem") are only a decline at the start.
    return f.length > 2 && padded.includes(` ${f} `);
  });
}

type Phrases = readonly (readonly string[])[];

/** Each phrase as its folded words, longest first. */
function phraseWords(phrases: readonly string[]): Phrases {
  return phrases.map((p) => fold(p).split(' ').filter(Boolean)).filter((w) => w.length > 0).sort((a, b) => b.length - a.length);
}

interface YesWords {
  /** Confirm phrases and the words that may go with them, longest first. */
  yes: Phrases;
  /** Phrases that name doing the action. */
  action: Phrases;
  /**
   * Phrases that take the yes back when they follow it: a condition or a delay ("only if",
   * "once") or a decline of any length ("yes, start it, no" — the whole-message check skips
   * two-letter declines, which are one only at the start).
   */
  takesBack: Phrases;
}

/** The kinds of proposal a pack may name by their own verbs (`confirm_for`). */
export type ProposalKind = keyof LocalePack['confirm_for'];

/** A pack's own verbs for this kind of proposal (`confirm_for`), none without a kind. */
function ownVerbs(pack: LocalePack, kind: ProposalKind | null): readonly string[] {
  return kind !== null && Object.hasOwn(pack.confirm_for, kind) ? (pack.confirm_for[kind] ?? []) : [];
}

/** A pack's decline words less the verbs that name this kind of proposal's action ("cancel" to a cancellation). */
const declineLists = new WeakMap<LocalePack, Map<ProposalKind, readonly string[]>>();

function declineWords(pack: LocalePack, kind: ProposalKind | null): readonly string[] {
  const own = ownVerbs(pack, kind);
  if (kind === null || own.length === 0) return pack.decline;
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

/**
 * The packs' yes words for a kind of proposal, made once per set of packs and kind: `all()` gives
 * a new array each call, so the last set is kept and compared pack by pack (packs are immutable;
 * a reload makes new ones).
 */
let lastYesWords: { packs: readonly LocalePack[]; byKind: Map<ProposalKind | null, YesWords> } | null = null;

function yesWordsOf(packs: readonly LocalePack[], kind: ProposalKind | null): YesWords {
  const last = lastYesWords;
  const byKind = last && last.packs.length === packs.length && last.packs.every((p, i) => p === packs[i]) ? last.byKind : new Map<ProposalKind | null, YesWords>();
  if (byKind !== last?.byKind) lastYesWords = { packs: [...packs], byKind };
  let words = byKind.get(kind);
  if (!words) {
    const action = packs.flatMap((p) => [...p.confirm_action, ...ownVerbs(p, kind)]);
    words = {
      yes: phraseWords([...packs.flatMap((p) => [...p.confirm, ...p.confirm_also]), ...action]),
      action: phraseWords(action),
      takesBack: phraseWords(packs.flatMap((p) => [...p.confirm_condition, ...declineWords(p, kind)])),
    };
    byKind.set(kind, words);
  }
  return words;
}

function phraseAt(words: readonly string[], i: number, phrases: Phrases): readonly string[] | undefined {
  return phrases.find((p) => p.length <= words.length - i && p.every((w, k) => words[i + k] === w));
}

/**
 * A plain yes. Either every word is a yes word (a sequence of the packs' confirm phrases and the
 * words that may go with them: "yes please go ahead"; every pack's words count, customers mix:
 * "ok merci"), or the leading clauses are yes words that name the action and the rest, the
 * customer's reason, holds no condition or delay ("yes, start the return, it is too loud").
 * "ok, I'll think about it", "yes I want to read the policy first" and "ok go ahead, once the
 * replacement arrives" are not: a side effect needs a yes without a condition of the customer's
 * own. One greedy pass over at most MAX_WORDS words, each position trying each phrase once.
 */
function plainYes(head: string, words: readonly string[], packs: readonly LocalePack[], kind: ProposalKind | null): boolean {
  const { yes, action, takesBack } = yesWordsOf(packs, kind);
  // Where each clause ends, as a count of words (the customer's own punctuation).
  const clauseEnds = new Set<number>();
  let count = 0;
  for (const clause of head.split(CLAUSE_BREAK)) {
    if (!WORDISH.test(clause)) continue;
    const n = fold(clause).split(' ').filter(Boolean).length;
    if (n === 0) continue;
    count += n;
    clauseEnds.add(count);
  }
  let namesAction = false;
  let i = 0;
  while (i < words.length) {
    // Leading clauses of yes words naming the action, then a reason that takes nothing back.
    if (i > 0 && namesAction && clauseEnds.has(i)) {
      const rest = words.slice(i);
      return !rest.some((_, k) => phraseAt(rest, k, takesBack) !== undefined);
    }
    const match = phraseAt(words, i, yes);
    if (!match) return false;
    if (!namesAction && phraseAt(words, i, action)) namesAction = true;
    i += match.length;
  }
  return true;
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
  // Emoticons are read as symbols (onlyYesSymbols), not as words or clause breaks: ":-)" is no word "-".
  const prose = head.replace(EMOTICON, ' ');
  const words = fold(prose).split(' ').filter(Boolean);
  if (words.length === 0 || words.length > MAX_WORDS) return { intent: 'other', language: null };
  // "ok, and what about the warranty?" asks something new.
  // The Arabic and full-width question marks ask too.
  const asks = /[?¿\u061f\uff1f]/.test(head);
  const folded = words.join(' ');
  // What the proposal is matters only for its own verbs (`confirm_for`): "yes, cancel it" to a cancellation.
  const decliner = bestPack(folded, packs, (p) => declineWords(p, kind));
  const confirmer = bestPack(folded, packs, (p) => p.confirm);
  // "yes, but don't" and "ok wait" are not a clear yes, nor is a yes with a condition or a delay
  // of the customer's own ("ok I'll think about it"): a side effect needs a plain yes.
  if (confirmer && !decliner && !asks && !packs.some((p) => containsPhrase(folded, declineWords(p, kind))) && onlyYesSymbols(head, packs) && plainYes(prose, words, packs, kind)) {
    return { intent: 'confirm', language: confirmer.language };
  }
  if (decliner) return { intent: 'decline', language: decliner.language };
  return { intent: 'other', language: null };
}
