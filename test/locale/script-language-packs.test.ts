import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalePacks, type LocalePacks } from '../../src/locale/locale-packs.js';
import { replyIntent } from '../../src/locale/reply-intent.js';

/**
 * Issue 16: the Russian, Japanese, Greek and Arabic packs. A customer's language is told from a
 * word or two (eld's table has too few n-grams of these scripts: the pack whose own words are
 * the only ones in that script is the language), and a yes or a no in it is read as one.
 */
const LOCALES = path.resolve(import.meta.dirname, '../../locales');
let packs: LocalePacks;
beforeAll(async () => {
  packs = await loadLocalePacks(LOCALES);
});

describe('the language of a short message in these scripts', () => {
  it.each([
    ['да', 'ru'],
    ['рюкзак', 'ru'],
    ['где мой заказ?', 'ru'],
    ['はい', 'ja'],
    ['返品したい', 'ja'],
    ['όχι', 'el'],
    ['σκηνή', 'el'],
    ['θέλω μια σκηνή', 'el'],
    ['نعم', 'ar'],
    ['خيمة', 'ar'],
    ['أين طلبي؟', 'ar'],
  ])('"%s" is %s', (text, language) => {
    expect(packs.detect(text)).toBe(language);
  });

  it('a sentence mostly in Latin letters with a word of another script stays in a Latin-script language', () => {
    expect(packs.detect('do you have a ジャケット?')).toBe('en');
    expect(packs.detect('do you have the Байкал tent?')).toBe('en');
    expect(packs.detect('хочу купить iPhone')).toBe('ru');
    expect(packs.detect('ich möchte den Kopfhörer zurückgeben')).toBe('de');
  });

  it('Han letters alone decide nothing (Chinese, Japanese and Korean all write them): a Chinese message is not answered in Japanese (review finding)', () => {
    for (const text of ['靴', '谢谢', '请问', '订单SB-10006谢谢']) expect(packs.detect(text), text).toBeNull();
    expect(packs.detect('靴はありますか')).toBe('ja');
  });

  it('Latin letters alone decide nothing by script (many packs write them), as before', () => {
    expect(packs.detect('ok')).toBeNull();
    expect(packs.detect('where is my order')).toBe('en');
    expect(packs.detect('SB-10001')).toBeNull();
  });
});

describe('a yes or a no in these languages', () => {
  it.each([
    ['да', 'confirm', 'ru'],
    ['да, давайте', 'confirm', 'ru'],
    ['нет', 'decline', 'ru'],
    ['はい、お願いします', 'confirm', 'ja'],
    ['いいえ', 'decline', 'ja'],
    ['ναι', 'confirm', 'el'],
    ['όχι', 'decline', 'el'],
    ['نعم', 'confirm', 'ar'],
    ['لا', 'decline', 'ar'],
    ['نعم، من فضلك', 'confirm', 'ar'],
  ])('"%s" is a %s (%s)', (text, intent, language) => {
    expect(replyIntent(text, packs.all())).toEqual({ intent, language });
  });

  it('a yes with a condition or a delay is no plain yes', () => {
    expect(replyIntent('да, но сначала подумаю', packs.all()).intent).not.toBe('confirm');
    expect(replyIntent('ναι, αλλά αργότερα', packs.all()).intent).not.toBe('confirm');
    // A question asks something new, whatever its question mark.
    expect(replyIntent('はい？', packs.all()).intent).not.toBe('confirm');
    expect(replyIntent('نعم؟', packs.all()).intent).not.toBe('confirm');
  });
});
