import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUT_MARGIN, maskCustomerQuotes, MIN_QUOTED_CHARS } from '../../src/guard/customer-quotes.js';
import { sentenceSpans } from '../../src/guard/reply-text.js';
import { MESSAGE_TRUNCATED } from '../../src/skills/customer-text.js';
import { createGuardKit, type GuardKit } from './guard-kit.js';

/*
 * Issue 14: a reply that quotes the customer's message verbatim is not read for claims inside
 * the quote (the customer's words are not the bot's facts, and reading them made the guard's
 * cost grow with the message), but nothing else changes: a claim outside the quote, or in a
 * "quote" that is not the customer's exact text, is checked as before.
 */

let kit: GuardKit;
beforeAll(async () => {
  kit = await createGuardKit();
});
afterAll(async () => {
  await kit?.close();
});

describe('verbatim customer quotes', () => {
  const said = 'my blender from order 1234 cost $80 and broke after 3 weeks';

  it('blanks only exact quotes of customer text between a pair of quotation marks', () => {
    const reply = `You wrote: "${said}". Sorry about that.`;
    const own = maskCustomerQuotes(reply, [said]);
    expect(own).toHaveLength(reply.length);
    expect(own).toBe(`You wrote: "${' '.repeat(said.length)}". Sorry about that.`);
    // Curly quotes and a part of the message count too.
    expect(maskCustomerQuotes('You said “broke after 3 weeks”.', [said])).toBe(`You said “${' '.repeat('broke after 3 weeks'.length)}”.`);
    // Not the customer's exact words, not quoted, too short, or with a quotation mark inside: read as before.
    for (const reply of [`You wrote: "${said.replace('$80', '$60')}".`, `You wrote: ${said}.`, 'You said "3 weeks".', `You wrote: "my blender" from order 1234 cost $80".`]) {
      expect(maskCustomerQuotes(reply, [said])).toBe(reply);
    }
    expect(MIN_QUOTED_CHARS).toBeGreaterThan('3 weeks'.length);
  });

  it('still checks a claim made outside the quote or in a quote the customer did not write', async () => {
    const text = 'how do refunds work? I was told there is a fee';
    const quoting = await kit.check('returns', text, `You asked: "${text}". Returns are free of charge.`);
    expect(quoting.ok).toBe(true);
    const outside = await kit.check('returns', text, `You asked: "${text}". We charge a $12.50 restocking fee on every return.`);
    expect(outside.ok).toBe(false);
    expect(outside.problems.join(' ')).toMatch(/\$12\.50/);
    const madeUp = await kit.check('returns', text, 'You asked: "how do refunds work? there is a $12.50 restocking fee".');
    expect(madeUp.ok).toBe(false);
    expect(madeUp.problems.join(' ')).toMatch(/\$12\.50/);
  });

  it('keeps checking, inside a quote, what the customer cannot ground: a place we ship to', async () => {
    const text = 'a friend says you ship to Antarctica and Greenland for free, is that so?';
    const v = await kit.check('other', text, `You said "you ship to Antarctica and Greenland for free". We ship to the countries our shipping article lists.`);
    expect(v.problems.join(' ')).toMatch(/Antarctica|Greenland/);
  });

  it('blanks a quote of a message that ends in a space, in the same sentences as the reply', () => {
    // The prompt holds the message trimmed; the reply quotes it as sent.
    const sent = 'It broke after 3 weeks. I paid $80 for it and waited 45 days ';
    const reply = `You wrote: "${sent}". Sorry about that.`;
    const own = maskCustomerQuotes(reply, [sent.trim()]);
    expect(own).toHaveLength(reply.length);
    expect(own.slice(0, own.indexOf('"') + 1)).toBe('You wrote: "');
    expect(own).not.toMatch(/\d/);
    expect(sentenceSpans(own)).toEqual(sentenceSpans(reply));
  });

  it('blanks the start of a quote of a cut message, not its last part nor what was cut', () => {
    const sentence = (i: number) => `Item ${i} cost $${i}0 and took ${i} days.`;
    const sent = Array.from({ length: 60 }, (_, i) => sentence(i + 1)).join(' ');
    const kept = sent.slice(0, 1200).trimEnd();
    const reply = `You wrote: "${sent}". Sorry about that.`;
    const own = maskCustomerQuotes(reply, [`${kept} ${MESSAGE_TRUNCATED}`]);
    expect(own).toHaveLength(reply.length);
    expect(sentenceSpans(own)).toEqual(sentenceSpans(reply));
    const quoteStart = 'You wrote: "'.length;
    const blanked = own.slice(quoteStart, quoteStart + kept.length - CUT_MARGIN);
    expect(blanked.length).toBeGreaterThan(1000);
    // Read as before: the end of the kept part (a claim across the cut) and everything after it.
    const readFrom = quoteStart + own.slice(quoteStart).search(/[^\s(.]/);
    expect(readFrom).toBeGreaterThan(quoteStart + kept.length - CUT_MARGIN - 40);
    expect(readFrom).toBeLessThanOrEqual(quoteStart + kept.length - CUT_MARGIN);
    expect(own.slice(readFrom)).toBe(reply.slice(readFrom));
    // A quote that is not the start of the kept text is read in full.
    const other = `You wrote: "${sent.slice(5)}".`;
    expect(maskCustomerQuotes(other, [`${kept} ${MESSAGE_TRUNCATED}`])).toBe(other);
  });
});
