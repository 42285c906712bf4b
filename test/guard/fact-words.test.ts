import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAnswerGuard } from '../../src/guard/create-answer-guard.js';
import { dates, durations, moneyAmounts } from '../../src/guard/reply-text.js';
import { cuePattern, factSectionSchema, factWordsOf, repositoryFactWords, type FactWords } from '../../src/locale/fact-words.js';
import { countriesIn, knowledgeFactProblems, quantities } from '../../src/guard/knowledge-facts.js';
import { loadLocalePacks, packFactWords } from '../../src/locale/locale-packs.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { createGuardKit, type GuardKit } from './guard-kit.js';

/*
 * Issue 16: the words the guard reads dates and durations with are the locale packs'
 * (`facts:` in locales/<lang>.yaml), not English lists in src/. Every loaded pack's words are
 * read together, so a French reply's dates are checked like an English reply's.
 */

const LOCALES = path.join(import.meta.dirname, '..', '..', 'locales');
const section = async (lang: string) => factSectionSchema.parse((parse(await readFile(path.join(LOCALES, `${lang}.yaml`), 'utf8')) as { facts: unknown }).facts);
const pack = async (language: string) => ({ language, facts: await section(language) });

let kit: GuardKit;
let englishOnly: FactWords;
beforeAll(async () => {
  kit = await createGuardKit();
  englishOnly = factWordsOf([await pack('en')]);
});
afterAll(async () => {
  await kit?.close();
});

describe('fact words come from the locale packs', () => {
  it('reads a French, Spanish or German date and duration only when that pack is loaded', async () => {
    const all = packFactWords(await loadLocalePacks(LOCALES));
    expect(dates('Livrée le 5 mars 2025.', all)).toEqual([{ month: 3, day: 5, year: 2025, text: '5 mars 2025' }]);
    expect(dates('Entregado el 7 de agosto.', all).map((d) => [d.month, d.day])).toEqual([[8, 7]]);
    expect(dates('Geliefert am 9. März.', all).map((d) => [d.month, d.day])).toEqual([[3, 9]]);
    expect(durations('Retour sous 30 jours, garantie 2 ans.', all).map((d) => [d.value, d.unit])).toEqual([[30, 'day'], [24, 'month']]);
    // English words alone do not know them.
    expect(dates('Livrée le 5 mars 2025.', englishOnly)).toEqual([]);
    expect(durations('Retour sous 30 jours.', englishOnly)).toEqual([]);
    // The English pack reads what the code used to.
    expect(dates('Delivered on Mar. 5, 2025 or the 4th of July', englishOnly).map((d) => [d.month, d.day, d.year])).toEqual([[3, 5, 2025], [7, 4, undefined]]);
  });

  it('the guard checks a date in a French reply with the packs it is given', async () => {
    const skill = kit.composed.skills.current().skills.get('order_status')!;
    const prompt = await kit.prompt('order_status', 'quand arrive ma commande ?');
    const reply = 'Votre commande arrivera le 12 mars.';
    const tools = createToolRegistry();
    const withPacks = createAnswerGuard({ commerce: kit.composed.commerce, tools, words: repositoryFactWords() });
    const v = await withPacks.check({ skill, reply, tools: [], prompt });
    expect(v.ok).toBe(false);
    expect(v.problems.join(' ')).toMatch(/12 mars/);
    // Without the French pack's month names the same reply states no date the guard can read.
    const english = createAnswerGuard({ commerce: kit.composed.commerce, tools, words: englishOnly });
    expect((await english.check({ skill, reply, tools: [], prompt })).problems.join(' ')).not.toMatch(/12 mars/);
  });
});

describe('context words and number words come from the locale packs', () => {
  it('builds a cue pattern from whole words, open-ended stems and phrases, with the words escaped', () => {
    const p = cuePattern(['ship*', "*n't", 'on its way', 'a.b', 'été livré*']);
    expect(['shipping soon', "we don't", 'it is on  its\nway', 'see a.b', 'a été livrée'].map((t) => p.test(t))).toEqual([true, true, true, true, true]);
    // Whole-word ends hold in any script; "." is no wildcard.
    expect(['worship', 'axb', 'on its wayward', 'a étéx livrée', 'preon its way'].map((t) => p.test(t))).toEqual([false, false, false, false, false]);
    expect(cuePattern([]).test('anything')).toBe(false);
  });

  it('the schema refuses a "*" inside an entry', () => {
    expect(factSectionSchema.safeParse({ negations: ['no*t'] }).success).toBe(false);
    expect(factSectionSchema.safeParse({ negations: ['*not*'], numbers: { dos: 2 } }).success).toBe(true);
  });

  it('reads number words, range joiners and percent words of every loaded pack', () => {
    const all = repositoryFactWords();
    expect(quantities('3 to 5 working days, 10 percent', englishOnly).map((q) => q.key)).toEqual(['3d', '5d', '10%']);
    expect(quantities('entre 3 a 5 días, o el 10 por ciento', all).map((q) => q.key)).toEqual(['3d', '5d', '10%']);
    expect(quantities('drei bis fünf Tage', all).map((q) => q.key)).toEqual(['3d', '5d']);
    expect(quantities('drei bis fünf Tage', englishOnly)).toEqual([]);
  });

  it('checks an order status a Spanish or German reply states, with those packs loaded', async () => {
    const order = await kit.tool('get_order', { order_id: 'SB-10004' });
    const skill = kit.composed.skills.current().skills.get('order_status')!;
    const prompt = await kit.prompt('order_status', 'dónde está SB-10004');
    const tools = createToolRegistry();
    const { owner } = await import('../commerce/demo-fixture.js');
    const guardWith = (words: FactWords) => createAnswerGuard({ commerce: kit.composed.commerce, tools, words });
    const check = (words: FactWords, reply: string) => guardWith(words).check({ skill, reply, tools: [order], prompt, customer: owner('SB-10004') });
    for (const reply of ['El pedido SB-10004 ya fue entregado.', 'Die Bestellung SB-10004 wurde zugestellt.']) {
      const v = await check(repositoryFactWords(), reply);
      expect(v.problems.join(' ')).toMatch(/SB-10004 is delivered, but its status is processing/);
      // The English pack alone has no such phrase.
      expect((await check(englishOnly, reply)).problems.join(' ')).not.toMatch(/is delivered/);
    }
    // A negated or conditional status is no claim, in the pack's own words.
    expect((await check(repositoryFactWords(), 'El pedido SB-10004 todavía no ha sido entregado.')).problems.join(' ')).not.toMatch(/is delivered/);
    expect((await check(repositoryFactWords(), 'Sobald die Bestellung SB-10004 zugestellt wurde, melden wir uns.')).problems.join(' ')).not.toMatch(/is delivered/);
  });
});

