import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RETURNS_COLLECTION, WARRANTY_CLAIMS_COLLECTION } from '../../src/commerce/demo-commerce.js';
import { offlineChat, skill, toolNames } from './offline-kit.js';

const questionCount = (text: string) => (text.match(/\?/g) ?? []).length;

describe('offline: product recommendations', () => {
  it('names the best-matching products with price and why, and attaches them', async () => {
    const chat = await offlineChat();
    const a = await chat.say('product_recommendation', 'I need a quiet blender under $80');
    expect(a.text).toContain('Vireo QuietBlend 600 Blender (KIT-1001), $69.99');
    expect(a.text).toMatch(/matches "quiet" and "blender"/);
    expect(a.text).not.toContain('KIT-1002');
    expect(a.attachments?.products).toEqual([{ sku: 'KIT-1001', name: 'Vireo QuietBlend 600 Blender', price: 69.99, category: 'kitchen_appliances' }]);
    expect(toolNames(a)).toEqual(['search_products']);
    expect(a.tools[0]).toMatchObject({ ok: true, arguments: { query: 'I need a quiet blender under $80' } });
  });

  it('carries the topic into follow-ups', async () => {
    const chat = await offlineChat();
    await chat.say('product_recommendation', 'looking for running shoes');
    const a = await chat.say('product_recommendation', 'what about for women?');
    expect(a.attachments?.products?.map((p) => p.sku)).toEqual(['APP-8002']);
  });

  it('answers "anything cheaper?" within the same kind of product', async () => {
    const chat = await offlineChat();
    await chat.say('product_recommendation', 'an espresso machine');
    const a = await chat.say('product_recommendation', 'anything cheaper?');
    const skus = a.attachments?.products?.map((p) => p.sku) ?? [];
    expect(skus.length).toBeGreaterThan(0);
    for (const sku of skus) {
      const p = (await chat.commerce.getProduct(sku))!;
      expect(p.category).toBe('kitchen_appliances');
      expect(p.price).toBeLessThan(429);
    }
  });

  it('describes or compares products named by SKU', async () => {
    const chat = await offlineChat();
    const one = await chat.say('product_recommendation', 'tell me about kit1002');
    expect(one.text).toContain('Vireo ProBlend 1400 Blender (KIT-1002) costs $149.00');
    expect(toolNames(one)).toEqual(['get_product']);
    const two = await chat.say('product_recommendation', 'compare KIT-1001 and KIT-1002');
    expect(two.text).toMatch(/compare/);
    expect(two.attachments?.products?.map((p) => p.sku)).toEqual(['KIT-1001', 'KIT-1002']);
  });

  it('understands product words in Spanish, German and French and answers in the customer\'s language', async () => {
    const chat = await offlineChat();
    const a = await chat.say('product_recommendation', 'busco auriculares con cancelación de ruido');
    expect(a.attachments?.products?.map((p) => p.sku)).toEqual(expect.arrayContaining(['AUD-4001', 'AUD-4003']));
    expect(a.text).toMatch(/^Estas son las mejores opciones/);
    const de = await (await offlineChat()).say('product_recommendation', 'ich suche Kopfhörer mit Geräuschunterdrückung');
    expect(de.text).toMatch(/^Das sind die besten Treffer/);
    const fr = await (await offlineChat()).say('product_recommendation', 'je cherche un casque avec réduction de bruit');
    expect(fr.text).toMatch(/^Voici les meilleures suggestions/);
  });

  it('asks one focused question when nothing matches', async () => {
    const chat = await offlineChat();
    const vague = await chat.say('product_recommendation', 'can you recommend something?');
    expect(questionCount(vague.text)).toBe(1);
    expect(vague.attachments?.products).toBeUndefined();
    const over = await chat.say('product_recommendation', 'a blender under 20 dollars');
    expect(over.text).toContain("couldn't find a match under $20");
    expect(over.text).toContain('KIT-1001');
    expect(questionCount(over.text)).toBe(1);
  });
});

