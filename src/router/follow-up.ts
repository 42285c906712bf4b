import type { LocalClassification } from './local-classifier.js';
import { ownValue } from '../core/own-keys.js';
import type { RouterLanguage } from './router-language.js';

/**
 * Concepts that name a thing rather than a need: a short message made only of these
 * ("the blue one, size 10", "it's order 55120") adds detail to the current topic.
 */
const ENTITY_CONCEPTS = new Set(['PRODUCT', 'ITEM', 'BRAND', 'ATTRIBUTE', 'SPEC', 'ORDER', 'SMALLTALK', 'GOODS']);

/**
 * Topic-shift, answer and pointing-back words: the locale packs' text.topic_shift,
 * text.answer_words and text.anaphora, from the router's own language (LOCALES_DIR), passed
 * in rather than read from the repository's folder on first use (that ignored LOCALES_DIR and
 * parsed every pack, ~190 ms, in the middle of serving a turn).
 */
export type FollowUpWords = Pick<RouterLanguage, 'topicShift' | 'answerWords' | 'anaphora'>;
/** Concepts that give a message an object of its own (then it does not point back). */
const OWN_OBJECT = new Set(['PRODUCT', 'ITEM', 'BRAND', 'ORDER', 'GOODS']);

/**
 * The concepts that name what a previous message was about, most specific first: the object a
 * pointing-back message ("how much is it?") means.
 */
export const REFERENT_CONCEPTS: readonly string[] = ['PRODUCT', 'BRAND', 'GOODS', 'ITEM', 'ORDER'];

/** The first pointing-back word ("it", "this", "them") of a message that names no object of its own; -1 when none. */
export function pointingWord(c: LocalClassification, lang: FollowUpWords): number {
  if (c.concepts.some((k) => OWN_OBJECT.has(k))) return -1;
  return c.words.findIndex((w) => lang.anaphora.has(w));
}

/** A follow-up is at most this many words long. */
const MAX_WORDS = 12;

function contains(words: readonly string[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (words[i + k] !== phrase[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * True when a message reads as a continuation of the current topic: short, no intent of
 * its own (no refund, repair, delivery, advice... concept), and no "actually / never
 * mind" that announces a new topic. "how long do I have?", "and in king size?",
 * "it's the blue lamp" are follow-ups; "where is my parcel?" is not.
 */
export function isFollowUp(c: LocalClassification, lang: FollowUpWords): boolean {
  if (!couldContinue(c, lang)) return false;
  // "thanks, bye" closes the topic rather than continuing it.
  if (c.words.length <= 3 && c.concepts.length > 0 && c.concepts.every((k) => k === 'SMALLTALK')) return false;
  return c.concepts.every((k) => ENTITY_CONCEPTS.has(k));
}

/** Short enough to lean on the previous message, and no "actually / never mind" that opens a new topic. */
export function couldContinue(c: LocalClassification, lang: FollowUpWords): boolean {
  if (c.words.length === 0 || c.words.length > MAX_WORDS) return false;
  return !lang.topicShift.some((p) => contains(c.words, p));
}

/**
 * A short message whose own words are not decisive, read together with the customer's
 * previous message, still belongs to the active skill: "do I need the original bag?" after
 * "I'd like to return the rain jacket", "yes I still have the receipt" after a fault. The
 * two distributions are averaged, so a message that clearly asks for something else
 * ("separate thing: do you deliver to Ireland?") still leaves.
 */
export function continuesInContext(c: LocalClassification, withPrevious: LocalClassification, active: string, lang: FollowUpWords): boolean {
  if (!couldContinue(c, lang)) return false;
  // "yes, I have the receipt" answers the bot's last question, and "how much is it?" names
  // nothing of its own but points back at it: the context counts double.
  const answers = lang.answerWords.has(c.words[0] ?? '');
  // A message with a need of its own ("can I return it?" after a list of kettles) keeps "it"
  // as its object but asks for something else: the context then counts once, not double.
  const ownNeed = c.concepts.some((k) => !ENTITY_CONCEPTS.has(k));
  const pointsBack = !ownNeed && c.words.some((w) => lang.anaphora.has(w)) && !c.concepts.some((k) => OWN_OBJECT.has(k));
  const contextWeight = answers || pointsBack ? 2 : 1;
  let best = active;
  let bestScore = -1;
  for (const skill of Object.keys(c.scores)) {
    const s = (ownValue(c.scores, skill) ?? 0) + contextWeight * (ownValue(withPrevious.scores, skill) ?? 0);
    if (s > bestScore) {
      best = skill;
      bestScore = s;
    }
  }
  return best === active;
}
