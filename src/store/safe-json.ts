/**
 * JSON in and out of the store. Stored data may have been written by an older version or
 * by anyone with access to Redis, so parsing never lets it reach an object's prototype:
 * `__proto__` keys and `constructor.prototype` pairs are dropped (what secure-json-parse does).
 */

/** Serialise a value for storage; throws when it has no JSON form (undefined, a function). */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('value cannot be stored: it has no JSON representation');
  return text;
}

// A key can only be spelled `__proto__` / `constructor` literally or with \u escapes; anything
// else cannot produce them, so most texts skip the (slower) reviver entirely.
const SUSPICIOUS = /"(?:__proto__|constructor)"|\\u/;

function reviver(key: string, value: unknown): unknown {
  if (key === '__proto__') return undefined;
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) {
    return undefined;
  }
  return value;
}

/** Parse stored JSON without allowing prototype pollution. */
export function fromJson<T>(text: string): T {
  return (SUSPICIOUS.test(text) ? JSON.parse(text, reviver) : JSON.parse(text)) as T;
}

/**
 * Parses each of `items[from..]` (its text read by `text`) into a new array. Built by pushing
 * into one array literal, not with `.map()`: V8 gives an empty `.map()` result another array map
 * (small-integer elements) than a filled one (object elements), and an empty result was returned
 * as yet another literal, so every function that reads a history saw two maps. A conversation's
 * first turn (no history yet) then deoptimised pipeline functions compiled on later turns
 * (`node --trace-deopt`: runTurn, replyTo, historyMessages, lastCustomerText, "wrong map" on
 * the empty array). A literal that has held objects is made with object elements from then on.
 */
export function fromJsonEach<T, E>(items: ArrayLike<E>, from: number, text: (item: E) => string): T[] {
  const out: T[] = [];
  for (let i = Math.max(0, from); i < items.length; i++) out.push(fromJson<T>(text(items[i]!)));
  return out;
}
