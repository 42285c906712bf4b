import type { InboundMessage } from '../../src/core/conversation.js';
import type { BotReply, Engine, TurnResult } from '../../src/core/engine.js';
import type { ReplyAttachments } from '../../src/core/skill.js';
import type { Store } from '../../src/core/store.js';

/**
 * A transport-level stand-in for the engine: it dedupes by conversation + message id through the
 * store exactly like the real engine, records what reached it, and answers with what the test
 * scripted. Channel tests use it to see precisely what a channel hands the engine; the real
 * engine is exercised in test/channels/real-engine.test.ts.
 */
export interface ScriptedEngine extends Engine {
  /** Messages that were processed (not duplicates), in order. */
  readonly received: InboundMessage[];
  /** Every handle() call, duplicates included. */
  readonly calls: number;
  /** Holds every turn until the returned release() is called. */
  hold(): () => void;
  /** Replaces how replies are made. */
  script(fn: (msg: InboundMessage) => Partial<Pick<BotReply, 'text' | 'status' | 'attachments'>> | Error): void;
}

export function createScriptedEngine(store: Store): ScriptedEngine {
  const received: InboundMessage[] = [];
  let calls = 0;
  let gate: Promise<void> | null = null;
  let makeReply: (msg: InboundMessage) => Partial<Pick<BotReply, 'text' | 'status' | 'attachments'>> | Error = (msg) => ({
    text: `Reply to "${msg.text}"`,
  });

  return {
    get received() {
      return received;
    },
    get calls() {
      return calls;
    },
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        gate = null;
        release();
      };
    },
    script(fn) {
      makeReply = fn;
    },
    async handle(msg): Promise<TurnResult> {
      calls++;
      if (!(await store.claimOnce(`seen:${msg.conversationId}:${msg.id}`, 3600))) {
        return { conversationId: msg.conversationId, duplicate: true, route: null, reply: null, mode: 'auto' };
      }
      if (gate) await gate;
      received.push(msg);
      const scripted = makeReply(msg);
      if (scripted instanceof Error) throw scripted;
      const conversation = await store.getConversation(msg.conversationId);
      if (conversation?.mode === 'human') {
        return { conversationId: msg.conversationId, duplicate: false, route: null, reply: null, mode: 'human' };
      }
      const reply: BotReply = {
        messageId: `m_${msg.id}`,
        text: scripted.text ?? '',
        offline: false,
        skill: 'product_recommendation',
        status: scripted.status ?? 'sent',
        tools: [],
        flags: [],
        ...(scripted.attachments ? { attachments: scripted.attachments as ReplyAttachments } : {}),
      };
      return {
        conversationId: msg.conversationId,
        duplicate: false,
        route: { skill: 'product_recommendation', confidence: 0.9, method: 'local' },
        reply,
        mode: 'auto',
      };
    },
    async reroute() {
      throw new Error('reroute is not part of channel tests');
    },
    async decideProposal() {
      throw new Error('proposals are not part of channel tests');
    },
  };
}
