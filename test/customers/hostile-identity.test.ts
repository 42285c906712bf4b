import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintIdentityToken } from '../../src/identity/identity-token.js';
import type { Running } from '../../src/main.js';
import { owner } from '../commerce/demo-fixture.js';
import { openConversation, startTestApp, TEST_IDENTITY_SECRET, type StoreKind } from '../helpers/test-app.js';

const CONTRACT_STORE = path.resolve(import.meta.dirname, '../fixtures/contract-store');

/**
 * A hostile tester's look at identity and stored personal data over the real HTTP API, once per
 * store: look-alike e-mails never verify, and card and phone numbers typed in odd formats (or in a
 * store whose order numbers are digits only) never reach the stored transcript.
 */
describe.each<StoreKind>(['memory', 'redis'])('hostile identity and personal data over HTTP (%s store)', (storeKind) => {
  let demo: Running;
  let digitsOnly: Running;

  beforeAll(async () => {
    demo = await startTestApp({ store: storeKind });
    digitsOnly = await startTestApp({ store: storeKind, env: { STORE_DIR: CONTRACT_STORE } });
  });
  afterAll(async () => {
    await demo?.stop();
    await digitsOnly?.stop();
  });

  /** What the store kept of the customer's messages (what agents and the panel read). */
  async function storedCustomerText(chat: Awaited<ReturnType<typeof openConversation>>): Promise<string> {
    return (await chat.history()).messages.filter((m) => m.role === 'customer').map((m) => m.text).join('\n');
  }

  it('a signed-in shopper whose e-mail only lower-cases onto another customer\'s (Kelvin sign) sees none of their order', async () => {
    const real = owner('SB-10006').email;
    expect(real).toContain('k');
    const lookAlike = real.replace('k', '\u212A');
    const token = await mintIdentityToken({ secret: TEST_IDENTITY_SECRET, customerId: 'host-site-user-1', email: lookAlike, now: Date.now() });
    const res = await fetch(`${demo.url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identityToken: token }) });
    expect(res.status).toBe(201);
    const { conversationId, token: widget } = (await res.json()) as { conversationId: string; token: string };
    const ask = async (text: string) => {
      const r = await fetch(`${demo.url}/api/chat/conversations/${conversationId}/messages`, { method: 'POST', headers: { authorization: `Bearer ${widget}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
      return ((await r.json()) as { reply: { text: string } }).reply.text;
    };
    const theirs = await ask('Where is order SB-10006?');
    const missing = await ask('Where is order SB-19996?');
    expect(theirs.replaceAll('SB-10006', 'SB-N')).toBe(missing.replaceAll('SB-19996', 'SB-N'));
  });

  it('a guest typing a look-alike of the order\'s e-mail is not verified', async () => {
    const real = owner('SB-10006').email;
    for (const lookAlike of [real.replace('k', '\u212A'), real.replace('@', '\u200b@'), real.replace('@', '\uff20')]) {
      const chat = await openConversation(demo.url);
      await chat.send('Where is order SB-10006?');
      const res = await chat.send(`it is ${lookAlike}`);
      expect(res.status).toBe(200);
      expect(res.body.reply.text).not.toMatch(/confirmed/i);
      expect(JSON.stringify((await chat.history()).messages)).not.toMatch(/Northpost|NO79237514/);
    }
  });

  it('card and phone numbers are masked when the store\'s order numbers are digits only ("#1001")', async () => {
    const chat = await openConversation(digitsOnly.url);
    const res = await chat.send('About order #1001: my card is 4111 1111 1111 1111 and my phone is +1 415 555 0100');
    expect(res.status).toBe(200);
    const stored = await storedCustomerText(chat);
    expect(stored).toContain('#1001');
    expect(stored).not.toContain('4111 1111 1111 1111');
    expect(stored).not.toContain('555 0100');
    expect(stored).toContain('[card ••••1111]');
  });

  it('numbers typed next to each other, to an order number or to an e-mail are each masked, and the order number kept', async () => {
    const chat = await openConversation(demo.url);
    for (const text of ['call 0612345678 - 0698765432', 'call 0612345678 2x@example.com', 'card 4111 1111 1111 1111 1john@example.com', 'return SB-10001 - 25 items']) {
      expect((await chat.send(text)).status).toBe(200);
    }
    const stored = await storedCustomerText(chat);
    expect(stored).not.toMatch(/0612345678|0698765432|4111 1111/);
    expect(stored).toContain('SB-10001 - 25 items');
  });

  it('order numbers listed in a store whose order numbers are digits only are kept', async () => {
    const chat = await openConversation(digitsOnly.url);
    expect((await chat.send('orders 1001 1002 are late')).status).toBe(200);
    expect(await storedCustomerText(chat)).toContain('orders 1001 1002 are late');
  });

  it('an e-mail run into a Chinese sentence verifies the guest, and the order number before it is kept', async () => {
    const real = owner('SB-10006').email;
    const chat = await openConversation(demo.url);
    await chat.send('Where is order SB-10006?');
    const res = await chat.send(`订单SB-10006邮箱${real}谢谢`);
    expect(res.status).toBe(200);
    expect(res.body.reply.text).toMatch(/confirmed/i);
    const stored = await storedCustomerText(chat);
    expect(stored).toContain('订单SB-10006邮箱');
    expect(stored).not.toContain(real);
  });

  // Card 4111 1111 1111 1111 and phone +44 20 7946 0958 as customers really type them.
  const oddFormats: Array<[string, string, RegExp]> = [
    ['fullwidth digits (a Japanese keyboard)', 'card ４１１１ １１１１ １１１１ １１１１', /４１１１/],
    ['Arabic-Indic digits', 'card ٤١١١ ١١١١ ١١١١ ١١١١', /١١١١/],
    ['zero-width spaces between the digits', 'card 4\u200b111\u200b1111\u200b1111\u200b1111', /111\D{1,3}1111/],
    ['spaced dashes', 'card 4111 - 1111 - 1111 - 1111', /1111\D{1,3}1111/],
    ['en dashes', 'card 4111\u20131111\u20131111\u20131111', /1111\D1111/],
    ['after other numbers', 'ref 1234 5678 4111 1111 1111 1111', /4111 1111/],
    ['phone with fullwidth digits', 'phone ＋４４ ２０ ７９４６ ０９５８', /７９４６/],
    ['an e-mail after a label', 'e-mail:jo.doe@example.com', /jo\.doe/],
    ['a non-ASCII e-mail', 'it is jürgen.müller@example.de', /müller/],
    ['a fullwidth at sign', 'mail jo.doe＠example.com', /jo\.doe/],
  ];
  it.each(oddFormats)('%s is masked in the stored transcript', async (_name, text, leak) => {
    const chat = await openConversation(demo.url);
    const res = await chat.send(text);
    expect(res.status).toBe(200);
    expect(await storedCustomerText(chat)).not.toMatch(leak);
  });
});
