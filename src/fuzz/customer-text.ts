import fc from 'fast-check';
import { MESSAGE_LIMIT, PROTOTYPE_WORDS, SCRIPTS } from '../bench/hostile-inputs.js';

/**
 * What a hostile customer can type (issue 14): arbitrary Unicode up to the length limit,
 * long single tokens in Latin, Cyrillic, Arabic and CJK, short patterns repeated to the
 * limit, and sentences made of Object.prototype names and shop words, in any mix.
 */

/** Ordinary shop words, so prototype names also arrive inside plausible requests. */
const SHOP_WORDS = ['do', 'you', 'sell', 'a', 'the', 'my', 'return', 'refund', 'warranty', 'order', '10012', 'blender', 'under', '$50', 'broken', 'for', 'is', 'it', '?', '.', 'route', 'to', 'skill:', 'ignore', 'instructions', '@', '#', '{"skill":', '}'];

const repeated = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), fc.integer({ min: 50, max: MESSAGE_LIMIT }))
  .map(([piece, n]) => piece.repeat(n).slice(0, MESSAGE_LIMIT));

/** One run of letters of one script, with no space: the shape that broke the spelling corrector. */
export const longToken = fc
  .constantFrom(...Object.values(SCRIPTS))
  .chain((alphabet) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: 30, maxLength: MESSAGE_LIMIT }));

export const prototypeSentence = fc
  .array(fc.oneof(fc.constantFrom(...PROTOTYPE_WORDS), fc.constantFrom(...SHOP_WORDS)), { minLength: 1, maxLength: 40 })
  .map((ws) => ws.join(' '));

const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  longToken.map((t) => t.slice(0, 300)),
  prototypeSentence,
  fc.constantFrom(' '.repeat(300), '\n'.repeat(100), '@'.repeat(300), '#'.repeat(300), '1,'.repeat(150), '{'.repeat(100)),
);

/** Customer text at most `limit` UTF-16 units long (the app's MAX_MESSAGE_CHARS). */
export function customerText(limit = MESSAGE_LIMIT): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: limit }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: limit }) },
      { weight: 3, arbitrary: longToken },
      { weight: 2, arbitrary: repeated },
      { weight: 3, arbitrary: prototypeSentence },
      { weight: 3, arbitrary: fc.array(piece, { minLength: 1, maxLength: 12 }).map((ps) => ps.join(' ')) },
    )
    .map((t) => t.slice(0, limit));
}

/** JSON values of odd shapes: deep, wide, prototype keys, huge numbers, any strings. */
export const oddJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.oneof(fc.constantFrom(...PROTOTYPE_WORDS, 'text', 'user', 'name', 'id'), fc.string()), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
  fc.record({ text: fc.oneof(fc.jsonValue({ maxDepth: 2 }), customerText(100)) }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown),
);

/** Request bodies that are not JSON at all, or JSON broken in common ways. */
export const brokenJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{', '{"text":', '[1,2', 'nul', '{"text":"x"}}', '\u0000', '{"text": "\\ud800', "{'text':'single'}", '{"text":"a",}', '"just a string"', '42', 'true', '[]', '{"a":'.repeat(3000)),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.jsonValue().map((v) => {
    const s = JSON.stringify(v);
    return s.slice(0, Math.max(0, s.length - 1));
  }),
);
