import { describe, expect, it } from 'vitest';
import { emailsIn, maskEmail, maskPii } from '../../src/privacy/pii.js';

describe('personal data a customer types', () => {
  it('finds e-mail addresses as typed, without surrounding punctuation', () => {
    expect(emailsIn('it is <Jo.Doe+shop@Example.co.uk>, thanks')).toEqual(['Jo.Doe+shop@Example.co.uk']);
    expect(emailsIn('no address here @ all')).toEqual([]);
    expect(emailsIn('a@b')).toEqual([]);
  });

  it('masks e-mails, card numbers (Luhn) and phone numbers, keeping what the store needs', () => {
    const masked = maskPii('mail jo.doe@example.com, card 4111 1111 1111 1111, phone +44 20 7946 0958, order SB-10001', (c) => /^SB-\d{5}$/.test(c));
    expect(masked).toContain(maskEmail('jo.doe@example.com'));
    expect(masked).not.toContain('jo.doe@');
    expect(masked).toContain('[card ••••1111]');
    expect(masked).toContain('[phone]');
    expect(masked).toContain('SB-10001');
    // A number that is not a card (fails Luhn) and is too long for a phone stays.
    expect(maskPii('ref 1234567890123456')).toContain('1234567890123456');
  });

  it('stays linear on hostile text', () => {
    for (const text of ['@'.repeat(20_000), 'a@'.repeat(10_000), '1 '.repeat(10_000), `${'a'.repeat(20_000)}@x`]) {
      const started = performance.now();
      maskPii(text);
      emailsIn(text);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});

describe('personal data in the formats customers really type', () => {
  it('reads digits of any script, zero-width characters and dashes as the number they show', () => {
    for (const text of ['４１１１ １１１１ １１１１ １１１１', '٤١١١١١١١١١١١١١١١', '4\u200b111 1111 1111 1111', '4111 - 1111 - 1111 - 1111', '4111\u20131111\u20131111\u20131111']) {
      expect(maskPii(`card ${text}`)).toBe('card [card ••••1111]');
    }
    expect(maskPii('ref 1234 5678 4111 1111 1111 1111')).toBe('ref [card ••••1111]');
    expect(maskPii('tel ０２０ ７９４６ ０９５８')).toBe('tel [phone]');
  });

  it('finds an address after a label, in any script, or with a fullwidth at sign; never one without a domain', () => {
    expect(maskPii('e-mail:jo.doe@example.com')).toBe('e-mail:j•••@example.com');
    expect(maskPii('jürgen.müller@example.de')).toBe('j•••@example.de');
    expect(maskPii('jo.doe＠example.com')).toBe('j•••@example.com');
    expect(emailsIn('email:Jo.Doe@Example.com.')).toEqual(['Jo.Doe@Example.com']);
    expect(emailsIn('me@home, @all, a@b')).toEqual([]);
  });
});
