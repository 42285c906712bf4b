import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { owner } from '../commerce/demo-fixture.js';
import { useModelApp } from '../helpers/model-app.js';
import { openConversation, startTestApp, type StoreKind } from '../helpers/test-app.js';

/**
 * A guest verified with an order number and its e-mail sees that order, as an order-status page
 * shows one order; a signed-in shopper sees all of theirs. On main the guest verified with
 * SB-10001 (Maya's) was shown her other orders SB-10012 and SB-10031 too, and could start a return
 * on one of them. Tracking numbers tell the orders apart: SB-10001 PA79197919, SB-10012 NO79285028,
 * SB-10031 NO79435489.
 */
describe.each<StoreKind>(['memory', 'redis'])('a guest verification covers the order proved (%s store, offline)', (storeKind) => {
  let app: Running;
  beforeAll(async () => {
    app = await startTestApp({ store: storeKind });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('"my recent orders" lists only the order verified with', async () => {
    const chat = await openConversation(app.url);
    await chat.send(`SB-10001 ${owner('SB-10001').email}`);
    const recent = await chat.send('show me my recent orders');
    expect(recent.body.reply.text).toContain('PA79197919');
    expect(recent.body.reply.text).not.toMatch(/NO79285028|NO79435489|SB-10012|SB-10031/);
  });

  it('another order of the same customer needs its own proof; the e-mail then adds it', async () => {
    const chat = await openConversation(app.url);
    await chat.send(`SB-10001 ${owner('SB-10001').email}`);
    const other = await chat.send('where is order SB-10012?');
    expect(other.body.reply.text).toBe("To look at order SB-10012 I first need to confirm it's yours: what is the e-mail address you used for that order?");
    const proved = await chat.send(owner('SB-10012').email);
    expect(proved.body.reply.text).toMatch(/^Thanks, that's confirmed\./);
    expect(proved.body.reply.text).toContain('NO79285028');
    const again = await chat.send('and where is SB-10031?');
    expect(again.body.reply.text).toMatch(/e-mail address you used for that order/);
  });

  it('a return on an order not proved is not offered, and "yes" creates nothing', async () => {
    const chat = await openConversation(app.url);
    await chat.send(`SB-10001 ${owner('SB-10001').email}`);
    const ret = await chat.send('I want to return order SB-10031');
    expect(ret.body.reply.text).toMatch(/e-mail address you used for that order/);
    expect(ret.body.reply.text).not.toMatch(/Orbit/);
    const yes = await chat.send('yes');
    expect(yes.body.reply.text).not.toMatch(/^Done/);
  });

  it("a stranger's order and e-mail in a guest's conversation does not bind anyone else", async () => {
    const chat = await openConversation(app.url);
    await chat.send(`SB-10001 ${owner('SB-10001').email}`);
    const res = await chat.send(`SB-10002 ${owner('SB-10002').email}`);
    expect(res.body.reply.text).toMatch(/couldn't match/);
    expect(res.body.reply.text).not.toMatch(/Northpost|Hushwave/);
  });

  it('a signed-in shopper sees all of their orders', async () => {
    const chat = await openConversation(app.url, { signedInAs: 'SB-10001' });
    const recent = await chat.send('show me my recent orders');
    expect(recent.body.reply.text).toContain('PA79197919');
    expect(recent.body.reply.text).toContain('NO79285028');
  });
});

describe('a guest verification with a model', () => {
  const model = useModelApp();
  const { toolResults } = model;

  it('the tools list and read only the order proved; another gets verification_needed', async () => {
    const chat = await openConversation(model.app.url);
    model.fake.enqueue({ kind: 'text', text: 'Delivered.' });
    await chat.send(`SB-10001 ${owner('SB-10001').email}`);
    model.fake.reset();
    model.fake.enqueue(
      { kind: 'tool_calls', calls: [{ name: 'get_order_status', arguments: { recent: true } }, { name: 'get_order', arguments: { order_id: 'SB-10012' } }] },
      { kind: 'text', text: 'Here is your order.' },
    );
    await chat.send('show me my recent orders');
    const [recent, other] = toolResults();
    expect(recent!.orders.map((o: { id: string }) => o.id)).toEqual(['SB-10001']);
    expect(other).toMatchObject({ verification_needed: true, order_id: 'SB-10012' });
    expect(JSON.stringify(other)).not.toMatch(/Hushwave|Buds/);
  });
});
