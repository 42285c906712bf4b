import { afterEach, describe, expect, it } from 'vitest';
import { harnessTracker, waitUntil, type MakeHarness } from './harness.js';

/** The EventBus contract, run against every implementation. */
export function runEventBusContract(name: string, makeHarness: MakeHarness): void {
  describe(`EventBus contract: ${name}`, () => {
    const track = harnessTracker(makeHarness);
    afterEach(() => track.closeAll());

    it('delivers each event to every subscriber of its topic, as a copy', async () => {
      const { bus } = (await track.make()).bundle;
      const first: unknown[] = [];
      const second: unknown[] = [];
      const elsewhere: unknown[] = [];
      await bus.subscribe('conversations', (p) => first.push(p));
      await bus.subscribe('conversations', (p) => second.push(p));
      await bus.subscribe('skills', (p) => elsewhere.push(p));
      const event = { type: 'message', conversationId: 'c1', message: { id: 'm1', text: 'héllo 👋' } };
      await bus.publish('conversations', event);
      await bus.publish('conversations', { type: 'deleted', conversationId: 'c2' });
      await waitUntil(() => first.length === 2 && second.length === 2, 10_000, 'both deliveries');
      expect(first).toEqual([event, { type: 'deleted', conversationId: 'c2' }]);
      expect(second).toEqual(first);
      expect(first[0]).not.toBe(event);
      // A positive signal instead of a pause: the other topic's own event arrives, and nothing before it.
      await bus.publish('skills', 'marker');
      await waitUntil(() => elsewhere.length > 0, 10_000, 'the other topic\'s event');
      expect(elsewhere).toEqual(['marker']);
    });

    it('delivers one topic\'s events in the order one instance published them', async () => {
      // On a cluster a keyless PUBLISH goes to the next node in turn; events of one topic
      // must still arrive in order (a "deleted" must not overtake the message before it).
      const { bus } = (await track.make()).bundle;
      const seen: unknown[] = [];
      await bus.subscribe('ordered', (p) => seen.push(p));
      const sent = Array.from({ length: 60 }, (_, i) => i);
      // Not awaited one by one: a turn publishes as it goes, and order must hold anyway.
      await Promise.all(sent.map((n) => bus.publish('ordered', n)));
      await waitUntil(() => seen.length === sent.length, 10_000, 'every event');
      expect(seen).toEqual(sent);
    });

    it('stops delivering to a handler once it unsubscribes, and only to that one', async () => {
      const { bus } = (await track.make()).bundle;
      const kept: unknown[] = [];
      const dropped: unknown[] = [];
      await bus.subscribe('t', (p) => kept.push(p));
      const unsubscribe = await bus.subscribe('t', (p) => dropped.push(p));
      await bus.publish('t', 1);
      await waitUntil(() => kept.length === 1 && dropped.length === 1, 10_000, 'first delivery');
      await unsubscribe();
      await unsubscribe(); // twice is harmless
      await bus.publish('t', 2);
      // Both handlers hear one message in the same dispatch, so once the kept one has the second event
      // the dropped one would have it too.
      await waitUntil(() => kept.length === 2, 10_000, 'second delivery');
      expect(dropped).toEqual([1]);
    });

    it('can resubscribe to a topic after its last handler left', async () => {
      const { bus } = (await track.make()).bundle;
      const unsubscribe = await bus.subscribe('t', () => undefined);
      await unsubscribe();
      const got: unknown[] = [];
      await bus.subscribe('t', (p) => got.push(p));
      await bus.publish('t', 'again');
      await waitUntil(() => got.length === 1, 10_000, 'delivery after resubscribe');
      expect(got).toEqual(['again']);
    });

    it('a throwing handler does not stop the others', async () => {
      const { bus } = (await track.make()).bundle;
      const got: unknown[] = [];
      await bus.subscribe('t', () => {
        throw new Error('handler bug');
      });
      await bus.subscribe('t', (p) => got.push(p));
      await bus.publish('t', { n: 1 });
      await waitUntil(() => got.length === 1, 10_000, 'delivery past a failing handler');
    });

    it('publishing to a topic nobody listens to is fine', async () => {
      const { bus } = (await track.make()).bundle;
      await expect(bus.publish('nobody', { x: 1 })).resolves.toBeUndefined();
    });

    it('delivers across instances (where the backend is shared)', async (ctx) => {
      const h = await track.make();
      if (!h.sibling) return ctx.skip();
      const other = await h.sibling();
      const got: unknown[] = [];
      await other.bus.subscribe('conversations', (p) => got.push(p));
      await h.bundle.bus.publish('conversations', { type: 'deleted', conversationId: 'c1' });
      await waitUntil(() => got.length === 1, 10_000, 'cross-instance delivery');
      expect(got).toEqual([{ type: 'deleted', conversationId: 'c1' }]);
    });
  });
}
