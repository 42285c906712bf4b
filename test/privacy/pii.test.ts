import { describe, expect, it } from 'vitest';
import { withoutIdentifiers } from '../../src/commerce/order-ids.js';
import { emailsIn, maskEmail, maskPii, withoutEmails } from '../../src/privacy/pii.js';

/** The store's identifiers blanked, as the engine passes them. */
const storeIds = (...patterns: string[]) => (text: string) => patterns.reduce((t, pattern) => withoutIdentifiers(t, { pattern, example: '' }, () => true), text);

describe('personal data a customer types', () => {
  it('finds e-mail addresses as typed, without surrounding punctuation', () => {
    expect(emailsIn('it is <Jo.Doe+shop@Example.co.uk>, thanks')).toEqual(['Jo.Doe+shop@Example.co.uk']);
    expect(emailsIn('no address here @ all')).toEqual([]);
    expect(emailsIn('a@b')).toEqual([]);
  });

  it('masks e-mails, card numbers (Luhn) and phone numbers, keeping what the store needs', () => {
    const masked = maskPii('mail jo.doe@example.com, card 4111 1111 1111 1111, phone +44 20 7946 0958, order SB-10001', storeIds('SB-?\\d{5}'));
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

describe('numbers next to each other, to the store\'s identifiers and to e-mail addresses', () => {
  it('judges numbers between wide separators on their own', () => {
    expect(maskPii('call 0612345678 - 0698765432')).toBe('call [phone] - [phone]');
    expect(maskPii('tel 0612345678  0698765432')).toBe('tel [phone]  [phone]');
    expect(maskPii('phones 555 123 4567 -- 555 987 6543')).toBe('phones [phone] -- [phone]');
    expect(maskPii('card 4111 1111 1111 1111 - 0612345678')).toBe('card [card ••••1111] - [phone]');
    expect(maskPii('ref 2024 - 0612345678')).toBe('ref 2024 - [phone]');
    expect(maskPii('home 020 7946 0018 - mobile')).toBe('home [phone] - mobile');
    expect(maskPii('call +1 (415) 555-0100 now')).toBe('call [phone] now');
  });

  it('masks each phone-sized stretch of a long run with no card in it', () => {
    expect(maskPii('call 0612345678 0698765432')).toBe('call [phone] [phone]');
    expect(maskPii('ref 1234567890123456 0612345678')).toBe('ref 1234567890123456 [phone]');
  });

  it('keeps the store\'s order numbers and SKUs as typed and masks the numbers around them', () => {
    const lettered = storeIds('#?NB[-\\s]?\\d{6}');
    expect(maskPii('order NB-204518 - 3 items', lettered)).toBe('order NB-204518 - 3 items');
    expect(maskPii('order NB-204518 0612345678', lettered)).toBe('order NB-204518 [phone]');
    const digitsOnly = storeIds('#?\\d{5}');
    expect(maskPii('orders 10012 10013', digitsOnly)).toBe('orders 10012 10013');
    expect(maskPii('order 10012 0612345678', digitsOnly)).toBe('order 10012 [phone]');
    // A five-digit group that is part of a phone number is not an order number.
    expect(maskPii('phone 01632 960001', digitsOnly)).toBe('phone [phone]');
    expect(maskPii('card 4111 1111 1111 1111', storeIds('#?\\d{4}'))).toBe('card [card ••••1111]');
    expect(maskPii('phone 0161 4960 0000', storeIds('#?\\d{4}'))).toBe('phone [phone]');
    expect(maskPii('orders 1001 1002', storeIds('#?\\d{4}'))).toBe('orders 1001 1002');
    // A SKU shape that reads a word and a number ("phone 0612", "card 4111") does not split a phone or a card.
    const wordSku = storeIds('#?SB[-\\s]?\\d{5}', '[A-Z]{2,5}[-\\s]?\\d{3,6}');
    expect(maskPii('phone 0612 345 678', wordSku)).toBe('phone [phone]');
    expect(maskPii('card 4111 - 1111 - 1111 - 1111', wordSku)).toBe('card [card ••••1111]');
    expect(maskPii('order SB-10001 3 items, KIT-1001 x 2', wordSku)).toBe('order SB-10001 3 items, KIT-1001 x 2');
  });

  it('keeps a list of digits-only order numbers even when their digits together pass the card check', () => {
    const digitsOnly = storeIds('#?\\d{5}');
    // A small deterministic generator, so a failure names its list.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 2000; round++) {
      const ids = Array.from({ length: 2 + (round % 6) }, () => String(10000 + Math.floor(next() * 90000)));
      const text = `orders ${ids.join(' ')}`;
      expect(maskPii(text, digitsOnly)).toBe(text);
    }
    expect(maskPii('orders 1001 1002 1003 1004', storeIds('#?\\d{4}'))).toBe('orders 1001 1002 1003 1004');
    expect(maskPii('orders 10012 10013 10014 10015 10016 10017', digitsOnly)).toBe('orders 10012 10013 10014 10015 10016 10017');
    // A card next to an order number is masked; the order number stays.
    expect(maskPii('order 10012 4111111111111111', digitsOnly)).toBe('order 10012 [card ••••1111]');
    expect(maskPii('order 10012 4111 1111 1111 1111', digitsOnly)).toBe('order 10012 [card ••••1111]');
    expect(maskPii('order 10012 - 4111 - 1111 - 1111 - 1111', digitsOnly)).toBe('order 10012 - [card ••••1111]');
  });

  it('reads short numbers joined by " - " as a card, never as a phone (ranges stay)', () => {
    expect(maskPii('sizes 10 - 12 - 14 - 16 please')).toBe('sizes 10 - 12 - 14 - 16 please');
    expect(maskPii('between 2019 - 2021 - 2023')).toBe('between 2019 - 2021 - 2023');
    const sku = storeIds('SB-?\\d{5}');
    expect(maskPii('sku 1234 - 5678 - 9012', sku)).toBe('sku 1234 - 5678 - 9012');
    expect(maskPii('card 4111 - 1111 - 1111 - 1111', sku)).toBe('card [card ••••1111]');
  });

  it('cuts a number where an e-mail address starts and masks both', () => {
    expect(maskPii('call 0612345678 2x@example.com')).toBe('call [phone] 2•••@example.com');
    expect(maskPii('card 4111 1111 1111 1111 1john@example.com')).toBe('card [card ••••1111] 1•••@example.com');
  });

  it('ends an address where the writing system changes', () => {
    const zh = '我想退货订单SB-10001邮箱john@example.com谢谢';
    expect(maskPii(zh, storeIds('SB-?\\d{5}'))).toBe('我想退货订单SB-10001邮箱j•••@example.com谢谢');
    expect(withoutEmails(zh)).toBe('我想退货订单SB-10001邮箱 谢谢');
    expect(emailsIn(zh)).toEqual(['john@example.com']);
    expect(emailsIn('注文SB-10001のメールはtaro@example.jpです')).toEqual(['taro@example.jp']);
    expect(emailsIn('почта ivan@example.ru спасибо, 메일은kim@example.kr입니다')).toEqual(['ivan@example.ru', 'kim@example.kr']);
    // Letters of one script stay one address, accents and all.
    expect(emailsIn('it is jürgen.müller@example.de')).toEqual(['jürgen.müller@example.de']);
    expect(emailsIn('用户@例子.中国')).toEqual(['用户@例子.中国']);
    // A name in two scripts joined by a dot is masked whole: no part of it stays readable.
    expect(maskPii('mail иван.petrov@example.com')).toBe('mail и•••@example.com');
    expect(maskPii('mail иван_petrov@example.com')).toBe('mail и•••@example.com');
    expect(maskPii('a@b.cc.иван.petrov@example.com')).toBe('a•••@b.cc.и•••@example.com');
  });

  it('stays linear on hostile numbers, separators, at signs and CJK', () => {
    const hostile = ['1 - '.repeat(5_000), '1--'.repeat(7_000), '4111 '.repeat(4_000), '我a@b.cn邮'.repeat(2_500), `${'我'.repeat(10_000)}@${'我'.repeat(10_000)}`, '1 2x@ex.com 3 - 4 我'.repeat(1_000), '1@'.repeat(10_000)];
    for (const text of hostile) {
      const started = performance.now();
      maskPii(text, storeIds('#?\\d{4}'));
      emailsIn(text, 1_000_000);
      withoutEmails(text);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});
