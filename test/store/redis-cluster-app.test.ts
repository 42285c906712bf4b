import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { closeRedis, type RedisClusterClient } from '../../src/store/redis-client.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';
import { clusterHarness, clusterKeys, deleteClusterKeys, openCluster } from './cluster-harness.js';
import { conversation, customerMessage } from './fixtures.js';

/**
 * The product on a Redis Cluster (REDIS_CLUSTER_NODES, issue 20 point 7): two app instances
 * share one 3-master cluster; every key of a conversation sits in one hash slot, and the
 * conversations spread over the masters.
 */

let cluster: RedisClusterClient;
beforeAll(async () => {
  cluster = await openCluster();
});
afterAll(async () => {
  await closeRedis(cluster);
});

/** CLUSTER KEYSLOT, asked of the node that owns the key. */
async function slotOf(key: string): Promise<number> {
  return Number(await cluster.sendCommand(key, true, ['CLUSTER', 'KEYSLOT', key]));
}

describe('key layout on a Redis Cluster', () => {
  const { make, filePrefix } = clusterHarness();
  afterAll(() => deleteClusterKeys(filePrefix));

  it("puts every key of one conversation in one slot, and spreads conversations over the masters", async () => {
    const h = await make({ historyTtlSeconds: 3600, maxMessages: 50, emptyConversationTtlSeconds: 600 });
    try {
      const ids = Array.from({ length: 24 }, (_, i) => `c-${i}-${randomUUID().slice(0, 6)}`);
      for (const id of ids) {
        await h.bundle.store.saveConversation(conversation(id));
        await h.bundle.store.appendMessage(id, customerMessage(`m-${id}`));
        await h.bundle.store.putRecord('notes', `n-${id}`, { conversationId: id });
        await h.bundle.store.zAdd('queue:escalations', id, 1);
      }
      await h.bundle.store.deleteConversation(ids[0]!);
      const keys = await clusterKeys(cluster, filePrefix);
      const slotsByConversation = new Map<string, Set<number>>();
      for (const key of keys) {
        const id = ids.find((c) => key.includes(`{conv:${c}}`));
        if (!id) continue;
        const slots = slotsByConversation.get(id) ?? new Set<number>();
        slots.add(await slotOf(key));
        slotsByConversation.set(id, slots);
      }
      // State, messages, links; the erased one keeps only its tombstone.
      expect(slotsByConversation.size).toBe(ids.length);
      for (const [id, slots] of slotsByConversation) expect(slots.size, id).toBe(1);
      const owners = new Set<string>();
      for (const slots of slotsByConversation.values()) {
        const [slot] = [...slots];
        const master = cluster.slots[slot!]!.master;
        owners.add(`${master.host}:${master.port}`);
      }
      expect(owners.size).toBeGreaterThan(1);
      expect(await h.bundle.store.countConversations()).toBe(ids.length - 1);
      expect((await h.bundle.store.zRange('queue:escalations')).map((r) => r.member)).not.toContain(ids[0]);
      expect(await h.bundle.store.getRecord('notes', `n-${ids[0]}`)).toBeNull();
      expect(await h.bundle.store.getRecord('notes', `n-${ids[1]}`)).toEqual({ conversationId: ids[1] });
    } finally {
      await h.bundle.close();
    }
  });
});

describe('two app instances on one Redis Cluster', () => {
  const prefix = `t:cluster-app:${randomUUID().slice(0, 8)}:`;
  let fake: FakeOpenAIServer;
  const apps: Running[] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAIServer({ fallback: { kind: 'text', text: 'Happy to help with that.' } });
    const env = { REDIS_CLUSTER_NODES: inject('redisClusterNodes'), OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' };
    for (let i = 0; i < 2; i++) apps.push(await startTestApp({ env, overrides: { redisPrefix: prefix } }));
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await fake?.close();
    await deleteClusterKeys(prefix);
  });

  it('answers turns on either instance, in order, and erases the conversation from every node', async () => {
    const [a, b] = apps as [Running, Running];
    const chat = await openConversation(a.url);
    expect((await chat.send('Can I return my toaster?')).status).toBe(200);
    const onB = { ...chat, url: b.url };
    const second = await fetch(`${onB.url}/api/chat/conversations/${chat.conversationId}/messages`, {
      method: 'POST',
      headers: { ...chat.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'And a kettle too?' }),
    });
    expect(second.status).toBe(200);
    const history = await chat.history();
    expect(history.messages.map((m: { role: string }) => m.role)).toEqual(['customer', 'bot', 'customer', 'bot']);
    expect(history.messages[2].text).toBe('And a kettle too?');

    const before = await clusterKeys(cluster, prefix);
    expect(before.some((k) => k.includes(`{conv:${chat.conversationId}}:m`))).toBe(true);
    const del = await fetch(`${b.url}/api/chat/conversations/${chat.conversationId}`, { method: 'DELETE', headers: chat.auth });
    expect(del.status).toBe(204);
    const after = await clusterKeys(cluster, prefix);
    // Left behind on purpose, as on one Redis: the tombstone and the answered-message markers
    // (ids only, no words; they expire within a day and keep a resend from being answered twice).
    expect(after.filter((k) => k.includes(`{conv:${chat.conversationId}}`) && !k.endsWith(':gone') && !k.includes(':once:{conv:'))).toEqual([]);
    expect((await fetch(`${a.url}/api/chat/conversations/${chat.conversationId}/messages`, { headers: chat.auth })).status).toBeGreaterThanOrEqual(400);
  });
});