describe('the text-only packs (it, pt, hi) have fact words too', () => {
  it('loads their facts sections through the schema, with the packs the app loads', async () => {
    const packs = await loadLocalePacks(LOCALES);
    const all = packFactWords(packs);
    for (const lang of ['it', 'pt', 'hi']) expect((await section(lang)).months).toHaveLength(12);
    expect(dates('Consegnato il 12 maggio 2025.', all)).toEqual([{ month: 5, day: 12, year: 2025, text: '12 maggio 2025' }]);
    expect(durations('Hai 23 giorni per il reso.', all).map((d) => [d.value, d.unit])).toEqual([[23, 'day']]);
    expect(durations('Garantia de dois anos.', all).map((d) => [d.value, d.unit])).toEqual([[24, 'month']]);
    expect(durations('9 din mein', all).map((d) => [d.value, d.unit])).toEqual([[9, 'day']]);
    expect(dates('Consegnato il 12 maggio 2025.', englishOnly)).toEqual([]);
    expect(durations('Garantia de dois anos.', englishOnly)).toEqual([]);
  });

  it('the guard catches a wrong date, return window or delivery time in an Italian, Portuguese or Hindi reply', async () => {
    const tools = createToolRegistry();
    const guard = (words: FactWords) => createAnswerGuard({ commerce: kit.composed.commerce, tools, words });
    const problems = async (words: FactWords, skillId: string, text: string, reply: string) => {
      const skill = kit.composed.skills.current().skills.get(skillId)!;
      return (await guard(words).check({ skill, reply, tools: [], prompt: await kit.prompt(skillId, text) })).problems.join(' ');
    };
    const cases: Array<[string, string, string, RegExp]> = [
      ['order_status', 'quando arriva il mio ordine?', 'Il tuo ordine arriverà il 12 maggio.', /12 maggio/],
      ['returns', 'quanto tempo ho per restituire?', 'Você tem vinte dias para devolver o produto.', /vinte dias/],
      ['other', 'delivery kitne din mein hogi?', 'Aapka saaman 11 din mein pahunch jayega, hum bhejte hain.', /11 din/],
    ];
    // The packs that had fact words before (en, es, fr, de) read none of these facts.
    const withoutThem = factWordsOf(await Promise.all(['en', 'es', 'fr', 'de'].map(pack)));
    for (const [skill, text, reply, wrong] of cases) {
      expect(await problems(repositoryFactWords(), skill, text, reply)).toMatch(wrong);
      expect(await problems(withoutThem, skill, text, reply)).not.toMatch(wrong);
    }
  });
});

describe('currency and country names come from the packs languages', () => {
  it('reads a currency named in German or French only with that pack, and never a pack word that is no money', async () => {
    const all = repositoryFactWords();
    expect(moneyAmounts('Das kostet 20 Franken.', all).map((a) => a.value)).toEqual([20]);
    expect(moneyAmounts('Das kostet 20 Franken.', englishOnly)).toEqual([]);
    // The English pack's own reading is what the code did: "149 dollars", "20 bucks", not "the 30 mark".
    expect(moneyAmounts('149 dollars or 20 bucks, past the 30 mark', englishOnly).map((a) => a.value)).toEqual([149, 20]);
    // Words of other languages' currency names that are everyday words are the packs' to leave out.
    expect(moneyAmounts('2 nuevos, a 5 sum, 3 marco', all)).toEqual([]);
  });

  it("finds a country named in the reply's language and grounds it in the store text's language", () => {
    const all = repositoryFactWords();
    expect(countriesIn('Wir versenden auch nach Österreich.', all)).toEqual(['Österreich']);
    expect(countriesIn('Wir versenden auch nach Österreich.', englishOnly)).toEqual([]);
    // "Island" is Iceland in German and an English word: the German pack leaves it out.
    expect(countriesIn('We ship to Rhode Island.', all)).toEqual([]);
    const problems = (sentence: string, store: string) => knowledgeFactProblems([{ sentence, own: sentence }], { texts: [store], customer: [] }, () => false, all);
    expect(problems('Enviamos a Canadá en 5 días.', 'We ship to Canada and Mexico in 5 days.')).toEqual([]);
    expect(problems('Enviamos a Japón en 5 días.', 'We ship to Canada and Mexico in 5 days.').join(' ')).toMatch(/Japón/);
  });
});
