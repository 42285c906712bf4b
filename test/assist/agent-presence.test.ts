import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createAgentPresence } from '../../src/assist/agent-presence.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import { createRedisStore } from '../../src/store/create-redis-store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { waitUntil } from '../store/harness.js';

/** An agent with the panel open is online, counted once per agent, on every process. */
describe('agent presence', () => {
  const open: StoreBundle[] = [];
  afterAll(async () => {
    for (const b of open) await b.close();
  });

  it('counts agents, not panels, across two processes sharing Redis; a closed panel leaves at once', async () => {
    const prefix = `sbtest:presence:${randomUUID().slice(0, 8)}:`;
    const url = inject('redisUrl');
    const [a, b] = await Promise.all([0, 1].map(() => createRedisStore({ url, prefix, historyTtlSeconds: 3600, maxMessages: 10 })));
    open.push(a!, b!);
    const deps = (bundle: StoreBundle) => ({ store: bundle.store, clock: systemClock, logger: silentLogger, hasAccounts: async () => true });
    const onA = createAgentPresence(deps(a!));
    const onB = createAgentPresence(deps(b!));
    expect(await onB.staffing()).toEqual({ agentsOnline: 0, agentsConfigured: true });
    const aliceTab1 = onA.join('Alice');
    const aliceTab2 = onB.join('alice');
    const bob = onA.join('bob');
    await waitUntil(async () => (await onB.online()).length === 2, 3000, 'two agents online');
    expect((await onB.online()).sort()).toEqual(['alice', 'bob']);
    await aliceTab1();
    expect((await onB.online()).sort()).toEqual(['alice', 'bob']);
    await aliceTab2();
    await bob();
    expect(await onA.staffing()).toEqual({ agentsOnline: 0, agentsConfigured: true });
  });

  it('a panel whose process died stops counting when its lease runs out', async () => {
    const now = { value: 1_000_000 };
    const bundle = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 10 });
    open.push(bundle);
    const presence = createAgentPresence({ store: bundle.store, clock: { now: () => now.value }, logger: silentLogger, hasAccounts: async () => false }, { ttlMs: 30_000, beatMs: 60_000 });
    presence.join('carol');
    await waitUntil(async () => (await presence.online()).length === 1, 3000, 'carol online');
    // No heartbeat comes (the process is gone): past the lease she is offline.
    now.value += 31_000;
    expect(await presence.staffing()).toEqual({ agentsOnline: 0, agentsConfigured: false });
  });
});
