import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/core/channel.js';
import type { ChannelName, Conversation } from '../../src/core/conversation.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { createScriptedEngine, type ScriptedEngine } from './scripted-engine.js';
import { waitUntil } from './test-server.js';

/**
 * What one channel offers the contract suite: a customer who can write to the bot through the
 * channel's real HTTP endpoint, what that customer sees, and the channel's Channel.
 */
export interface ContractHarness {
  channel: ChannelName;
  /**
   * Sends one customer message exactly as the platform would (authenticated). The same
   * `messageId` twice is the platform delivering the same message twice.
   */
  send(text: string, opts?: { messageId?: string }): Promise<{ status: number }>;
  /** Unauthenticated or forged versions of a customer message, each with the status it must get. */
  forgeries: Array<{ name: string; send(text: string): Promise<{ status: number }>; status: number }>;
  /** Everything shown to the customer so far, oldest first (replies and delivered messages). */
  seen(): string[];
  /** Waits for work the channel does after acknowledging (replies being posted). */
  settle(): Promise<void>;
  /** The customer's user id as the engine should see it. */
  userId: string;
  /** The Channel under test, for out-of-band delivery. */
  channelImpl: Channel;
  close(): Promise<void>;
}

export type MakeContractHarness = (input: { engine: ScriptedEngine; bundle: StoreBundle }) => Promise<ContractHarness>;

/**
 * One suite every channel passes (web chat, Teams, Slack): messages reach the engine mapped
 * the same way, replies and deliveries reach the customer, duplicates are processed once and
 * forged requests never get in.
 */
export function runChannelContract(name: string, make: MakeContractHarness, makeBundle: () => Promise<StoreBundle>): void {
  describe(`channel contract: ${name}`, () => {
    const open: Array<{ harness: ContractHarness; bundle: StoreBundle }> = [];

    async function setup() {
      const bundle = await makeBundle();
      const engine = createScriptedEngine(bundle.store);
      const harness = await make({ engine, bundle });
      open.push({ harness, bundle });
      return { bundle, engine, harness };
    }

    afterEach(async () => {
      for (const { harness, bundle } of open.splice(0)) {
        await harness.close();
        await bundle.close();
      }
    });

    it('delivers an inbound customer message to the engine with the right channel, conversation, user and text, and the reply to the customer', async () => {
      const { bundle, engine, harness } = await setup();
      const res = await harness.send('Do you sell quiet kettles?');
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
      await harness.settle();
      await waitUntil(() => harness.seen().length > 0, 'the reply to reach the customer');

      expect(engine.received).toHaveLength(1);
      const inbound = engine.received[0]!;
      expect(inbound.channel).toBe(harness.channel);
      expect(inbound.text).toBe('Do you sell quiet kettles?');
      expect(inbound.user.id).toBe(harness.userId);
      expect(inbound.id).toEqual(expect.any(String));
      const conversation = (await bundle.store.getConversation(inbound.conversationId)) as Conversation;
      expect(conversation).not.toBeNull();
      expect(conversation.channel).toBe(harness.channel);
      expect(conversation.user.id).toBe(harness.userId);
      expect(harness.seen()).toEqual(['Reply to "Do you sell quiet kettles?"']);
    });

    it('keeps one engine conversation for one customer conversation', async () => {
      const { engine, harness } = await setup();
      await harness.send('first question');
      await harness.send('second question');
      await harness.settle();
      await waitUntil(() => harness.seen().length === 2, 'both replies');
      expect(engine.received.map((m) => m.text)).toEqual(['first question', 'second question']);
      expect(new Set(engine.received.map((m) => m.conversationId)).size).toBe(1);
      expect(harness.seen()).toEqual(['Reply to "first question"', 'Reply to "second question"']);
    });

    it('processes a duplicate delivery once', async () => {
      const { engine, harness } = await setup();
      await harness.send('Where is my order?', { messageId: 'dup-1' });
      await harness.send('Where is my order?', { messageId: 'dup-1' });
      await harness.settle();
      await waitUntil(() => harness.seen().length > 0, 'the reply');
      expect(engine.received).toHaveLength(1);
      expect(harness.seen()).toEqual(['Reply to "Where is my order?"']);
    });

    it('rejects unauthenticated and forged requests, and none of them reaches the engine', async () => {
      const { engine, harness } = await setup();
      expect(harness.forgeries.length).toBeGreaterThan(0);
      for (const forgery of harness.forgeries) {
        const res = await forgery.send(`forged: ${forgery.name}`);
        expect(res.status, forgery.name).toBe(forgery.status);
      }
      await harness.settle();
      expect(engine.calls).toBe(0);
      expect(harness.seen()).toEqual([]);
    });

    it('delivers an OutboundMessage (Channel.deliver) to the customer', async () => {
      const { bundle, engine, harness } = await setup();
      await harness.send('I would like to talk to a person');
      await harness.settle();
      await waitUntil(() => harness.seen().length === 1, 'the first reply');
      const conversation = (await bundle.store.getConversation(engine.received[0]!.conversationId))!;
      await harness.channelImpl.deliver(conversation, { id: 'out-1', kind: 'agent', from: 'Alex', text: 'Hello, Alex from support here.' });
      await waitUntil(() => harness.seen().length === 2, 'the delivered message');
      expect(harness.seen()[1]).toContain('Hello, Alex from support here.');
    });
  });
}
