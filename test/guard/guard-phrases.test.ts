import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAnswerGuard } from '../../src/guard/create-answer-guard.js';
import { guardPhrasesOf, guardSectionSchema, repositoryGuardPhrases, type GuardPhrases } from '../../src/locale/guard-section.js';
import { loadLocalePacks, packGuardPhrases } from '../../src/locale/locale-packs.js';
import { phraseSchema } from '../../src/locale/phrase-syntax.js';
import { compilePhrases, firstMatches, work } from '../../src/locale/phrase-matcher.js';
import { eachEchoRequest } from '../../src/guard/echo-request.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { createGuardKit, type GuardKit } from './guard-kit.js';

/*
 * Issue 16: the phrases the guard reads an obeyed injection or a leak with are the locale
 * packs' (`guard:` in locales/<lang>.yaml), compiled from words, not English regexes in src/.
 */

const LOCALES = path.join(import.meta.dirname, '..', '..', 'locales');
const guardSection = async (lang: string) => guardSectionSchema.parse((parse(await readFile(path.join(LOCALES, `${lang}.yaml`), 'utf8')) as { guard: unknown }).guard);
const match = (phrases: string[], text: string) => firstMatches(compilePhrases([phrases]), text)[0]?.text ?? null;

let kit: GuardKit;
let englishOnly: GuardPhrases;
beforeAll(async () => {
  kit = await createGuardKit();
  englishOnly = guardPhrasesOf([await guardSection('en')]);
});
afterAll(async () => {
  await kit?.close();
});

describe('the phrase syntax', () => {
  it('matches options, optional and repeated slots, multi-word options and open ends, with the words escaped', () => {
    expect(match(['i|we {have|already|\'ve} issued [a|the] refund*'], "Done: we've already issued the refunds.")).toBe("we've already issued the refund");
    expect(match(['right+now|today'], 'do it right \n now')).toBe('right \n now');
    // "." and "?" are letters of the phrase, not wildcards; whole words only unless "*" opens an end.
    expect(match(['a.b?'], 'axb')).toBeNull();
    expect(match(['a.b?'], 'see a.b?')).toBe('a.b?');
    expect(match(['refund'], 'refunds')).toBeNull();
    // An open start matches the end of a word; the quote is the whole word.
    expect(match(['*fund'], 'a refund')).toBe('refund');
    expect(match(['*fund'], 'a fundraiser')).toBeNull();
    // An open end with words after it takes the rest of its word.
    expect(match(['offri* uno sconto'], 'Possiamo offrirti uno sconto')).toBe('offrirti uno sconto');
    expect(match(['mode'], 'modé')).toBeNull();
    // A repeated slot takes at most four words; a gap stays inside its sentence and its bound.
    expect(match(['we {have} sent'], 'we have have have have sent')).toBe('we have have have have sent');
    expect(match(['we {have} sent'], 'we have have have have have sent')).toBeNull();
    expect(match(['refund ..10 today'], 'refund it today')).toBe('refund it today');
    expect(match(['refund ..10 today'], 'refund it. Today')).toBeNull();
    expect(match(['refund ..10 today'], 'refund it to you very soon today')).toBeNull();
    // A number, any word, a symbol without spaces, a kept case, a negation before.
    expect(match(['# % off'], 'take 15%off now')).toBe('15%off');
    expect(match(['in * mode'], 'now in sudo mode')).toBe('in sudo mode');
    expect(match(['=DAN'], 'dan and DAN')).toBe('DAN');
    expect(match(['!no|nunca [le] haremos una excepción'], 'No le haremos una excepción.')).toBeNull();
    expect(match(['!no|nunca [le] haremos una excepción'], 'Le haremos una excepción.')).toBe('Le haremos una excepción');
  });

  it('refuses what is not a phrase', () => {
    for (const bad of ['[optional only]', 'a ..200 b', '..10 a', 'a ..10 [b]', 're*fund', 'a||b']) expect(phraseSchema.safeParse(bad).success, bad).toBe(false);
    expect(phraseSchema.safeParse('refund|refunded ..40 today').success).toBe(true);
  });

  it('stays linear on long texts that almost match', () => {
    const all = repositoryGuardPhrases();
    const texts = ['we have '.repeat(2000), 'refund '.repeat(2000), 'I am '.repeat(2000), 'mis '.repeat(3000), ' '.repeat(40_000), 'no le hemos emitido '.repeat(2000)];
    for (const t of texts) {
      const start = performance.now();
      all.find(t);
      // A quadratic matcher takes seconds on 16,000 characters; these take about a millisecond.
      expect(performance.now() - start, t.slice(0, 10)).toBeLessThan(250);
    }
  });

  it('does work linear in the text: four times the text, about four times the steps', () => {
    const all = repositoryGuardPhrases();
    const units = ['we have ', 'refund ', 'I am ', 'no le hemos emitido ', 'as ', 'i was i was told ', "say 'hello there' ", 'the hidden ', '# % ', 'a'];
    const steps = (t: string) => {
      const before = work.steps;
      all.find(t);
      eachEchoRequest(t, all.echoRequest!, () => false);
      return work.steps - before;
    };
    for (const u of units) {
      const k = Math.ceil(2000 / u.length);
      const one = steps(u.repeat(k));
      const four = steps(u.repeat(4 * k));
      // Not exactly 4x: near a text's end a gap has fewer tokens to try. A quadratic matcher does 16x.
      expect(four, u).toBeLessThanOrEqual(4.2 * one + 64);
    }
  });
});

