import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import path from 'node:path';
import { createCues, type Cues } from '../../src/offline/intent-cues.js';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import { matchItem } from '../../src/offline/item-match.js';
import { codesIn, conversationOf } from '../../src/offline/message-facts.js';
import { demoCommerce } from '../commerce/demo-fixture.js';

let commerce: DemoCommerce;
let packCues: Cues;
beforeAll(async () => {
  ({ commerce } = await demoCommerce());
  const packs = await loadLocalePacks(path.join(import.meta.dirname, '..', '..', 'locales'));
  packCues = createCues(packs.all().flatMap((p) => (p.cues ? [p.cues] : [])));
});

// The cue phrases are data (locales/<lang>.yaml `cues:`); these read them as the offline responder does.
const cues = {
  wantsReturn: (t: string) => packCues.has('return', t),
  wantsClaim: (t: string) => packCues.has('claim', t),
  describesFault: (t: string) => packCues.has('fault', t),
  isAffirmative: (t: string) => packCues.has('affirmative', t),
  wantsHuman: (t: string) => packCues.has('human', t),
  asksRefundStatus: (t: string) => packCues.has('refund_status', t),
};

describe('what a message asks for', () => {
  it.each([
    "I'd like to return the kettle",
    'please start a return for it',
    'I want a refund',
    'quiero devolver mi pedido',
    'ich möchte die Jacke zurückgeben',
    'je voudrais retourner les chaussures',
  ])('"%s" asks to return', (text) => expect(cues.wantsReturn(text)).toBe(true));

  it.each(['can I return it?', 'how do I return something', "I don't want a refund, I want it fixed", 'what is your return policy'])(
    '"%s" does not ask to start a return',
    (text) => expect(cues.wantsReturn(text)).toBe(false),
  );

  it.each(['please open a warranty claim', 'I want it repaired', 'can you fix it', 'I need my mixer replaced', 'quiero reclamar la garantía'])('"%s" asks for a claim', (text) =>
    expect(cues.wantsClaim(text)).toBe(true),
  );

  it.each(['is it under warranty?', 'how long is the warranty', 'what does the warranty cover'])('"%s" does not ask for a claim', (text) => expect(cues.wantsClaim(text)).toBe(false));

  it.each(['it stopped working', "the kettle won't turn on", 'the screen has a dead pixel', 'Mein Mixer ist kaputt', 'la licuadora no funciona', 'le casque est cassé', 'it makes a grinding noise'])(
    '"%s" describes a fault',
    (text) => expect(cues.describesFault(text)).toBe(true),
  );

  it('reads yes, a request for a person and a refund status question', () => {
    for (const yes of ['yes', 'Yes please!', 'go ahead', 'sure, do it', 'oui', 'ja gerne']) expect(cues.isAffirmative(yes)).toBe(true);
    expect(cues.isAffirmative('yes but which one is cheaper')).toBe(false);
    expect(cues.wantsHuman('can I talk to a real person')).toBe(true);
    expect(cues.asksRefundStatus("where's my refund?")).toBe(true);
  });

  it('reads the cue words of Spanish, German and French from their packs', () => {
    for (const yes of ['sí, por favor', 'ja, bitte', "d'accord"]) expect(cues.isAffirmative(yes)).toBe(true);
    expect(cues.wantsHuman('quiero hablar con una persona')).toBe(true);
    expect(cues.wantsHuman('ich möchte mit einem Mitarbeiter sprechen')).toBe(true);
    expect(cues.wantsHuman('je veux parler à un conseiller')).toBe(true);
    expect(cues.wantsReturn('no quiero devolverlo')).toBe(false);
    expect(cues.wantsReturn("je ne veux pas le retourner")).toBe(false);
    expect(cues.describesFault('mis auriculares ya no cargan')).toBe(true);
    expect(cues.describesFault('das Ladegerät lädt nicht')).toBe(true);
    expect(cues.describesFault('mon casque ne marche plus')).toBe(true);
    expect(cues.wantsClaim('ich möchte die Garantie geltend machen')).toBe(true);
    expect(cues.wantsClaim('je veux faire jouer la garantie')).toBe(true);
    expect(cues.asksRefundStatus('¿dónde está mi reembolso?')).toBe(true);
  });

  it('bounds a phrase: at most one gap and three optional words, or it is not used', async () => {
    const { compileCue } = await import('../../src/offline/cue-phrases.js');
    expect(compileCue('a .. b .. c')).toBeNull();
    expect(compileCue('[a] [b] [c] [d] e')).toBeNull();
    expect(compileCue('^yes|sure$')).not.toBeNull();
  });
});

describe('facts in a message and its history', () => {
  it('tells order ids from SKUs, in loose spellings', async () => {
    expect(await codesIn('order sb10012 and the KIT 1001 please', commerce, packCues)).toEqual({ orderIds: ['SB-10012'], skus: ['KIT-1001'] });
    // A bare number stays as typed: the order back-end resolves it among the verified customer's own orders.
    expect(await codesIn('my order number is 10039', commerce, packCues)).toEqual({ orderIds: ['10039'], skus: [] });
    expect(await codesIn('order SB-99999', commerce, packCues)).toEqual({ orderIds: ['SB-99999'], skus: [] });
    expect(await codesIn('a 12 cup coffee maker for 2024', commerce, packCues)).toEqual({ orderIds: [], skus: [] });
    // The words before a bare order number are each language's (locales/<lang>.yaml cues.order_number).
    expect(await codesIn('mi número de pedido es 10039', commerce, packCues)).toEqual({ orderIds: ['10039'], skus: [] });
    expect(await codesIn('Bestellnummer: 10039', commerce, packCues)).toEqual({ orderIds: ['10039'], skus: [] });
    expect(await codesIn('ma commande #10039', commerce, packCues)).toEqual({ orderIds: ['10039'], skus: [] });
  });

  it('keeps earlier customer messages and the last bot reply apart', () => {
    const conv = conversationOf('with noise cancelling?', [
      { id: '1', role: 'customer', text: 'headphones less than 100 euros', at: 1 },
      { id: '2', role: 'bot', text: 'Here are the best matches…', at: 2, skill: 'product_recommendation', offline: true },
    ]);
    expect(conv.earlier).toEqual(['headphones less than 100 euros']);
  });

  it('ignores the current message when the history already holds it', () => {
    const conv = conversationOf('and SB-10012?', [
      { id: '1', role: 'customer', text: 'can I return SB-10023?', at: 1 },
      { id: '2', role: 'bot', text: 'No, the window closed.', at: 2, skill: 'returns', offline: true },
      { id: '3', role: 'customer', text: 'and SB-10012?', at: 3 },
    ]);
    expect(conv.earlier).toEqual(['can I return SB-10023?']);
  });

  it('matches an order item by SKU, by product word, or not at all when unclear', () => {
    const items = [
      { sku: 'KIT-1009', name: 'Tollan 9-in-1 Multi Cooker 6 Qt' },
      { sku: 'KIT-1010', name: 'Tollan Stand Mixer 5 Qt' },
      { sku: 'KIT-1004', name: 'Pellway Variable Temperature Gooseneck Kettle' },
    ];
    expect(matchItem(items, 'the stand mixer', [])?.sku).toBe('KIT-1010');
    expect(matchItem(items, 'the kettle leaks', [])?.sku).toBe('KIT-1004');
    expect(matchItem(items, 'return KIT-1009', ['KIT-1009'])?.sku).toBe('KIT-1009');
    expect(matchItem(items, 'the Tollan one', [])).toBeNull();
    expect(matchItem(items, 'my order', [])).toBeNull();
  });
});
