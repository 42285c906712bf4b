import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETURNS_COLLECTION } from '../../src/commerce/store-commerce.js';
import type { Running } from '../../src/main.js';
import { owner } from '../commerce/demo-fixture.js';
import { openConversation, startTestApp, type StoreKind } from '../helpers/test-app.js';

/**
 * Two-phase writes run only on a clear yes. A message that starts with a confirm word but goes on
 * to defer, hesitate or ask ("ok I'll think about it") is not one; on main it starts the return.
 * The classifier is src/locale/reply-intent.ts: a plain yes is every word a yes word, or leading
 * clauses of yes words naming the action followed by a reason.
 */
describe.each<StoreKind>(['memory', 'redis'])('what confirms a proposal (%s store)', (storeKind) => {
  let app: Running;
  beforeAll(async () => {
    app = await startTestApp({ store: storeKind });
  });
  afterAll(() => app?.stop());

  const returnsFor = async (orderId: string) =>
    (await app.composed.store.store.listRecords<{ orderId: string }>(RETURNS_COLLECTION, { limit: 1000 })).filter((r) => r.orderId === orderId).length;

  /** A verified owner with a pending return proposal for `orderId`, then `reply`: how many returns exist for it after. */
  async function proposeThen(orderId: string, reply: string): Promise<number> {
    const chat = await openConversation(app.url);
    await chat.send(`I want to return order ${orderId}`);
    const verified = await chat.send(owner(orderId).email);
    expect(verified.body.reply.attachments?.proposal?.orderId).toBe(orderId);
    expect(await returnsFor(orderId)).toBe(0);
    const res = await chat.send(reply);
    expect(res.status).toBe(200);
    return returnsFor(orderId);
  }

  it('a clear yes starts exactly one return (the harness works)', async () => {
    expect(await proposeThen('SB-10007', 'yes please')).toBe(1);
  });

  it('a yes with a thumbs up (any skin tone) starts exactly one return', async () => {
    expect(await proposeThen('SB-10028', 'yes 👍🏽')).toBe(1);
  });

  it('a yes that names the action and gives a reason starts exactly one return', async () => {
    expect(await proposeThen('SB-10001', 'yes please start the return, it arrived scratched')).toBe(1);
  });

  const notAYes: Array<[string, string]> = [
    ['SB-10008', "ok I'll think about it"],
    ['SB-10016', 'okay let me check with my wife first'],
    ['SB-10021', 'sure, but how long does the refund take'],
    ['SB-10022', 'yes I want to read the policy first'],
    // Red team (h-redteam3): a symbol says what the words do not; on main each of these started the return.
    ['SB-10031', 'yes 👎'],
    ['SB-10008', 'ok 🤔'],
    ['SB-10016', 'sure ❌'],
    ['SB-10021', 'yes 🛑'],
    // The same in ASCII: an emoticon is a symbol too.
    ['SB-10031', 'yes :('],
    ['SB-10008', 'ok :-/'],
  ];
  it.each(notAYes)('order %s: "%s" starts no return', async (orderId, reply) => {
    expect(await proposeThen(orderId, reply)).toBe(0);
  });
});
