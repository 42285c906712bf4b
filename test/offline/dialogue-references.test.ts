import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundDialogue, DIALOGUE_LIMITS, type DialogueState, type ShownItem } from '../../src/core/dialogue-state.js';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import type { LanguageReferences } from '../../src/locale/language-references.js';
import { pointsBack, resolveReference, type Comparison } from '../../src/offline/references.js';

const item = (sku: string, price: number, attributes: ShownItem['attributes']): ShownItem => ({ sku, name: `Item ${sku}`, price, category: 'c', attributes });
const shown = [item('A-1', 149, { noise_level: '88 dB', capacity: '2 L' }), item('A-2', 69.99, { noise_level: '72 dB', capacity: '1.5 L' }), item('A-3', 99, { capacity: '1.8 L' })];
const dialogue: DialogueState = { shown, last: { skill: 'product_recommendation', step: 'search' } };
const comparisons = new Map<string, Comparison>([
  ['price', { field: 'price' }],
  ['noise', { attributes: ['noise'] }],
  ['size', { attributes: ['capacity'] }],
]);

describe('follow-ups resolved against the dialogue state', async () => {
  const packs = await loadLocalePacks(path.join(import.meta.dirname, '..', '..', 'locales'));
  const refs = (lang: string): LanguageReferences[] => [packs.get(lang).references!, packs.get('en').references!];

  it('ordinals count in the list shown, in each language', () => {
    expect(resolveReference('tell me more about the second one', dialogue, refs('en'), comparisons)?.items[0]?.sku).toBe('A-2');
    expect(resolveReference('and the last one?', dialogue, refs('en'), comparisons)?.items[0]?.sku).toBe('A-3');
    expect(resolveReference('cuéntame más del primero', dialogue, refs('es'), comparisons)?.items[0]?.sku).toBe('A-1');
    expect(resolveReference('erzähl mir mehr über den dritten', dialogue, refs('de'), comparisons)?.items[0]?.sku).toBe('A-3');
    expect(resolveReference('parlez-moi du deuxième', dialogue, refs('fr'), comparisons)?.items[0]?.sku).toBe('A-2');
  });

  it('comparatives pick the shown item best on the compared attribute, skipping items without it', () => {
    expect(resolveReference('the cheaper one', dialogue, refs('en'), comparisons)?.items[0]?.sku).toBe('A-2');
    expect(resolveReference('which is quieter?', dialogue, refs('en'), comparisons)?.items[0]?.sku).toBe('A-2');
    expect(resolveReference('the bigger one', dialogue, refs('en'), comparisons)?.items[0]?.sku).toBe('A-1');
    expect(resolveReference('welcher ist leiser', dialogue, refs('de'), comparisons)?.items[0]?.sku).toBe('A-2');
    expect(resolveReference('la moins chère', dialogue, refs('fr'), comparisons)?.items[0]?.sku).toBe('A-2');
  });

  it('a pronoun means the item in focus, or the only one shown; nothing shown resolves nothing', () => {
    expect(resolveReference('is it in stock?', { ...dialogue, focus: shown[2] }, refs('en'), comparisons)?.items[0]?.sku).toBe('A-3');
    expect(resolveReference('is it in stock?', dialogue, refs('en'), comparisons)).toBeNull();
    expect(resolveReference('the second one', { shown: [] }, refs('en'), comparisons)).toBeNull();
    expect(resolveReference('the second one', undefined, refs('en'), comparisons)).toBeNull();
  });

  it('points back: ordinals and comparatives over shown items, duration and next after an answer; a new question does not', () => {
    expect(pointsBack('the third one please', dialogue, refs('en'))).toBe(true);
    expect(pointsBack('how long does that take?', dialogue, refs('en'))).toBe(true);
    expect(pointsBack('wie lange dauert das?', dialogue, refs('de'))).toBe(true);
    expect(pointsBack('how long is the warranty on laptops?', dialogue, refs('en'))).toBe(false);
    expect(pointsBack('do you sell kettles?', dialogue, refs('en'))).toBe(false);
    expect(pointsBack('the seventh one', dialogue, refs('en'))).toBe(false);
  });

  it('keeps every list and text within its bound', () => {
    const many = Array.from({ length: 40 }, (_, i) => item(`S-${i}`, i, Object.fromEntries(Array.from({ length: 50 }, (_, j) => [`a${j}`, 'x'.repeat(500)]))));
    const d = boundDialogue({ shown: many, query: 'q'.repeat(5000), missing: { skill: 's', slots: ['a', 'b', 'c', 'd', 'e', 'f'] } });
    expect(d.shown).toHaveLength(DIALOGUE_LIMITS.shown);
    expect(Object.keys(d.shown[0]!.attributes)).toHaveLength(DIALOGUE_LIMITS.attributes);
    expect(String(d.shown[0]!.attributes.a0).length).toBe(DIALOGUE_LIMITS.value);
    expect(d.query).toHaveLength(DIALOGUE_LIMITS.text);
    expect(d.missing!.slots).toHaveLength(DIALOGUE_LIMITS.slots);
  });
});

describe('the offline responder: a message that opens a new topic does not point back', async () => {
  const { offlineChat } = await import('./offline-kit.js');
  const chat = await offlineChat();

  it('an ordinal after a topic-shift word ("actually ... my last order") names no shown item', () => {
    expect(chat.responder.pointsBack!({ text: 'and the last one?', dialogue })).toBe(true);
    expect(chat.responder.pointsBack!({ text: 'actually, where is my last order?', dialogue })).toBe(false);
    expect(chat.responder.pointsBack!({ text: 'never mind, the second one', dialogue })).toBe(false);
  });
});
