import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation, StoredMessage } from '../../src/core/conversation.js';
import { ConversationErasedError, LockTimeoutError } from '../../src/core/errors.js';
import type { Store } from '../../src/core/store.js';
import { conversation, customerMessage } from './fixtures.js';
import { harnessTracker, sleep, waitUntil, type MakeHarness } from './harness.js';

const QUEUE = 'queue:escalations';

/**
 * The Store contract: every implementation must pass all of it (pattern of hono's
 * common.case.test.ts). Cross-process cases run only where the harness offers a sibling.
 */
export function runStoreContract(name: string, makeHarness: MakeHarness): void {
  describe(`Store contract: ${name}`, () => {
    const track = harnessTracker(makeHarness);
    afterEach(() => track.closeAll());

    async function fresh(opts?: Parameters<typeof track.make>[0]): Promise<Store> {
      return (await track.make(opts)).bundle.store;
    }

    describe('conversations', () => {
      it('returns null for an unknown conversation and round-trips a saved one', async () => {
        const store = await fresh();
        expect(await store.getConversation('nope')).toBeNull();
        const c = conversation('c1', { channelRef: { thread: 't-1' }, lastMessage: { role: 'customer', text: 'hi', at: 5 } });
        await store.saveConversation(c);
        expect(await store.getConversation('c1')).toEqual(c);
      });

      it('saveConversation replaces, and callers get copies rather than the stored object', async () => {
        const store = await fresh();
        await store.saveConversation(conversation('c1'));
        await store.saveConversation(conversation('c1', { mode: 'human', agent: 'ana' }));
        const read = await store.getConversation('c1');
        expect(read).toMatchObject({ mode: 'human', agent: 'ana' });
        read!.mode = 'auto';
        expect((await store.getConversation('c1'))!.mode).toBe('human');
      });

      it('updateConversation applies the change and returns what it wrote', async () => {
        const store = await fresh();
        await store.saveConversation(conversation('c1'));
        const out = await store.updateConversation('c1', (cur) => ({ ...cur, mode: 'assist', updatedAt: 2_000 }));
        expect(out).toMatchObject({ id: 'c1', mode: 'assist', updatedAt: 2_000 });
        expect(await store.getConversation('c1')).toEqual(out);
      });

      it('updateConversation on a missing conversation returns null without calling update', async () => {
        const store = await fresh();
        let called = false;
        const out = await store.updateConversation('ghost', (cur) => {
          called = true;
          return cur;
        });
        expect(out).toBeNull();
        expect(called).toBe(false);
        expect(await store.getConversation('ghost')).toBeNull();
      });

      it('updateConversation aborts without writing when update returns null', async () => {
        const store = await fresh();
        await store.saveConversation(conversation('c1', { unclearStreak: 3 }));
        expect(await store.updateConversation('c1', () => null)).toBeNull();
        expect((await store.getConversation('c1'))!.unclearStreak).toBe(3);
      });

      it('concurrent updateConversation calls lose nothing', async () => {
        const store = await fresh();
        await store.saveConversation(conversation('c1'));
        await Promise.all(
          Array.from({ length: 40 }, () => store.updateConversation('c1', (cur) => ({ ...cur, unclearStreak: cur.unclearStreak + 1 }))),
        );
        expect((await store.getConversation('c1'))!.unclearStreak).toBe(40);
      });

      it('lists most recently updated first, with limit and offset, and counts', async () => {
        const store = await fresh();
        for (const [id, at] of [['a', 100], ['b', 300], ['c', 200]] as const) {
          await store.saveConversation(conversation(id, { updatedAt: at }));
          await store.appendMessage(id, customerMessage(`${id}-m1`, 'hello', at));
        }
        expect((await store.listConversations()).map((c) => c.id)).toEqual(['b', 'c', 'a']);
        expect((await store.listConversations({ limit: 2 })).map((c) => c.id)).toEqual(['b', 'c']);
        expect((await store.listConversations({ limit: 2, offset: 2 })).map((c) => c.id)).toEqual(['a']);
        expect(await store.listConversations({ limit: 0 })).toEqual([]);
        expect(await store.countConversations()).toBe(3);

        await store.updateConversation('a', (cur) => ({ ...cur, updatedAt: 400 }));
        expect((await store.listConversations()).map((c) => c.id)).toEqual(['a', 'b', 'c']);
        expect(await store.countConversations()).toBe(3);
      });
    });

    describe('messages', () => {
      it('keeps messages oldest first and returns the most recent N with limit', async () => {
        const store = await fresh();
        await store.saveConversation(conversation('c1'));
        for (const id of ['m1', 'm2', 'm3', 'm4']) await store.appendMessage('c1', customerMessage(id));
        expect((await store.getMessages('c1')).map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4']);
        expect((await store.getMessages('c1', { limit: 2 })).map((m) => m.id)).toEqual(['m3', 'm4']);
        expect((await store.getMessages('c1', { limit: 10 })).map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4']);
        expect(await store.getMessages('c1', { limit: 0 })).toEqual([]);
        expect(await store.getMessages('unknown')).toEqual([]);
      });

      it('round-trips every message shape', async () => {
        const store = await fresh();
        const messages: StoredMessage[] = [
          { id: 'm1', role: 'customer', text: 'where is my order?', at: 1, route: { skill: 'returns', confidence: 0.9, method: 'local' } },
          {
            id: 'm2',
            role: 'bot',
            text: 'It ships tomorrow.',
            at: 2,
            replyTo: 'm1',
            skill: 'returns',
            offline: false,
            tools: [{ name: 'get_order', arguments: { order_id: 'A1' }, result: { status: 'paid' }, ok: true, durationMs: 3 }],
            draft: { status: 'pending' },
          },
          { id: 'm3', role: 'agent', text: 'Hi, Ana here.', at: 3, agent: 'ana' },
          { id: 'm4', role: 'system', text: 'ana joined', at: 4, event: 'agent_joined' },
        ];
        for (const m of messages) await store.appendMessage('c1', m);
        expect(await store.getMessages('c1')).toEqual(messages);
      });

      it('caps history at maxMessages, keeping the most recent', async () => {
        const store = await fresh({ maxMessages: 3 });
        for (let i = 1; i <= 7; i++) await store.appendMessage('c1', customerMessage(`m${i}`));
        expect((await store.getMessages('c1')).map((m) => m.id)).toEqual(['m5', 'm6', 'm7']);
      });

      it('replaceMessage swaps the message with the same id and reports misses', async () => {
        const store = await fresh();
        for (const id of ['m1', 'm2', 'm3']) await store.appendMessage('c1', customerMessage(id));
        expect(await store.replaceMessage('c1', customerMessage('m2', 'edited'))).toBe(true);
        expect((await store.getMessages('c1')).map((m) => m.text)).toEqual(['text of m1', 'edited', 'text of m3']);
        expect(await store.replaceMessage('c1', customerMessage('m9'))).toBe(false);
        expect(await store.replaceMessage('other', customerMessage('m1'))).toBe(false);
      });

      it('concurrent replaceMessage calls on different messages all land', async () => {
        const store = await fresh();
        const ids = Array.from({ length: 10 }, (_, i) => `m${i}`);
        for (const id of ids) await store.appendMessage('c1', customerMessage(id));
        const results = await Promise.all(ids.map((id) => store.replaceMessage('c1', customerMessage(id, `new ${id}`))));
        expect(results.every(Boolean)).toBe(true);
        expect((await store.getMessages('c1')).map((m) => m.text)).toEqual(ids.map((id) => `new ${id}`));
      });
    });

    describe('expiry', () => {
      it('history expires after the TTL: state, messages, listing and count', async () => {
        const h = await track.make({ historyTtlSeconds: 0.3 });
        const { store } = h.bundle;
        await store.saveConversation(conversation('c1'));
        await store.appendMessage('c1', customerMessage('m1'));
        expect(await store.countConversations()).toBe(1);
        await h.advance(450);
        expect(await store.getConversation('c1')).toBeNull();
        expect(await store.getMessages('c1')).toEqual([]);
        expect(await store.listConversations()).toEqual([]);
        expect(await store.countConversations()).toBe(0);
      });

      it('every write refreshes the TTL of both state and messages', async () => {
        const h = await track.make({ historyTtlSeconds: 0.6 });
        const { store } = h.bundle;
        await store.saveConversation(conversation('c1'));
        await store.appendMessage('c1', customerMessage('m1'));
        await h.advance(350);
        await store.appendMessage('c1', customerMessage('m2'));
        await h.advance(350);
        // 700 ms after the save, 350 ms after the last write: still alive.
        expect(await store.getConversation('c1')).not.toBeNull();
        expect((await store.getMessages('c1')).map((m) => m.id)).toEqual(['m1', 'm2']);
        await store.updateConversation('c1', (cur) => ({ ...cur, unclearStreak: 1 }));
        await h.advance(350);
        expect(await store.countConversations()).toBe(1);
        await h.advance(400);
        expect(await store.getConversation('c1')).toBeNull();
        expect(await store.getMessages('c1')).toEqual([]);
      });

      it('claims and records with a TTL expire; records without one stay', async () => {
        const h = await track.make();
        const { store } = h.bundle;
        expect(await store.claimOnce('seen:c1:m1', 0.3)).toBe(true);
        await store.putRecord('sessions', 's1', { agent: 'ana' }, { ttlSeconds: 0.3 });
        await store.putRecord('returns', 'r1', { order: 'A1' });
        await h.advance(450);
        expect(await store.claimOnce('seen:c1:m1', 0.3)).toBe(true);
        expect(await store.getRecord('sessions', 's1')).toBeNull();
        expect(await store.listRecords('sessions')).toEqual([]);
        expect(await store.getRecord('returns', 'r1')).toEqual({ order: 'A1' });
      });

      it('putting a record without a TTL removes an earlier TTL', async () => {
        const h = await track.make();
        const { store } = h.bundle;
        await store.putRecord('returns', 'r1', { v: 1 }, { ttlSeconds: 0.3 });
        await store.putRecord('returns', 'r1', { v: 2 });
        await h.advance(450);
        expect(await store.getRecord('returns', 'r1')).toEqual({ v: 2 });
        expect(await store.listRecords('returns')).toEqual([{ v: 2 }]);
      });
    });

    describe('deleteConversation', () => {
      it('erases state, messages, listing, queue membership and linked records; nothing else', async () => {
        const store = await fresh();
        for (const id of ['c1', 'c2']) {
          await store.saveConversation(conversation(id, { updatedAt: id === 'c1' ? 10 : 20 }));
          await store.appendMessage(id, customerMessage(`${id}-m1`));
          await store.zAdd(QUEUE, id, 5);
          await store.putRecord('corrections', `${id}-fix`, { conversationId: id, route: 'returns' });
        }
        await store.putRecord('returns', 'r-c1', { conversationId: 'c1', order: 'A1' }, { ttlSeconds: 3600 });
        await store.putRecord('returns', 'r-free', { order: 'B2' });

        await store.deleteConversation('c1');

        expect(await store.getConversation('c1')).toBeNull();
        expect(await store.getMessages('c1')).toEqual([]);
        expect((await store.listConversations()).map((c) => c.id)).toEqual(['c2']);
        expect(await store.countConversations()).toBe(1);
        expect(await store.zRange(QUEUE)).toEqual([{ member: 'c2', score: 5 }]);
        expect(await store.getRecord('corrections', 'c1-fix')).toBeNull();
        expect(await store.getRecord('returns', 'r-c1')).toBeNull();
        expect(await store.listRecords('returns')).toEqual([{ order: 'B2' }]);
        expect(await store.listRecords('corrections')).toEqual([{ conversationId: 'c2', route: 'returns' }]);
        expect(await store.getMessages('c2')).toHaveLength(1);
      });

      it('is harmless for an unknown conversation and leaves no trace in one created after the erasure', async () => {
        const h = await track.make();
        const { store } = h.bundle;
        await store.deleteConversation('never');
        await store.saveConversation(conversation('c1'));
        await store.appendMessage('c1', customerMessage('old'));
        await store.deleteConversation('c1');
        // A later conversation with the same id (a new Teams or Slack message in the same chat).
        await store.saveConversation(conversation('c1', { createdAt: h.now() + 1 }));
        expect(await store.getMessages('c1')).toEqual([]);
        expect(await store.countConversations()).toBe(0);
        await store.appendMessage('c1', customerMessage('new'));
        expect((await store.getMessages('c1')).map((m) => m.id)).toEqual(['new']);
        expect(await store.countConversations()).toBe(1);
      });

      it('a deleted record no longer links to its conversation', async () => {
        const store = await fresh();
        await store.putRecord('corrections', 'x1', { conversationId: 'c1' });
        await store.deleteRecord('corrections', 'x1');
        await store.putRecord('corrections', 'x1', { note: 'reused id, no longer linked' });
        await store.deleteConversation('c1');
        expect(await store.getRecord('corrections', 'x1')).toEqual({ note: 'reused id, no longer linked' });
      });
    });

    describe('empty conversations', () => {
      it('are not listed, and expire after the empty-conversation TTL', async () => {
        const h = await track.make({ emptyConversationTtlSeconds: 0.3 });
        const { store } = h.bundle;
        await store.saveConversation(conversation('empty'));
        await store.updateConversation('empty', (cur) => ({ ...cur, unclearStreak: 1 }));
        expect(await store.getConversation('empty')).not.toBeNull();
        expect(await store.listConversations()).toEqual([]);
        expect(await store.countConversations()).toBe(0);
        await h.advance(450);
        expect(await store.getConversation('empty')).toBeNull();
      });

      it('the first customer message lists the conversation and gives it the history TTL', async () => {
        const h = await track.make({ emptyConversationTtlSeconds: 0.3 });
        const { store } = h.bundle;
        await store.saveConversation(conversation('c1', { updatedAt: 5 }));
        await store.saveConversation(conversation('c2'));
        await store.appendMessage('c2', { id: 's1', role: 'system', text: 'note', at: 1, event: 'note' });
        expect(await store.countConversations()).toBe(0);
        await store.appendMessage('c1', customerMessage('m1', 'hello', 7));
        expect((await store.listConversations()).map((c) => c.id)).toEqual(['c1']);
        expect(await store.countConversations()).toBe(1);
        await h.advance(450);
        expect(await store.getConversation('c1')).not.toBeNull();
        expect((await store.getMessages('c1')).map((m) => m.id)).toEqual(['m1']);
        // Only customer messages list a conversation; c2 has a system note and lives, unlisted.
        expect(await store.getConversation('c2')).not.toBeNull();
        expect((await store.listConversations()).map((c) => c.id)).toEqual(['c1']);
      });
    });

    describe('erasure is final', () => {
      it('leaves a tombstone: nothing brings the conversation back', async () => {
        const h = await track.make();
        const { store } = h.bundle;
        await store.saveConversation(conversation('c1'));
        await store.appendMessage('c1', customerMessage('m1'));
        expect(await store.erasedAt('c1')).toBeNull();
        const before = h.now();
        await store.deleteConversation('c1');
        const erasedAt = await store.erasedAt('c1');
        expect(erasedAt).toBeGreaterThanOrEqual(before);

        await expect(store.saveConversation(conversation('c1', { createdAt: erasedAt! }))).rejects.toBeInstanceOf(ConversationErasedError);
        await expect(store.appendMessage('c1', customerMessage('m2'))).rejects.toBeInstanceOf(ConversationErasedError);
        await expect(store.zAdd(QUEUE, 'c1', 5)).rejects.toBeInstanceOf(ConversationErasedError);
        await expect(store.putRecord('corrections', 'x1', { conversationId: 'c1', text: 'customer words' })).rejects.toBeInstanceOf(ConversationErasedError);
        expect(await store.updateConversation('c1', (cur) => cur)).toBeNull();
        expect(await store.replaceMessage('c1', customerMessage('m1', 'again'))).toBe(false);

        expect(await store.getConversation('c1')).toBeNull();
        expect(await store.getMessages('c1')).toEqual([]);
        expect(await store.zRange(QUEUE)).toEqual([]);
        expect(await store.getRecord('corrections', 'x1')).toBeNull();
        expect(await store.countConversations()).toBe(0);
        // Other sets and other conversations are not affected.
        await store.zAdd('other', 'c1', 1);
        await store.saveConversation(conversation('c2'));
        await store.zAdd(QUEUE, 'c2', 1);
        expect(await store.zRange(QUEUE)).toEqual([{ member: 'c2', score: 1 }]);
      });

      it('a conversation created after the erasure is a new one and may be written', async () => {
        const h = await track.make();
        const { store } = h.bundle;
        await store.saveConversation(conversation('c1'));
        await store.deleteConversation('c1');
        await store.saveConversation(conversation('c1', { createdAt: h.now() + 1 }));
        await store.appendMessage('c1', customerMessage('m1'));
        await store.zAdd(QUEUE, 'c1', 5);
        await store.putRecord('corrections', 'x1', { conversationId: 'c1' });
        expect((await store.getMessages('c1')).map((m) => m.id)).toEqual(['m1']);
        expect(await store.zRange(QUEUE)).toEqual([{ member: 'c1', score: 5 }]);
        // The tombstone stays: a message received before the erasure is still recognisable.
        expect(await store.erasedAt('c1')).not.toBeNull();
      });

      it('writes racing the erasure either land before it (and are erased) or are refused', async () => {
        const store = await fresh();
        await store.saveConversation(conversation('c1'));
        const writes = Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? store.appendMessage('c1', customerMessage(`m${i}`)) : store.zAdd(QUEUE, 'c1', i)).then(
            () => 'ok',
            (err: unknown) => (err instanceof ConversationErasedError ? 'refused' : Promise.reject(err)),
          ),
        );
        await Promise.all([...writes, store.deleteConversation('c1')]);
        expect(await store.getConversation('c1')).toBeNull();
        expect(await store.getMessages('c1')).toEqual([]);
        expect(await store.zRange(QUEUE)).toEqual([]);
      });
    });

    describe('updateConversation with a message appended', () => {
      it('appends the message in the same step, only when the update writes, and a customer message lists the conversation', async () => {
        const store = await fresh();
        await store.saveConversation(conversation('c1'));
        const made: string[] = [];
        const updated = await store.updateConversation('c1', (cur) => ({ ...cur, unclearStreak: 2, updatedAt: 50 }), {
          append: () => (made.push('m1'), customerMessage('m1')),
        });
        expect(updated?.unclearStreak).toBe(2);
        expect((await store.getMessages('c1')).map((m) => m.id)).toEqual(['m1']);
        expect((await store.listConversations()).map((c) => c.id)).toEqual(['c1']);
        expect(await store.updateConversation('c1', () => null, { append: () => (made.push('m2'), customerMessage('m2')) })).toBeNull();
        expect(await store.updateConversation('missing', (cur) => cur, { append: () => customerMessage('m3') })).toBeNull();
        expect((await store.getMessages('c1')).map((m) => m.id)).toEqual(['m1']);
        expect(made).toEqual(['m1']);
      });

      it('appends several messages in order in the same step (a customer message and its reply)', async () => {
        const store = await fresh();
        await store.saveConversation(conversation('c1'));
        const reply: StoredMessage = { id: 'b1', role: 'bot', text: 'hi', at: 60, replyTo: 'm1', skill: 'other', variant: 'a', offline: true, tools: [] };
        await store.updateConversation('c1', (cur) => ({ ...cur, updatedAt: 60 }), { append: () => [customerMessage('m1'), reply] });
        expect((await store.getMessages('c1')).map((m) => m.id)).toEqual(['m1', 'b1']);
        expect((await store.listConversations()).map((c) => c.id)).toEqual(['c1']);
      });

      it('appendAfter places the first message right after a recent one (null: first), the others at the end', async () => {
        const store = await fresh();
        await store.saveConversation(conversation('c1'));
        const ids = async () => (await store.getMessages('c1')).map((m) => m.id);
        // The history was empty when the turn started; a notice was stored meanwhile.
        await store.appendMessage('c1', customerMessage('notice'));
        await store.updateConversation('c1', (cur) => cur, { append: () => [customerMessage('m1'), customerMessage('b1')], appendAfter: null });
        expect(await ids()).toEqual(['m1', 'notice', 'b1']);
        await store.appendMessage('c1', customerMessage('notice2'));
        await store.updateConversation('c1', (cur) => cur, { append: () => [customerMessage('m2'), customerMessage('b2')], appendAfter: 'b1' });
        expect(await ids()).toEqual(['m1', 'notice', 'b1', 'm2', 'notice2', 'b2']);
        // After the last message, or after one it cannot find among the last 8: at the end.
        await store.updateConversation('c1', (cur) => cur, { append: () => customerMessage('m3'), appendAfter: 'b2' });
        for (const id of ['x1', 'x2', 'x3']) await store.appendMessage('c1', customerMessage(id));
        await store.updateConversation('c1', (cur) => cur, { append: () => customerMessage('m4'), appendAfter: 'm1' });
        await store.updateConversation('c1', (cur) => cur, { append: () => customerMessage('m5'), appendAfter: 'missing' });
        expect(await ids()).toEqual(['m1', 'notice', 'b1', 'm2', 'notice2', 'b2', 'm3', 'x1', 'x2', 'x3', 'm4', 'm5']);
      });
    });

    describe('withLockOnce', () => {
      const once = { onceTtlSeconds: 60, waitMs: 5000 };

      it('runs fn once per marker; later calls with it run duplicate, other markers run fn', async () => {
        const store = await fresh();
        const runs: string[] = [];
        const run = (marker: string) =>
          store.withLockOnce('conv:c1', marker, async () => (runs.push(marker), `ran ${marker}`), async () => `dup ${marker}`, once);
        expect(await run('m1')).toBe('ran m1');
        expect(await run('m1')).toBe('dup m1');
        expect(await run('m2')).toBe('ran m2');
        expect(runs).toEqual(['m1', 'm2']);
        // The marker is the lock's own: the plain dedupe keys do not see it.
        expect(await store.hasOnce('m1')).toBe(false);
        // And the lock is free again.
        expect(await store.withLock('conv:c1', async () => 'free', { waitMs: 500 })).toBe('free');
      });

      it('a failed fn marks nothing and frees the lock', async () => {
        const store = await fresh();
        await expect(store.withLockOnce('conv:c1', 'm1', async () => Promise.reject(new Error('boom')), async () => 'dup', once)).rejects.toThrow('boom');
        expect(await store.withLockOnce('conv:c1', 'm1', async () => 'ran', async () => 'dup', once)).toBe('ran');
      });

      it('copies waiting for the lock get the duplicate once the first has run', async () => {
        const store = await fresh();
        let runs = 0;
        const results = await Promise.all(
          Array.from({ length: 6 }, () =>
            store.withLockOnce(
              'conv:c1',
              'm1',
              async () => {
                runs++;
                await sleep(20);
                return 'ran';
              },
              async () => 'dup',
              once,
            ),
          ),
        );
        expect(runs).toBe(1);
        expect(results.filter((r) => r === 'ran')).toHaveLength(1);
        expect(results.filter((r) => r === 'dup')).toHaveLength(5);
      });

      it('with load, reads the conversation, its tombstone and its last messages in the step that takes the lock (or finds the marker)', async () => {
        const store = await fresh();
        await store.saveConversation(conversation('c1'));
        for (const id of ['m1', 'm2', 'm3']) await store.appendMessage('c1', customerMessage(id));
        const load = { ...once, load: { conversationId: 'c1', messages: 2 } };
        const seen = await store.withLockOnce('conv:c1', 'k1', async (loaded) => loaded, async () => undefined, load);
        expect(seen?.conversation?.id).toBe('c1');
        expect(seen?.erasedAt).toBeNull();
        expect(seen?.messages.map((m) => m.id)).toEqual(['m2', 'm3']);
        const replayed = await store.withLockOnce('conv:c1', 'k1', async () => undefined, async (loaded) => loaded, load);
        expect(replayed?.messages.map((m) => m.id)).toEqual(['m2', 'm3']);
        // A write under the lock is a compare-and-set on what was read: it lands.
        await store.withLockOnce('conv:c1', 'k2', async () => store.updateConversation('c1', (cur) => ({ ...cur, unclearStreak: 4 })), async () => null, load);
        expect((await store.getConversation('c1'))?.unclearStreak).toBe(4);
        await store.deleteConversation('c1');
        const erased = await store.withLockOnce('conv:c1', 'k3', async (loaded) => loaded, async () => undefined, load);
        expect(erased?.conversation).toBeNull();
        expect(erased?.erasedAt).toEqual(expect.any(Number));
        expect(erased?.messages).toEqual([]);
        // Only the conversation's own lock may load it (one hash slot on a cluster).
        await expect(store.withLockOnce('other', 'k4', async () => 1, async () => 2, load)).rejects.toThrow(TypeError);
      });

      it('the marker expires after onceTtlSeconds', async () => {
        const h = await track.make();
        const store = h.bundle.store;
        await store.withLockOnce('conv:c1', 'm1', async () => 'ran', async () => 'dup', { onceTtlSeconds: 0.3 });
        expect(await store.withLockOnce('conv:c1', 'm1', async () => 'ran', async () => 'dup', once)).toBe('dup');
        await h.advance(400);
        expect(await store.withLockOnce('conv:c1', 'm1', async () => 'ran again', async () => 'dup', once)).toBe('ran again');
      });
    });

    describe('withLock', () => {
      it('returns the result of fn and propagates its error, releasing the lock either way', async () => {
        const store = await fresh();
        expect(await store.withLock('k', async () => 42)).toBe(42);
        await expect(store.withLock('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
        expect(await store.withLock('k', async () => 'free again', { waitMs: 100 })).toBe('free again');
      });

      it('never lets two holders of one key overlap', async () => {
        const store = await fresh();
        let inside = 0;
        let maxInside = 0;
        const order: number[] = [];
        await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            store.withLock(
              'conv:c1',
              async () => {
                inside++;
                maxInside = Math.max(maxInside, inside);
                await sleep(2);
                order.push(i);
                inside--;
              },
              { waitMs: 20_000 },
            ),
          ),
        );
        expect(maxInside).toBe(1);
        expect(order).toHaveLength(25);
      });

      it('does not block other keys', async () => {
        const store = await fresh();
        let release!: () => void;
        const held = store.withLock('a', () => new Promise<void>((r) => (release = r)));
        await sleep(20);
        expect(await store.withLock('b', async () => 'b ran', { waitMs: 500 })).toBe('b ran');
        release();
        await held;
      });

      it('gives up with LockTimeoutError after waitMs', async () => {
        const store = await fresh();
        let release!: () => void;
        const held = store.withLock('k', () => new Promise<void>((r) => (release = r)), { ttlMs: 10_000 });
        await sleep(20);
        let ran = false;
        const err = await store
          .withLock('k', async () => {
            ran = true;
          }, { waitMs: 150 })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(LockTimeoutError);
        expect((err as LockTimeoutError).key).toBe('k');
        expect(ran).toBe(false);
        release();
        await held;
      });

      it('keeps a live holder in however long its work takes (the lease is renewed)', async () => {
        const store = await fresh();
        let release!: () => void;
        let entered = false;
        const held = store.withLock(
          'k',
          () => {
            entered = true;
            return new Promise<void>((r) => (release = r));
          },
          { ttlMs: 150 },
        );
        await waitUntil(() => entered, 3000, 'the holder');
        // Four leases later the holder is still in: nobody else gets the lock.
        await expect(store.withLock('k', async () => 'stolen', { waitMs: 600 })).rejects.toBeInstanceOf(LockTimeoutError);
        release();
        await held;
        expect(await store.withLock('k', async () => 'free', { waitMs: 500 })).toBe('free');
      });

      it('a hung holder loses the lock after maxHoldMs, and the late holder cannot free its successor', async () => {
        const store = await fresh();
        let finishDead!: () => void;
        const dead = store.withLock('k', () => new Promise<void>((r) => (finishDead = r)), { ttlMs: 100, maxHoldMs: 250 });
        await sleep(20);

        let finishSecond!: () => void;
        let secondIn = false;
        const second = store.withLock(
          'k',
          () => {
            secondIn = true;
            return new Promise<void>((r) => (finishSecond = r));
          },
          { ttlMs: 10_000, waitMs: 5_000 },
        );
        await waitUntil(() => secondIn, 5_000, 'the second holder');

        // The first holder wakes up late and releases: the second must still hold the lock.
        finishDead();
        await dead;
        await expect(store.withLock('k', async () => 'stolen', { waitMs: 150 })).rejects.toBeInstanceOf(LockTimeoutError);
        finishSecond();
        await second;
      });
    });

    describe('claimOnce', () => {
      it('is true the first time only, per key, until released', async () => {
        const store = await fresh();
        expect(await store.claimOnce('seen:c1:m1', 60)).toBe(true);
        expect(await store.claimOnce('seen:c1:m1', 60)).toBe(false);
        expect(await store.claimOnce('seen:c1:m2', 60)).toBe(true);
        await store.releaseOnce('seen:c1:m1');
        expect(await store.claimOnce('seen:c1:m1', 60)).toBe(true);
        await store.releaseOnce('never-claimed');
      });

      it('hasOnce reads a claim, markOnce sets or extends one', async () => {
        const h = await track.make();
        const { store } = h.bundle;
        expect(await store.hasOnce('seen:c1:m1')).toBe(false);
        expect(await store.claimOnce('seen:c1:m1', 0.3)).toBe(true);
        expect(await store.hasOnce('seen:c1:m1')).toBe(true);
        // In progress for 0.3 s, then made long-lived: it outlives the short claim.
        await store.markOnce('seen:c1:m1', 60);
        await store.markOnce('seen:c1:m2', 60);
        await h.advance(450);
        expect(await store.hasOnce('seen:c1:m1')).toBe(true);
        expect(await store.claimOnce('seen:c1:m1', 60)).toBe(false);
        expect(await store.claimOnce('seen:c1:m2', 60)).toBe(false);
        await store.releaseOnce('seen:c1:m2');
        expect(await store.hasOnce('seen:c1:m2')).toBe(false);
      });

      it('lets exactly one of many concurrent claimers win', async () => {
        const store = await fresh();
        const wins = await Promise.all(Array.from({ length: 20 }, () => store.claimOnce('seen:c9:m1', 60)));
        expect(wins.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('records', () => {
      it('puts, gets, lists newest first, limits, overwrites in place and deletes', async () => {
        const store = await fresh();
        expect(await store.getRecord('returns', 'r1')).toBeNull();
        expect(await store.listRecords('returns')).toEqual([]);
        await store.putRecord('returns', 'r1', { n: 1 });
        await store.putRecord('returns', 'r2', { n: 2 });
        await store.putRecord('returns', 'r3', { n: 3 });
        await store.putRecord('claims', 'r1', { other: true });
        expect(await store.listRecords('returns')).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }]);
        expect(await store.listRecords('returns', { limit: 2 })).toEqual([{ n: 3 }, { n: 2 }]);
        await store.putRecord('returns', 'r1', { n: 1, status: 'approved' });
        expect(await store.getRecord('returns', 'r1')).toEqual({ n: 1, status: 'approved' });
        expect(await store.listRecords('returns')).toEqual([{ n: 3 }, { n: 2 }, { n: 1, status: 'approved' }]);
        await store.deleteRecord('returns', 'r2');
        await store.deleteRecord('returns', 'missing');
        expect(await store.listRecords('returns')).toEqual([{ n: 3 }, { n: 1, status: 'approved' }]);
        expect(await store.getRecord('claims', 'r1')).toEqual({ other: true });
      });

      it('rejects collection names that could make keys ambiguous', async () => {
        const store = await fresh();
        await expect(store.putRecord('a:b', 'x', {})).rejects.toThrow(/collection/);
        await expect(store.getRecord('', 'x')).rejects.toThrow(/collection/);
      });

      it('stored data cannot pollute prototypes', async () => {
        const store = await fresh();
        const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "ok": 1}');
        await store.putRecord('corrections', 'evil', hostile);
        await store.saveConversation({ ...conversation('c-evil'), channelRef: JSON.parse('{"\\u005f_proto__": {"polluted": true}}') });
        const read = await store.getRecord<Record<string, unknown>>('corrections', 'evil');
        const conv = await store.getConversation('c-evil');
        expect(read).toEqual({ ok: 1 });
        expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
        expect(Object.getPrototypeOf(conv!.channelRef)).toBe(Object.prototype);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        // Merging what we read (what a caller might do) must not reach Object.prototype either.
        Object.assign({}, read, conv!.channelRef);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });
    });

    describe('sorted sets', () => {
      it('orders lowest score first, updates scores, removes, limits', async () => {
        const store = await fresh();
        expect(await store.zRange(QUEUE)).toEqual([]);
        await store.zAdd(QUEUE, 'c1', 300);
        await store.zAdd(QUEUE, 'c2', 100);
        await store.zAdd(QUEUE, 'c3', 200);
        await store.zAdd('other', 'c1', 1);
        expect(await store.zRange(QUEUE)).toEqual([
          { member: 'c2', score: 100 },
          { member: 'c3', score: 200 },
          { member: 'c1', score: 300 },
        ]);
        await store.zAdd(QUEUE, 'c1', 50);
        expect((await store.zRange(QUEUE, { limit: 2 })).map((e) => e.member)).toEqual(['c1', 'c2']);
        expect(await store.zRemove(QUEUE, 'c2')).toBe(true);
        expect(await store.zRemove(QUEUE, 'c2')).toBe(false);
        expect(await store.zRange(QUEUE)).toEqual([
          { member: 'c1', score: 50 },
          { member: 'c3', score: 200 },
        ]);
        expect(await store.zRange('other')).toEqual([{ member: 'c1', score: 1 }]);
      });

      it('keeps epoch-millisecond scores exact', async () => {
        const store = await fresh();
        await store.zAdd(QUEUE, 'c1', 1_767_225_600_123);
        expect(await store.zRange(QUEUE)).toEqual([{ member: 'c1', score: 1_767_225_600_123 }]);
      });
    });

    describe('counters and samples', () => {
      it('adds and raises counters in one write, returning new values and what max replaced', async () => {
        const store = await fresh();
        expect(await store.readCounters('ins', ['2026-01-01'])).toEqual([{}]);
        const first = await store.updateCounters('ins', '2026-01-01', { add: { turns: 1, 'cost|all': 250 }, max: { last: 1_767_225_600_123 } }, { ttlSeconds: 60 });
        expect(first).toEqual({ added: { turns: 1, 'cost|all': 250 }, previous: { last: null } });
        const second = await store.updateCounters('ins', '2026-01-01', { add: { turns: 2, zero: 0 }, max: { last: 5, newer: 7 } }, { ttlSeconds: 60 });
        expect(second).toEqual({ added: { turns: 3, zero: 0 }, previous: { last: 1_767_225_600_123, newer: null } });
        await store.updateCounters('ins', '2026-01-02', { add: { turns: -1 } }, { ttlSeconds: 60 });
        expect(await store.readCounters('ins', ['2026-01-01', 'missing', '2026-01-02'])).toEqual([
          { turns: 3, 'cost|all': 250, zero: 0, last: 1_767_225_600_123, newer: 7 },
          {},
          { turns: -1 },
        ]);
        // Another aggregate with the same bucket names is separate.
        expect(await store.readCounters('other', ['2026-01-01'])).toEqual([{}]);
      });

      it('refuses names that cannot be keys and values that are not integers', async () => {
        const store = await fresh();
        await expect(store.updateCounters('a{b}', 'd', { add: { x: 1 } }, { ttlSeconds: 60 })).rejects.toThrow(TypeError);
        await expect(store.updateCounters('a', 'd', { add: { x: 1.5 } }, { ttlSeconds: 60 })).rejects.toThrow(TypeError);
        await expect(store.updateCounters('a', 'd', { add: { 'with space': 1 } }, { ttlSeconds: 60 })).rejects.toThrow(TypeError);
        await expect(store.updateCounters('a', 'd', { add: { x: 1 } }, { ttlSeconds: 0 })).rejects.toThrow(TypeError);
        await expect(store.offerSample('a', 'd', 'v', { max: 0, ttlSeconds: 60 })).rejects.toThrow(TypeError);
      });

      it('writes the counters of the current episode, starting a fresh one after a gap, in one step', async () => {
        const store = await fresh();
        const ep = (at: number) => ({ marker: 'ep', prefix: 'e:', at, idleMs: 1000 });
        const first = await store.updateEpisodeCounters('conv.a', ep(5000), { add: { turns: 1 }, max: { 'at:x': 5000 }, freshMax: { start: 7 } }, { ttlSeconds: 60 });
        expect(first).toEqual({ episode: 5000, fresh: true, added: { turns: 1 }, previous: { start: null, 'at:x': null } });
        // Within idleMs of the last write: the same episode, and the fresh-only fields are left alone.
        const second = await store.updateEpisodeCounters('conv.a', ep(6000), { add: { turns: 1, 's:y': 1 }, max: { 'at:x': 6000 }, freshMax: { start: 9 } }, { ttlSeconds: 60 });
        expect(second).toEqual({ episode: 5000, fresh: false, added: { turns: 2, 's:y': 1 }, previous: { 'at:x': 5000 } });
        // An earlier time (another process's clock) neither lowers `last` nor starts an episode.
        const earlier = await store.updateEpisodeCounters('conv.a', ep(5500), { add: { turns: 1 } }, { ttlSeconds: 60 });
        expect(earlier).toMatchObject({ episode: 5000, fresh: false, added: { turns: 3 } });
        // More than idleMs after the last write: a fresh episode, in its own bucket.
        const third = await store.updateEpisodeCounters('conv.a', ep(7001), { add: { turns: 1 }, freshMax: { start: 8 } }, { ttlSeconds: 60 });
        expect(third).toEqual({ episode: 7001, fresh: true, added: { turns: 1 }, previous: { start: null } });
        expect(await store.readCounters('conv.a', ['ep', 'e:5000', 'e:7001'])).toEqual([
          { last: 7001, episode: 7001 },
          { turns: 3, 's:y': 1, start: 7, 'at:x': 6000 },
          { turns: 1, start: 8 },
        ]);
        // A marker written by updateCounters alone (no episode yet) starts one.
        await store.updateCounters('conv.b', 'ep', { max: { last: 100, episode: 0 } }, { ttlSeconds: 60 });
        expect(await store.updateEpisodeCounters('conv.b', ep(200), { add: { turns: 1 } }, { ttlSeconds: 60 })).toMatchObject({ episode: 200, fresh: true });
        await expect(store.updateEpisodeCounters('conv.c', { ...ep(1.5), marker: 'ep' }, {}, { ttlSeconds: 60 })).rejects.toThrow(TypeError);
        await expect(store.updateEpisodeCounters('conv.c', { ...ep(10), prefix: 'e {' }, {}, { ttlSeconds: 60 })).rejects.toThrow(TypeError);
      });

      it('concurrent episode writes lose nothing and agree on the episode', async () => {
        const store = await fresh();
        const results = await Promise.all(
          Array.from({ length: 30 }, () => store.updateEpisodeCounters('conv.d', { marker: 'ep', prefix: 'e:', at: 9000, idleMs: 1000 }, { add: { n: 1 }, freshMax: { start: 1 } }, { ttlSeconds: 60 })),
        );
        expect(results.filter((r) => r.fresh)).toHaveLength(1);
        expect(new Set(results.map((r) => r.episode))).toEqual(new Set([9000]));
        expect(await store.readCounters('conv.d', ['e:9000'])).toEqual([{ n: 30, start: 1 }]);
      });

      it('concurrent increments lose nothing', async () => {
        const store = await fresh();
        await Promise.all(Array.from({ length: 50 }, (_, i) => store.updateCounters('ins', 'day', { add: { n: 1 }, max: { top: i } }, { ttlSeconds: 60 })));
        expect(await store.readCounters('ins', ['day'])).toEqual([{ n: 50, top: 49 }]);
      });

      it('a bucket expires its TTL after the last write', async () => {
        const h = await track.make();
        const store = h.bundle.store;
        await store.updateCounters('ins', 'short', { add: { n: 1 } }, { ttlSeconds: 0.3 });
        await store.offerSample('ins', 'short', 'v', { max: 5, ttlSeconds: 0.3 });
        await store.updateCounters('ins', 'long', { add: { n: 1 } }, { ttlSeconds: 60 });
        await h.advance(150);
        await store.updateCounters('ins', 'short', { add: { n: 1 } }, { ttlSeconds: 0.3 });
        await h.advance(200);
        expect(await store.readCounters('ins', ['short'])).toEqual([{ n: 2 }]);
        await h.advance(450);
        expect(await store.readCounters('ins', ['short', 'long'])).toEqual([{}, { n: 1 }]);
        expect(await store.readSamples('ins', ['short'])).toEqual([{ offered: 0, values: [] }]);
      });

      it('keeps a bounded sample of what was offered, each value with the same chance', async () => {
        const store = await fresh();
        const kept: boolean[] = [];
        for (let i = 0; i < 10; i++) kept.push(await store.offerSample('ins', 'day', `v${i}`, { max: 10, ttlSeconds: 60 }));
        expect(kept.every(Boolean)).toBe(true);
        for (let i = 10; i < 400; i++) await store.offerSample('ins', 'day', `v${i}`, { max: 10, ttlSeconds: 60 });
        const [sample, empty] = await store.readSamples('ins', ['day', 'none']);
        expect(sample!.offered).toBe(400);
        expect(sample!.values).toHaveLength(10);
        expect(new Set(sample!.values).size).toBe(10);
        // Reservoir sampling: the 10 kept are spread over the 400, not the first ten.
        expect(sample!.values.filter((v) => Number(v.slice(1)) >= 10).length).toBeGreaterThanOrEqual(5);
        expect(empty).toEqual({ offered: 0, values: [] });
      });
    });

    it('answers ping', async () => {
      const store = await fresh();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('across processes (where the backend is shared)', () => {
      it('locks exclude each other across two instances', async (ctx) => {
        const h = await track.make();
        if (!h.sibling) return ctx.skip();
        const a = h.bundle.store;
        const b = (await h.sibling()).store;
        let inside = 0;
        let maxInside = 0;
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? a : b).withLock(
              'conv:shared',
              async () => {
                inside++;
                maxInside = Math.max(maxInside, inside);
                await sleep(3);
                inside--;
              },
              { waitMs: 20_000 },
            ),
          ),
        );
        expect(maxInside).toBe(1);
      });

      it('a lock held by a dead process expires for the other', async (ctx) => {
        const h = await track.make();
        if (!h.sibling) return ctx.skip();
        const dying = await h.sibling();
        let entered = false;
        void dying.store
          .withLock(
            'conv:orphan',
            async () => {
              entered = true;
              await dying.close(); // the process "dies" while holding the lock
              return new Promise<void>(() => {});
            },
            { ttlMs: 300 },
          )
          .catch(() => undefined);
        await waitUntil(() => entered, 3000, 'the dying holder');
        expect(await h.bundle.store.withLock('conv:orphan', async () => 'taken over', { waitMs: 5_000 })).toBe('taken over');
      });

      it('updates from two instances on one conversation lose nothing', async (ctx) => {
        const h = await track.make();
        if (!h.sibling) return ctx.skip();
        const a = h.bundle.store;
        const b = (await h.sibling()).store;
        await a.saveConversation(conversation('c1'));
        const bump = (s: Store) => s.updateConversation('c1', (cur: Conversation) => ({ ...cur, unclearStreak: cur.unclearStreak + 1 }));
        await Promise.all(Array.from({ length: 30 }, (_, i) => bump(i % 2 ? a : b)));
        expect((await b.getConversation('c1'))!.unclearStreak).toBe(30);
      });

      it('counters written from two instances add up', async (ctx) => {
        const h = await track.make();
        if (!h.sibling) return ctx.skip();
        const a = h.bundle.store;
        const b = (await h.sibling()).store;
        await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).updateCounters('ins', 'day', { add: { n: 1 } }, { ttlSeconds: 60 })));
        expect(await a.readCounters('ins', ['day'])).toEqual([{ n: 30 }]);
      });

      it('two instances writing a new episode at once start it once', async (ctx) => {
        const h = await track.make();
        if (!h.sibling) return ctx.skip();
        const a = h.bundle.store;
        const b = (await h.sibling()).store;
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).updateEpisodeCounters('conv.e', { marker: 'ep', prefix: 'e:', at: 4000 + i, idleMs: 1000 }, { add: { n: 1 }, freshMax: { start: 1 } }, { ttlSeconds: 60 })),
        );
        expect(results.filter((r) => r.fresh)).toHaveLength(1);
        const [episode] = new Set(results.map((r) => r.episode));
        expect(results.every((r) => r.episode === episode)).toBe(true);
        expect(await b.readCounters('conv.e', [`e:${episode}`])).toEqual([{ n: 30, start: 1 }]);
      });

      it('an erasure on one instance is final for the other', async (ctx) => {
        const h = await track.make();
        if (!h.sibling) return ctx.skip();
        const a = h.bundle.store;
        const b = (await h.sibling()).store;
        await a.saveConversation(conversation('c1'));
        await a.appendMessage('c1', customerMessage('m1'));
        await b.deleteConversation('c1');
        expect(await a.erasedAt('c1')).not.toBeNull();
        await expect(a.appendMessage('c1', customerMessage('m2'))).rejects.toBeInstanceOf(ConversationErasedError);
        await expect(a.saveConversation(conversation('c1'))).rejects.toBeInstanceOf(ConversationErasedError);
        expect(await a.getMessages('c1')).toEqual([]);
      });

      it('dedupe claims are shared', async (ctx) => {
        const h = await track.make();
        if (!h.sibling) return ctx.skip();
        const b = (await h.sibling()).store;
        const results = await Promise.all([h.bundle.store.claimOnce('seen:x', 60), b.claimOnce('seen:x', 60)]);
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });
  });
}