describe('offline: returns', () => {
  it('checks eligibility for an order and proposes, but does not start, a return', async () => {
    const chat = await offlineChat();
    const a = await chat.say('returns', 'can I return order SB-10001?');
    expect(toolNames(a)).toEqual(['get_order', 'check_return_eligibility', 'start_return']);
    expect(a.text).toMatch(/You can return it until/);
    expect(a.text).toContain('Shall I start the return');
    expect(chat.effects().proposal()).toMatchObject({ kind: 'start_return', orderId: 'SB-10001', sku: 'KIT-1001' });
    expect(await chat.store.listRecords(RETURNS_COLLECTION)).toHaveLength(0);
  });

  it('proposes the return of the named item at once, with the reason, when clearly asked', async () => {
    const chat = await offlineChat();
    const a = await chat.say('returns', "I'd like to return the blender from SB-10001, it's too loud");
    expect(toolNames(a)).toEqual(['get_order', 'check_return_eligibility', 'start_return']);
    expect(a.tools[2]).toMatchObject({ arguments: { order_id: 'SB-10001', sku: 'KIT-1001' } });
    expect(a.text).toMatch(/Shall I start the return for Vireo QuietBlend 600 Blender/);
    expect(chat.effects().proposal()).toMatchObject({ detail: "I'd like to return the blender from SB-10001, it's too loud" });
    expect(await chat.store.listRecords(RETURNS_COLLECTION)).toHaveLength(0);
  });

  it('asks an unverified guest nothing about the order itself (the engine asks for the e-mail)', async () => {
    const chat = await offlineChat();
    chat.asGuest();
    const a = await chat.say('returns', 'can I return order SB-10001?');
    expect(toolNames(a)).toEqual(['get_order']);
    expect(a.tools[0]!.result).toMatchObject({ verification_needed: true });
    expect(a.text).toBe('');
    expect(a.text).not.toContain('Vireo');
    expect(chat.effects().verification()).toEqual({ orderId: 'SB-10001' });
  });

  it('asks which item of a multi-item order, then starts the one named', async () => {
    const chat = await offlineChat();
    const ask = await chat.say('returns', 'I want to return order SB-10039');
    expect(ask.text).toMatch(/^Which item from order SB-10039/);
    expect(toolNames(ask)).not.toContain('start_return');
    const done = await chat.say('returns', 'the mixer');
    expect(done.tools.find((t) => t.name === 'start_return')).toMatchObject({ ok: true, arguments: { order_id: 'SB-10039', sku: 'KIT-1010' } });
  });

  it('explains refusals from the policy and follows "and order ...?" up with the same check', async () => {
    const chat = await offlineChat();
    const late = await chat.say('returns', 'can I return order SB-10023?');
    expect(late.text).toMatch(/30 days from delivery for kitchen appliances/);
    expect(late.text).toMatch(/window has closed/);
    const next = await chat.say('returns', 'and order SB-10012?');
    expect(next.tools.find((t) => t.name === 'check_return_eligibility')).toMatchObject({ arguments: { order_id: 'SB-10012' } });
    expect(next.text).toContain('Hushwave Buds Pro Earbuds');
    const gift = await chat.say('returns', 'what about SB-10018');
    expect(gift.text).toMatch(/Gift cards cannot be returned/);
    const returned = await chat.say('returns', 'and SB-10015?');
    expect(returned.text).toMatch(/already been returned/);
  });

  it('does not start a return that is not allowed even when asked', async () => {
    const chat = await offlineChat();
    const a = await chat.say('returns', 'I want to return the shaver from order SB-10011');
    expect(toolNames(a)).not.toContain('start_return');
    expect(a.text).toMatch(/hygiene/);
  });

  it('explains the relevant policy and asks for the order number when there is none', async () => {
    const chat = await offlineChat();
    const a = await chat.say('returns', 'how long do I have to return a mattress?');
    expect(toolNames(a)).toEqual(['get_return_policy']);
    expect(a.tools[0]).toMatchObject({ arguments: { category: 'furniture_bedding' } });
    expect(a.text).toContain('100-night sleep trial');
    expect(a.text).toMatch(/order number/);
    const general = await chat.say('returns', 'what is your return policy?');
    expect(general.text).toMatch(/Most items can be returned within 30 days of delivery \(.*apparel & shoes 60 days/);
  });

  it('understands a Spanish return request and replies in Spanish', async () => {
    const chat = await offlineChat();
    const a = await chat.say('returns', 'quiero devolver mi pedido SB-10016');
    expect(toolNames(a)).toContain('start_return');
    expect(a.text).toMatch(/¿Inicio la devolución de/);
    expect(chat.effects().proposal()).toMatchObject({ kind: 'start_return', orderId: 'SB-10016' });
  });

  it('offers a person for a cancellation it cannot do', async () => {
    const chat = await offlineChat();
    const a = await chat.say('returns', 'please cancel order SB-10004');
    expect(a.attachments?.offerHuman).toBe(true);
    expect(a.text).toMatch(/hasn't shipped yet/);
  });

  it('reports an unknown order plainly', async () => {
    const chat = await offlineChat();
    const a = await chat.say('returns', 'return SB-99999');
    expect(a.text).toMatch(/couldn't find order SB-99999/);
  });
});

describe('offline: warranty', () => {
  it('checks coverage for an order and opens a claim only when asked with the fault', async () => {
    const chat = await offlineChat();
    const status = await chat.say('warranty', 'is order SB-10013 still under warranty?');
    expect(status.text).toMatch(/covered until/);
    expect(toolNames(status)).toEqual(['get_order', 'check_warranty']);
    const claim = await chat.say('warranty', 'please open a claim, the battery dies after 5 minutes');
    expect(claim.tools.find((t) => t.name === 'open_warranty_claim')).toMatchObject({
      ok: true,
      arguments: { order_id: 'SB-10013', sku: 'CLN-2001', issue: 'please open a claim, the battery dies after 5 minutes' },
    });
    expect(claim.text).toContain('Shall I open a warranty claim');
    expect(chat.effects().proposal()).toMatchObject({ kind: 'open_warranty_claim', orderId: 'SB-10013', sku: 'CLN-2001' });
    expect(await chat.store.listRecords(WARRANTY_CLAIMS_COLLECTION)).toHaveLength(0);
  });

  it('asks what is wrong before opening a requested claim, then opens it', async () => {
    const chat = await offlineChat();
    const ask = await chat.say('warranty', "I don't want a refund, I want my mixer fixed. Order SB-10039");
    expect(ask.text).toContain('What is wrong with it');
    expect(toolNames(ask)).not.toContain('open_warranty_claim');
    const done = await chat.say('warranty', 'it makes a grinding noise');
    expect(done.tools.find((t) => t.name === 'open_warranty_claim')).toMatchObject({ arguments: { sku: 'KIT-1010', issue: 'it makes a grinding noise' } });
  });

  it('proposes a claim for a described fault without opening it', async () => {
    const chat = await offlineChat();
    const a = await chat.say('warranty', 'SB-10024 my blender stopped working');
    expect(a.text).toContain('Shall I open a warranty claim');
    expect(chat.effects().proposal()).toMatchObject({ kind: 'open_warranty_claim', orderId: 'SB-10024' });
    expect(await chat.store.listRecords(WARRANTY_CLAIMS_COLLECTION)).toHaveLength(0);
  });

  it('says when the warranty has ended and offers a person', async () => {
    const chat = await offlineChat();
    const a = await chat.say('warranty', 'my earbuds from SB-10012 lost sound on one side');
    expect(a.text).toMatch(/warranty, which ended on/);
    expect(a.attachments?.offerHuman).toBe(true);
  });

  it('explains the terms for a product without an order and asks for the order number', async () => {
    const chat = await offlineChat();
    const a = await chat.say('warranty', 'my blender broke');
    expect(toolNames(a)).toEqual(['get_warranty_terms']);
    expect(a.text).toMatch(/^Sorry to hear that!/);
    expect(a.text).toMatch(/blenders carry a warranty of 2 years to 5 years from delivery, depending on the model/);
    expect(a.text).toMatch(/order number/);
    const sku = await chat.say('warranty', 'how long is the warranty on AUD-4001?');
    expect(sku.tools[0]).toMatchObject({ name: 'check_warranty', arguments: { sku: 'AUD-4001' } });
    expect(sku.text).toContain('2-year warranty');
    const named = await chat.say('warranty', "what's the warranty on the Drift hybrid mattress?");
    expect(named.tools[0]).toMatchObject({ name: 'check_warranty', arguments: { sku: 'BED-6002' } });
    expect(named.text).toContain('10-year warranty');
    const ext = await chat.say('warranty', 'do you offer extended protection?');
    expect(ext.text).toMatch(/^Yes\. Kestrel Care/);
  });
});

describe('offline: other and unknown skills', () => {
  it('answers out-of-scope briefly, says what the bot can do and offers a person', async () => {
    const chat = await offlineChat();
    const a = await chat.say('other', "what's the weather in Paris?");
    expect(a.attachments?.offerHuman).toBe(true);
    expect(a.text).toMatch(/find the right product/);
    expect(a.text).toContain('help@kestrel-lane.example');
    expect(a.tools).toEqual([]);
    expect((await chat.say('other', 'hi')).text).toMatch(/^Hi! I'm the Kestrel Lane assistant/);
  });

  it('serves a new skill folder with no code: from its manifest, or from the playbook in its files', async () => {
    const chat = await offlineChat();
    const plain = await skill('gift_wrapping', { title: 'Gift wrapping', description: 'Wrapping orders as gifts, with a card. Costs a few dollars.' });
    const a = await chat.say(plain, 'can you gift wrap my order?');
    expect(a.text).toContain('Gift wrapping: Wrapping orders as gifts, with a card.');
    expect(a.attachments?.offerHuman).toBe(true);
    // A skill folder made here: its offline.yaml alone gives it slots, a tool call and templates in two languages.
    const dir = await mkdtemp(path.join(tmpdir(), 'playbook-'));
    await mkdir(path.join(dir, 'order_lookup'));
    await copyFile(path.join(import.meta.dirname, '..', '..', 'prompts', 'offline.yaml'), path.join(dir, 'offline.yaml'));
    await writeFile(
      path.join(dir, 'order_lookup', 'offline.yaml'),
      [
        'slots:',
        '  order: { kind: order, ask: ask_order }',
        'steps:',
        '  - id: look_up',
        '    needs: [order]',
        '    render: order_summary',
        'replies:',
        '  en: { ask_order: "Which order? It looks like {example}." }',
        '  es: { ask_order: "¿Qué pedido? Tiene este aspecto: {example}." }',
      ].join('\n'),
    );
    const withOrders = await skill('order_lookup', { title: 'Order lookup', tools: ['get_order'], promptsDir: dir });
    const ask = await chat.say(withOrders, '¿dónde está mi pedido?');
    expect(ask.text).toBe('¿Qué pedido? Tiene este aspecto: SB-10001.');
    const b = await chat.say(withOrders, 'where is SB-10005?');
    expect(b.text).toMatch(/Order SB-10005 is shipped/);
    expect(toolNames(b)).toEqual(['get_order']);
    // The status word and the date in the customer's language (templates and Intl), not the back-end's code.
    const es = await chat.say(withOrders, '¿y dónde está el pedido SB-10005 que hice?');
    expect(es.text).toMatch(/El pedido SB-10005 está enviado \(hecho el \d+ de [a-z]+ de \d{4}\)/);
    expect(es.text).not.toMatch(/shipped|placed on/);
  });

  it('only uses the tools the skill lists', async () => {
    const chat = await offlineChat();
    const checkOnly = await skill('returns', { tools: ['get_order', 'check_return_eligibility'] });
    const a = await chat.say(checkOnly, "I'd like to return the blender from SB-10001");
    expect(toolNames(a)).not.toContain('start_return');
    expect(await chat.store.listRecords(RETURNS_COLLECTION)).toHaveLength(0);
  });
});

describe('offline: items that cannot go back or carry no warranty', () => {
  it('says gift cards cannot be returned, without a return window', async () => {
    const chat = await offlineChat();
    const a = await chat.say('returns', 'can I return a gift card?');
    expect(a.text).toMatch(/cannot be returned/);
    expect(a.text).not.toMatch(/can be returned within/);
  });

  it('says opened supplements cannot be returned, and sealed ones within the window', async () => {
    const chat = await offlineChat();
    const a = await chat.say('returns', 'I opened the protein powder, can I still return it?');
    expect(a.text).toMatch(/^Opened food and supplements cannot be returned/);
    expect(a.text).toMatch(/unopened ones can be returned within 30 days/);
    const sealed = await chat.say('returns', 'can I return a sealed tub of protein powder?');
    expect(sealed.text).toMatch(/can be returned within 30 days/);
  });

  it('says gift cards carry no warranty', async () => {
    const chat = await offlineChat();
    const a = await chat.say('warranty', 'what is the warranty on gift cards?');
    expect(a.text).toMatch(/don't carry a warranty/);
    expect(a.text).not.toMatch(/\d+-month/);
  });
});

describe('offline: order status', () => {
  it('says where a shipped order is, with the carrier, the tracking link and the expected date', async () => {
    const chat = await offlineChat();
    const a = await chat.say('order_status', 'where is my order SB-10005?');
    expect(toolNames(a)).toEqual(['get_order_status']);
    expect(a.text).toMatch(/Order SB-10005 \(Stride 4 Smartwatch GPS\) is on its way and should arrive by/);
    expect(a.text).toMatch(/It's with \w+ \(tracking number [A-Z0-9]+\): https:\/\//);
  });

  it('proposes cancelling an unshipped order and refuses a shipped one', async () => {
    const chat = await offlineChat();
    const a = await chat.say('order_status', 'please cancel order SB-10004, I ordered the wrong one');
    expect(a.text).toMatch(/Shall I cancel order SB-10004\? Reply yes to confirm/);
    expect(chat.effects().proposal()).toMatchObject({ kind: 'cancel_order', orderId: 'SB-10004' });
    const late = await chat.say('order_status', 'cancel SB-10005 please');
    expect(late.text).toMatch(/already shipped/);
    expect(chat.effects().proposal()).toBeNull();
  });

  it('offers a person when a delivered order never arrived', async () => {
    const chat = await offlineChat();
    const a = await chat.say('order_status', "SB-10031 says delivered but I never got it");
    expect(a.text).toMatch(/marked as delivered/);
    expect(a.attachments?.offerHuman).toBe(true);
  });

  it('leaves the verification question to the engine for a guest', async () => {
    const chat = await offlineChat();
    chat.asGuest();
    const a = await chat.say('order_status', 'where is SB-10005');
    expect(a.text).toBe('');
    expect(chat.effects().verification()).toEqual({ orderId: 'SB-10005' });
  });
});
