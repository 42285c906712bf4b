import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { boundedCount, createTokenCounter, CUSTOMER_EXACT_CHARS, isSpace } from '../../src/skills/token-counter.js';

const PLAIN = { disallowedSpecial: new Set<string>() };

/** A counter that records how many characters it was asked to BPE-merge. */
function spied(count: (t: string) => number) {
  const seen = { chars: 0 };
  const bc = boundedCount((t) => {
    seen.chars += t.length;
    return count(t);
  });
  return { bc, seen };
}

/** `n` words of six letters from a fixed pseudo-random sequence, distinct per `seed`. */
function newWords(n: number, seed: number): string {
  let x = seed * 2654435761;
  const words: string[] = [];
  for (let w = 0; w < n; w++) {
    let word = '';
    for (let k = 0; k < 6; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      word += String.fromCharCode(0x61 + (x >>> 16) % 26);
    }
    words.push(word);
  }
  return words.join(' ');
}

// Text where pre-tokens meet whitespace in every way the split patterns know: punctuation
// before a line break ("." + "\n" is one pre-token), runs of spaces and tabs, no-break and
// ideographic spaces, marks, astral letters, digits, four scripts.
const MIXED = [
  'Hi?? ok!  \t x .\t\ny — “q” a/ b /\n c ?\u00a0d 1 2 3 !\u3000x end.\nNext  two   spaces',
  "I'd like to return it.\r\n\r\nThanks!! café naïve e\u0301 𝔘𝔫𝔦 12,345.67 kg/m\n- item one\n- item two",
  'Привет, мир! Как дела?\nمرحبا بالعالم. 日本語のテキスト、です。 done',
].join('\n\n');

describe('customer text under a work budget', () => {
  for (const [name, count] of [['o200k', (t: string) => o200k(t, PLAIN)], ['cl100k', (t: string) => cl100k(t, PLAIN)]] as const) {
    it(`counts exactly within the budget, cut only where no pre-token spans the cut (${name})`, () => {
      const { bc } = spied(count);
      for (let end = 1; end <= MIXED.length; end += 7) {
        const t = MIXED.slice(0, end);
        // The whole text within the budget (MIXED is longer than the shipped one): only the cuts are tested here.
        expect(bc.budgeted(t, MIXED.length)).toBe(count(t));
      }
    });
  }

  it('merges at most the budget of a message of new words, and never counts fewer tokens than exactly', () => {
    const { bc, seen } = spied((t) => o200k(t, PLAIN));
    const message = newWords(300, 1).slice(0, 2000);
    const n = bc.budgeted(message, CUSTOMER_EXACT_CHARS);
    expect(n).toBeGreaterThanOrEqual(o200k(message, PLAIN));
    expect(seen.chars).toBeLessThanOrEqual(CUSTOMER_EXACT_CHARS);
    // The same message again, and its truncations, merge nothing more: the budget is a position.
    seen.chars = 0;
    expect(bc.budgeted(message, CUSTOMER_EXACT_CHARS)).toBe(n);
    bc.budgeted(message.slice(0, 1500), CUSTOMER_EXACT_CHARS);
    expect(seen.chars).toBe(0);
  });

  it('knows the common words of a long message past the budget from earlier messages', () => {
    const { bc } = spied((t) => o200k(t, PLAIN));
    const sentence = 'my order has not arrived yet, can you check where it is and when it will come';
    bc.budgeted(sentence, CUSTOMER_EXACT_CHARS);
    const long = Array.from({ length: 30 }, () => sentence).join(' ');
    expect(long.length).toBeGreaterThan(2 * CUSTOMER_EXACT_CHARS);
    expect(bc.budgeted(long, CUSTOMER_EXACT_CHARS)).toBe(o200k(long, PLAIN));
  });

  it('counts a user message under the budget and cuts an over-long one within it', async () => {
    const counter = await createTokenCounter('gpt-4o-mini');
    const ordinary = 'Can I return the blender I bought last week? It makes a loud noise.';
    expect(counter.customerText(ordinary)).toBe(counter.text(ordinary));
    expect(counter.message({ role: 'user', content: ordinary })).toBe(counter.message({ role: 'system', content: ordinary }));
    const hostile = newWords(300, 2).slice(0, 2000);
    expect(counter.customerText(hostile)).toBeGreaterThanOrEqual(counter.text(hostile));
    // A cut keeps whole pieces and fits: never more tokens than asked for.
    const end = counter.fit(hostile, 300);
    expect(end).toBeGreaterThan(0);
    expect(counter.text(hostile.slice(0, end))).toBeLessThanOrEqual(300);
  });
});

describe('whitespace as the split patterns read it', () => {
  it('is every code unit \\s matches, and no other', () => {
    const wrong: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (isSpace(ch, 0) !== /\s/u.test(ch)) wrong.push(c);
    }
    expect(wrong).toEqual([]);
  });
});
