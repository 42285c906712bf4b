import type { LocalClassification } from './local-classifier.js';

/**
 * Concepts that name a thing rather than a need: a short message made only of these
 * ("the blue one, size 10", "it's order 55120") adds detail to the current topic.
 */
const ENTITY_CONCEPTS = new Set(['PRODUCT', 'ITEM', 'BRAND', 'ATTRIBUTE', 'SPEC', 'ORDER', 'SMALLTALK']);

/** Words that announce a new topic, so the message must not stick to the old one. */
const TOPIC_SHIFT: readonly string[][] = [
  ['actually'], ['never', 'mind'], ['nevermind'], ['forget', 'that'], ['forget', 'it'], ['instead'], ['by', 'the', 'way'],
  ['btw'], ['another', 'question'], ['different', 'question'], ['new', 'question'], ['one', 'more', 'thing'],
  ['something', 'else'], ['also', 'i'], ['separate', 'question'], ['other', 'question'], ['changed', 'my', 'mind'],
];

/** A follow-up is at most this many words long. */
const MAX_WORDS = 12;

function contains(words: string[], phrase: string[]): boolean {
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
export function isFollowUp(c: LocalClassification): boolean {
  if (c.words.length === 0 || c.words.length > MAX_WORDS) return false;
  if (TOPIC_SHIFT.some((p) => contains(c.words, p))) return false;
  return c.concepts.every((k) => ENTITY_CONCEPTS.has(k));
}