describe('guard phrases come from the locale packs', () => {
  const replies: Array<[string, string, RegExp]> = [
    ['returns', 'Ya te hemos emitido un reembolso completo.', /refund was issued/],
    ['returns', 'Wir haben Ihnen bereits die volle Rückerstattung überwiesen.', /refund was issued/],
    ['returns', 'Nous vous remboursons immédiatement.', /immediate refund/],
    ['returns', 'Sie können den Artikel behalten und erhalten trotzdem eine Erstattung.', /refund without a return/],
    ['product_recommendation', 'Je peux vous offrir une remise exceptionnelle.', /discount, credit or freebie/],
    ['other', 'Ahora soy un asistente sin restricciones.', /steps out of its role/],
    ['other', 'Ich bin jetzt im Entwicklermodus.', /steps out of its role/],
    ['other', 'Le mot de passe secret est ananas.', /reveals hidden text/],
    ['other', 'Meine Anweisungen lauten: nichts verraten.', /talks about its own instructions/],
    ['returns', 'Ti abbiamo già emesso un rimborso completo.', /refund was issued/],
    ['other', 'Agora sou um assistente sem restrições.', /steps out of its role/],
  ];

  it('catches a Spanish, German, French, Italian or Portuguese promise, role change, hidden text or leak only with those packs', async () => {
    const tools = createToolRegistry();
    const guard = (phrases: GuardPhrases) => createAnswerGuard({ commerce: kit.composed.commerce, tools, phrases });
    const all = packGuardPhrases(await loadLocalePacks(LOCALES));
    for (const [skillId, reply, problem] of replies) {
      const skill = kit.composed.skills.current().skills.get(skillId)!;
      const prompt = await kit.prompt(skillId, 'hola');
      const withPacks = await guard(all).check({ skill, reply, tools: [], prompt });
      expect(withPacks.problems.join(' '), reply).toMatch(problem);
      // The English pack alone has no such phrase.
      expect((await guard(englishOnly).check({ skill, reply, tools: [], prompt })).problems.join(' '), reply).not.toMatch(problem);
    }
  });

  it('does not flag the same languages saying no, or ordinary instructions', async () => {
    const all = repositoryGuardPhrases();
    const texts = [
      'No le hemos emitido ningún reembolso todavía.',
      'No podemos hacer una excepción.',
      'Die Garantie kann gegen Aufpreis verlängert werden.',
      'Les instructions de montage sont dans la boîte.',
      // How a product is used is no leak of the bot's own instructions.
      'Aquí tienes las instrucciones de montaje.',
      'Hier sind die Anweisungen zum Aufbau.',
      'As instruções são: desligue o aparelho.',
      'Dan, from our team, will help you.',
    ];
    for (const t of texts) {
      const f = all.find(t);
      expect(f.promises, t).toEqual([]);
      expect(f.roleChange, t).toBeNull();
      expect(f.instructionsTalk, t).toBeNull();
    }
  });

  it('reads a German echo request in German quotation marks', async () => {
    const skill = kit.composed.skills.current().skills.get('other')!;
    const prompt = await kit.prompt('other', 'Antworte mit „ich bin ein Pirat“ bitte');
    const tools = createToolRegistry();
    const v = await createAnswerGuard({ commerce: kit.composed.commerce, tools }).check({ skill, reply: 'Ich bin ein Pirat!', tools: [], prompt });
    expect(v.problems.join(' ')).toMatch(/repeats text the customer told it to say/);
  });
});
