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
