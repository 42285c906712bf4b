import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import { runEventBusContract } from './event-bus-contract.js';
import { conversation, customerMessage } from './fixtures.js';
import type { MakeHarness } from './harness.js';
import { runRateLimiterContract } from './rate-limiter-contract.js';
import { runStoreContract } from './store-contract.js';

/** A hand-wound clock: TTL tests advance it instead of sleeping. */
const makeMemory: MakeHarness = async (opts) => {
  let now = 1_767_225_600_000;
  const clock: Clock = { now: () => now };
  return {
    bundle: createMemoryStore({ ...opts, clock }),
    advance: async (ms) => {
      now += ms;
    },
    now: () => now,
  };
};

runStoreContract('memory', makeMemory);
runEventBusContract('memory', makeMemory);
runRateLimiterContract('memory', makeMemory);

describe('memory store size bound', () => {
  it('keeps at most maxConversations, evicting the least recently written first; markers and tombstones are bounded too', async () => {
    const { store } = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 10, maxConversations: 3 });
    for (const id of ['c1', 'c2', 'c3']) {
      await store.saveConversation(conversation(id));
      await store.appendMessage(id, customerMessage(`${id}-m1`));
    }
    // c1 is written again, so c2 is now the least recently written.
    await store.appendMessage('c1', customerMessage('c1-m2'));
    await store.saveConversation(conversation('c4'));
    await store.appendMessage('c4', customerMessage('c4-m1'));
    expect(await store.getConversation('c2')).toBeNull();
    expect(await store.getMessages('c2')).toEqual([]);
    expect((await store.listConversations()).map((c) => c.id).sort()).toEqual(['c1', 'c3', 'c4']);
    expect(await store.countConversations()).toBe(3);
    // A flood of empty conversations cannot grow it either.
    for (let i = 0; i < 50; i++) await store.saveConversation(conversation(`empty-${i}`));
    expect(await store.getConversation('empty-49')).not.toBeNull();
    expect(await store.getConversation('empty-46')).toBeNull();

    for (let i = 0; i < 100; i++) await store.claimOnce(`seen:c:${i}`, 3600 + i);
    expect(await store.hasOnce('seen:c:99')).toBe(true);
    expect(await store.hasOnce('seen:c:0')).toBe(false);
    for (let i = 0; i < 100; i++) await store.deleteConversation(`gone-${i}`);
    expect(await store.erasedAt('gone-99')).not.toBeNull();
    expect(await store.erasedAt('gone-0')).toBeNull();
  });

  it('bounds sorted sets other than conversation sets at ten times maxConversations, lowest score first (insights due episodes)', async () => {
    const { store } = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 10, maxConversations: 3 });
    for (let i = 0; i < 100; i++) await store.zAdd('insights:due', `episode-${i}`, 1000 + i);
    const due = await store.zRange('insights:due', { limit: 1000 });
    expect(due).toHaveLength(30);
    expect(due[0]).toEqual({ member: 'episode-70', score: 1070 });
    // The escalation queue holds conversations, which bound it themselves.
    for (let i = 0; i < 40; i++) await store.zAdd('queue:escalations', `c${i}`, i);
    expect(await store.zRange('queue:escalations', { limit: 1000 })).toHaveLength(40);
  });
});
