import { TEXT_BUDGET, analysisWindow } from '../core/text-budget.js';
import { fold } from '../locale/fold.js';
import type { FactQuestion } from '../locale/retrieval-section.js';
import { WORD_BREAK } from './word-break.js';

const DIGITS = /^\p{Nd}+$/u;
/** How many words before a unit a number may stand ("1 to 3 working days"). */
const UNIT_REACH = 3;

/** ISO 4217 codes the runtime knows: "4.95 EUR" states an amount, "4.95 ABC" does not. */
const CURRENCY_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
/**
 * A number next to a currency sign or a three-letter code. Each alternative is a fixed shape
 * with one bounded repeat, so a long text is read in linear time.
 */
const AMOUNT = /\p{Sc}\s?\p{Nd}|\p{Nd}\s?\p{Sc}|\p{Nd}\s?(\p{Lu}{3})(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])(\p{Lu}{3})\s?\p{Nd}/gu;

function statesAmount(text: string): boolean {
  for (const m of text.matchAll(AMOUNT)) {
    const code = m[1] ?? m[2];
    if (code === undefined || CURRENCY_CODES.has(code)) return true;
  }
  return false;
}

/** A number (digits) at most UNIT_REACH words before one of the units. */
function statesUnit(words: readonly string[], units: ReadonlySet<string>): boolean {
  if (units.size === 0) return false;
  for (let i = 0; i < words.length; i++) {
    if (!units.has(words[i]!)) continue;
    for (let j = Math.max(0, i - UNIT_REACH); j < i; j++) if (DIGITS.test(words[j]!)) return true;
  }
  return false;
}

const wordsOf = (text: string): string[] => fold(text).split(WORD_BREAK).filter(Boolean);

/**
 * The kinds of fact a passage is about: its heading names one ("costs"), or its text states one
 * (an amount with a currency, a number of days). Index side: passages are store data, bounded.
 */
export function passageFactKinds(heading: string, text: string, questions: readonly FactQuestion[]): Set<string> {
  const out = new Set<string>();
  if (questions.length === 0) return out;
  const headingWords = wordsOf(heading);
  const textWords = wordsOf(text);
  for (const q of questions) {
    if (headingWords.some((w) => q.headings.has(w)) || (q.money && statesAmount(text)) || statesUnit(textWords, q.units)) out.add(q.kind);
  }
  return out;
}

/** Per set of kinds: each kind's asking phrases by their first word (one look-up per message word). */
const byFirstWord = new WeakMap<readonly FactQuestion[], Map<string, Array<{ kind: string; words: readonly string[] }>>>();
function phrasesOf(questions: readonly FactQuestion[]): Map<string, Array<{ kind: string; words: readonly string[] }>> {
  let map = byFirstWord.get(questions);
  if (!map) {
    map = new Map();
    for (const q of questions)
      for (const words of q.asks) {
        const first = words[0];
        if (!first) continue;
        const list = map.get(first) ?? [];
        list.push({ kind: q.kind, words });
        map.set(first, list);
      }
    byFirstWord.set(questions, map);
  }
  return map;
}

/**
 * The kinds of fact a customer message asks for ("how much" -> a cost), from the packs'
 * `fact_questions`. Reads the message's work budget only; each word is one map look-up and
 * a few phrase comparisons, so a long message costs linear time.
 */
export function askedFactKinds(text: string, questions: readonly FactQuestion[]): Set<string> {
  const out = new Set<string>();
  if (questions.length === 0) return out;
  const phrases = phrasesOf(questions);
  const words = wordsOf(analysisWindow(text)).slice(0, TEXT_BUDGET.tokens);
  for (let i = 0; i < words.length; i++) {
    for (const p of phrases.get(words[i]!) ?? []) {
      if (out.has(p.kind) || i + p.words.length > words.length) continue;
      if (p.words.every((w, k) => words[i + k] === w)) out.add(p.kind);
    }
  }
  return out;
}
