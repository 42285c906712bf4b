import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalePacks, type LocalePacks } from '../../src/locale/locale-packs.js';
import { replyIntent } from '../../src/locale/reply-intent.js';

let packs: LocalePacks;
beforeAll(async () => {
  packs = await loadLocalePacks(path.resolve(import.meta.dirname, '../../locales'));
});

describe('a reply to a proposal, from the locale packs', () => {
  it('reads a clear yes in each shipped language', () => {
    for (const [text, language] of [
      ['yes please', 'en'],
      ['Yes, go ahead and start it', 'en'],
      ['ok', 'en'],
      ['sí, adelante', 'es'],
      ['Ja, gerne', 'de'],
      ["oui, d'accord", 'fr'],
    ] as const) {
      expect(replyIntent(text, packs.all()), text).toEqual({ intent: 'confirm', language });
    }
  });

  it('reads a no, in the language whose words matched best', () => {
    expect(replyIntent('no, wait, keep it', packs.all())).toEqual({ intent: 'decline', language: 'en' });
    expect(replyIntent('nein danke', packs.all())).toEqual({ intent: 'decline', language: 'de' });
    expect(replyIntent('non merci', packs.all())).toMatchObject({ intent: 'decline' });
  });

  it('never takes a question, a hedge or a new request for a yes', () => {
    for (const text of ['ok, and what about the warranty?', 'yes but wait', 'yes, no, actually cancel that', 'sure, stop', 'what is your returns policy for shoes and bags and everything else please tell me']) {
      expect(replyIntent(text, packs.all()).intent, text).not.toBe('confirm');
    }
    expect(replyIntent('which laptop is best for students', packs.all()).intent).toBe('other');
  });

  it("takes a yes with a condition or a delay of the customer's own for a new message, in every language", () => {
    // A side effect needs a plain yes: a word that is neither a yes nor goes with one makes the
    // reply a new message (the proposal lapses), whatever that word is.
    for (const text of [
      "ok I'll think about it",
      'sure, let me ask my partner',
      'yes I want to see the policy first',
      'yeah maybe tomorrow',
      'okay once I find the receipt',
      'sí, cuando vuelva a casa',
      'ja, aber erst morgen',
      "d'accord, je vais réfléchir",
      'yes start it, only if you refund me first',
      'ok go ahead, once the replacement arrives',
      'ja, starten Sie es, aber erst morgen',
      // A yes taken back after it, by a decline of any length.
      'yes, start it. no no no',
      'yes, start it, no',
      'yes, start it, no thanks',
      'yes, go ahead. not yet',
      'ok, go ahead, jk',
      'yes, start, dont',
      'sí, hazlo, no',
    ]) {
      expect(replyIntent(text, packs.all()).intent, text).toBe('other');
    }
  });

  it('reads emoticons typed in ASCII like the symbols they stand for', () => {
    for (const text of ['yes :(', 'ok :-(', 'sure :/', 'ja :-/', 'oui :|', 'yes ):', 'yes >_<', 'yes ;_;', 'yes ._.']) {
      expect(replyIntent(text, packs.all()).intent, text).not.toBe('confirm');
    }
    for (const text of ['yes :)', 'ok :-)', 'sure :D', 'yes please 👍']) {
      expect(replyIntent(text, packs.all()).intent, text).not.toBe('other');
    }
    for (const text of ['yes :)', 'ok :-)', 'sure :D', 'yes 😉', 'ok ❤️', 'sí 😁', 'yes, go ahead!', 'ok: start it']) {
      expect(replyIntent(text, packs.all()).intent, text).toBe('confirm');
    }
  });

  it('still reads a yes with courtesy words, in each language and mixed', () => {
    for (const text of ['yes please start the return, the lid cracked', 'yes, open a claim please', 'ja, starten Sie die Rücksendung, es ist zu laut', 'yes please, go ahead', 'ok thanks', "yes that's the one", 'sure, start the return please', 'sí, por favor', 'ja bitte, danke', "oui merci, allez-y", 'ok merci']) {
      expect(replyIntent(text, packs.all()).intent, text).toBe('confirm');
    }
  });

  it('costs one pass over a bounded prefix of any text', () => {
    expect(replyIntent(`yes ${'yes '.repeat(50_000)}`, packs.all()).intent).toBe('other');
    expect(replyIntent(`yes ${'a'.repeat(100_000)}`, packs.all()).intent).toBe('other');
    expect(replyIntent('ab'.repeat(50_000), packs.all()).intent).toBe('other');
    expect(replyIntent(`yes${' '.repeat(500)}but I'll think about it`, packs.all()).intent).toBe('other');
    // Many empty clauses cost no more than a few words (each clause is folded at most once).
    for (const text of [`${','.repeat(394)}ok hm`, `yes${', #'.repeat(130)}`, `${'#,'.repeat(199)}ok`]) {
      const started = performance.now();
      for (let i = 0; i < 20; i++) replyIntent(text, packs.all());
      expect((performance.now() - started) / 20, text.slice(0, 20)).toBeLessThan(20);
    }
  });
});

describe('a proposal named by its own verb (confirm_for)', () => {
  it('"yes, cancel it" confirms a cancellation, in each language', () => {
    for (const [text, language] of [['yes please cancel it', 'en'], ['sí, cancélalo', 'es'], ['ja, bitte stornieren', 'de'], ['oui, annulez-la', 'fr']] as const) {
      expect(replyIntent(text, packs.all(), 'cancel_order'), text).toEqual({ intent: 'confirm', language });
    }
  });
  it('the same words to any other proposal, or alone, are no yes', () => {
    for (const text of ['yes please cancel it', 'sí, cancélalo', 'ja, bitte stornieren', 'oui, annulez-la']) {
      expect(replyIntent(text, packs.all(), 'start_return').intent, text).not.toBe('confirm');
      expect(replyIntent(text, packs.all()).intent, text).not.toBe('confirm');
    }
    for (const text of ['cancel it', 'annule', 'yes, no, actually cancel that', 'ok wait, cancel', 'yes, cancel it, no', 'yes, cancel it, n']) expect(replyIntent(text, packs.all(), 'cancel_order').intent, text).not.toBe('confirm');
  });
});
