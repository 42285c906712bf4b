import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { owner } from '../commerce/demo-fixture.js';
import { useModelApp } from '../helpers/model-app.js';
import { openConversation, startTestApp, type StoreKind } from '../helpers/test-app.js';

/**
 * A first message that is only an order number and its e-mail (pasted from the confirmation
 * e-mail), over the real HTTP API. On main it was verified but answered as an empty message ("Sorry,
 * I didn't quite catch that…", no "that's confirmed"), and "where is it?" then went out of scope.
 * Now the skill set's order lookup answers it, and follow-ups are about the verified order.
 */
describe.each<StoreKind>(['memory', 'redis'])('a bare order verification (%s store, offline)', (storeKind) => {
  let app: Running;
  beforeAll(async () => {
    app = await startTestApp({ store: storeKind });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('"<order> <e-mail>" is confirmed and answered with the order\'s status; "where is it?" is about that order', async () => {
    const chat = await openConversation(app.url);
    const first = await chat.send(`SB-10001 ${owner('SB-10001').email}`);
    expect(first.status).toBe(200);
    expect(first.body.reply.text).toMatch(/^Thanks, that's confirmed\./);
    expect(first.body.reply.text).not.toMatch(/didn't quite catch/);
    expect(first.body.reply.text).toContain('PA79197919');
    const where = await chat.send('where is it?');
    expect(where.body.route.skill).toBe('order_status');
    expect(where.body.reply.text).toContain('SB-10001');
    expect(where.body.reply.text).toContain('PA79197919');
  });

  it('with a little filler ("here: … / …"), then a return question about the same order', async () => {
    const chat = await openConversation(app.url);
    const first = await chat.send(`here: SB-10031 / ${owner('SB-10031').email}`);
    expect(first.body.reply.text).toMatch(/^Thanks, that's confirmed\./);
    expect(first.body.reply.text).toContain('NO79435489');
    const ret = await chat.send('can I return it?');
    expect(ret.body.route.skill).toBe('returns');
    expect(ret.body.reply.text).toMatch(/Orbit/);
  });

  it('in Spanish: confirmed in Spanish, and "¿dónde está?" answered about the order', async () => {
    const chat = await openConversation(app.url);
    const first = await chat.send(`aquí tienes: SB-10002 / ${owner('SB-10002').email}`);
    expect(first.body.reply.text).toMatch(/^Gracias, confirmado\./);
    expect(first.body.reply.text).toContain('Northpost');
    const where = await chat.send('¿dónde está?');
    expect(where.body.reply.text).toContain('NO79205838');
  });

  // After a product list the active skill cannot use an order, so the order lookup answers; after
  // the warranty skill asked for the order number, the verification continues its question.
  it.each([
    { before: 'I need a quiet blender', skill: 'order_status', answer: /PA79197919/ },
    { before: 'is my warranty still valid?', skill: 'warranty', answer: /covered until/ },
  ])('after "$before", a bare verification is answered by $skill', async ({ before, skill, answer }) => {
    const chat = await openConversation(app.url);
    await chat.send(before);
    const first = await chat.send(`SB-10001 ${owner('SB-10001').email}`);
    expect(first.body.route.skill).toBe(skill);
    expect(first.body.reply.text).toMatch(/^Thanks, that's confirmed\./);
    expect(first.body.reply.text).toMatch(answer);
  });

  it('a wrong e-mail in a bare message still only says the two do not match', async () => {
    const chat = await openConversation(app.url);
    const res = await chat.send('SB-10002 someone.else@example.com');
    expect(res.body.reply.text).toMatch(/couldn't match/);
    expect(res.body.reply.text).not.toMatch(/Northpost|Hushwave/);
  });
});

describe('a bare order verification with a model', () => {
  const model = useModelApp();
  const { toolResults } = model;

  it('the model answers it, and a tool call without an order number gets the verified order', async () => {
    const chat = await openConversation(model.app.url);
    // The customer (Maya) has several orders; she verified with SB-10001 and never typed another.
    model.fake.enqueue(
      { kind: 'tool_calls', calls: [{ name: 'get_order_status', arguments: {} }] },
      { kind: 'text', text: 'Order SB-10001 was delivered.' },
    );
    const first = await chat.send(`SB-10001 ${owner('SB-10001').email}`);
    expect(first.status).toBe(200);
    expect(first.body.route.skill).toBe('order_status');
    expect(first.body.reply.offline).toBeFalsy();
    expect(first.body.reply.text).toBe("Thanks, that's confirmed.\n\nOrder SB-10001 was delivered.");
    expect(toolResults()).toEqual([expect.objectContaining({ found: true, order: expect.objectContaining({ id: 'SB-10001' }) })]);

    model.fake.reset();
    model.fake.enqueue(
      { kind: 'tool_calls', calls: [{ name: 'get_order_status', arguments: {} }] },
      { kind: 'text', text: 'It was delivered; the tracking number is PA79197919.' },
    );
    const where = await chat.send('where is it?');
    expect(where.body.route.skill).toBe('order_status');
    expect(where.body.reply.text).toBe('It was delivered; the tracking number is PA79197919.');
    expect(toolResults()).toEqual([expect.objectContaining({ found: true, order: expect.objectContaining({ id: 'SB-10001' }) })]);
  });
});
