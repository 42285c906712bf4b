import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAnswerGuard } from '../../src/guard/create-answer-guard.js';
import { dates, durations } from '../../src/guard/reply-text.js';
import { factSectionSchema, factWordsOf, repositoryFactWords, type FactWords } from '../../src/locale/fact-words.js';
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

let kit: GuardKit;
let englishOnly: FactWords;
beforeAll(async () => {
  kit = await createGuardKit();
  englishOnly = factWordsOf([await section('en')]);
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
