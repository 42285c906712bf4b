import type { Conversation, ConversationFlag, Mode, StoredMessage } from '../core/conversation.js';
import type { BotReply, TurnSink } from '../core/engine.js';
import { newId } from '../core/ids.js';
import type { RouteDecision } from '../core/route.js';
import type { Skill } from '../core/skill.js';
import { afterBotTurn, mergeFlags } from '../conversations/conversation-control.js';
import type { EngineContext } from './engine-context.js';
import { handoffNotice } from './handoff-notice.js';
import type { Answer } from './skill-runner.js';
import { goneError, sameConversation } from './turn-conversation.js';
import { coversOrder, currentCustomer } from '../core/identity.js';

/**
 * A customer message not stored yet, with its changes to the conversation: written by the
 * turn's first conversation write (normally the reply's commit), in the same compare-and-set,
 * applied to the stored conversation before the reply's own changes.
 */
export interface CustomerWrite {
  message: StoredMessage;
  update: (current: Conversation) => Conversation;
  /** The last message the turn read (null: none; undefined: it read no history): the customer message goes right after it, before what others stored since. */
  after: string | null | undefined;
}

export interface CommitInput {
  conversationId: string;
  /** The conversation's creation time: the commit writes only to the conversation the turn started on. */
  createdAt: number;
  replyTo: string;
  route: RouteDecision;
  skill: Skill;
  variant: string;
  mode: Mode;
  answer: Answer;
  turnFlags: ConversationFlag[];
  escalate: boolean;
  unclear: boolean;
  sink?: TurnSink;
  /** The request to continue after the customer verifies (when a tool asked for verification). */
  pendingRequest?: string;
  /** The customer's language, for the engine's own words (the hand-off notice); absent: the answer's, else the default. */
  language?: string | null;
  /** The customer message this reply answers, when it is not stored yet: written in the same step, first. */
  customer?: CustomerWrite;
}

/**
 * The state a turn leaves on its conversation, besides mode, flags and queue: the proposal the
 * reply makes, the verification it asks for. The ONE place a turn's dialogue state is attached
 * before the commit (h17-dialogue adds `dialogue` here), so it is written with the reply that
 * produced it, or not at all.
 */
/** Whether the customer still has to prove an order: nobody is verified, or a guest verified with other orders asks about this one. */
function needsProof(bound: Conversation['customer'], orderId: string | null, now: number): boolean {
  const customer = currentCustomer(bound, now);
  return !customer || (orderId !== null && !coversOrder(customer, orderId));
}

function withTurnState(cur: Conversation, next: Conversation, input: CommitInput, status: BotReply['status'], now: number): Conversation {
  const a = input.answer;
  return {
    ...next,
    // The one place the turn's dialogue state is attached (src/core/dialogue-state.ts).
    ...(a.dialogue ? { dialogue: a.dialogue } : {}),
    // A proposal lives for exactly the next customer message; a draft the customer never sees proposes nothing.
    proposal: a.proposal && status !== 'silent' ? a.proposal : undefined,
    verification:
      a.verification && needsProof(cur.customer, a.verification.orderId, now)
        ? { orderId: a.verification.orderId, request: input.pendingRequest ?? '', skill: input.skill.manifest.id, askedAt: now }
        : cur.customer
          ? undefined
          : cur.verification,
  };
}

/**
 * Stores the bot's answer and updates the conversation in one compare-and-set (queue membership
 * included), so a take-over that lands while the model was writing wins: the answer is kept for
 * the agents (discarded draft) but never reaches the customer.
 */
export async function commitReply(ctx: EngineContext, input: CommitInput): Promise<{ reply: BotReply; conversation: Conversation }> {
  const { store, clock } = ctx;
  const { answer: a, skill } = input;
  const now = clock.now();
  const flags = mergeFlags(input.turnFlags, a.flags);
  // Read back after the compare-and-set below, which may silence the reply.
  const intended: BotReply['status'] = input.mode === 'assist' ? 'draft' : a.busy ? 'busy' : 'sent';
  const toCustomer = intended === 'sent' || intended === 'busy';
  const outcome: { status: BotReply['status'] } = { status: intended };
  let text = a.text;
  // A hand-off the customer asked for says who can answer now, never more than that.
  // (An answer that is itself the hand-off notice already says it.)
  const handoff = input.escalate && flags.includes('asked_for_human') && toCustomer && !a.attachments?.handoff ? await handoffNotice(ctx, a.dialogue?.language ?? input.language ?? null) : null;
  if (handoff) {
    text = text ? `${text}\n\n${handoff.text}` : handoff.text;
    input.sink?.onDelta?.(a.text ? `\n\n${handoff.text}` : handoff.text);
  }
  const messageId = newId('m');
  const replyMessage = (status: BotReply['status']): StoredMessage => ({
    id: messageId,
    role: 'bot',
    text,
    at: now,
    replyTo: input.replyTo,
    skill: skill.manifest.id,
    variant: input.variant,
    offline: a.offline,
    tools: a.tools,
    cost: a.cost,
    flags,
    ...(a.attachments?.sources?.length ? { sources: a.attachments.sources } : {}),
    ...(status === 'draft' ? { draft: { status: 'pending' as const } } : {}),
    ...(status === 'silent' ? { draft: { status: 'discarded' as const } } : {}),
  });
  let message: StoredMessage | undefined;
  const updated = await store.updateConversation(
    input.conversationId,
    sameConversation(input.createdAt, (stored) => {
      const cur = input.customer ? input.customer.update(stored) : stored;
      // Drafts never reach the customer by themselves, so only a reply about to be sent is silenced.
      outcome.status = cur.mode === 'human' && toCustomer ? 'silent' : intended;
      const next: Conversation = {
        ...cur,
        ...afterBotTurn(cur, { flags, escalate: input.escalate, now }),
        updatedAt: now,
        activeSkill: skill.manifest.id,
        variants: { ...cur.variants, [skill.manifest.id]: input.variant },
        unclearStreak: input.unclear ? cur.unclearStreak + 1 : 0,
        lastMessage: outcome.status === 'sent' || outcome.status === 'busy' ? { role: 'bot', text, at: now } : cur.lastMessage,
      };
      return withTurnState(cur, next, input, outcome.status, now);
    }),
    // The reply is appended in the same store step as the conversation (one round trip); it is
    // made once the update decided its status.
    {
      append: () => {
        message = replyMessage(outcome.status);
        return input.customer ? [input.customer.message, message] : message;
      },
      ...(input.customer ? { appendAfter: input.customer.after } : {}),
    },
  );
  if (!updated) throw await goneError(store, input.conversationId);
  const { status } = outcome;
  if (status === 'silent') input.sink?.onReset?.();
  if (!message) throw new Error('reply commit: the update wrote without its message');
  if (input.customer) ctx.publish({ type: 'message', conversationId: input.conversationId, message: input.customer.message });
  ctx.publish({ type: 'message', conversationId: input.conversationId, message });
  ctx.publish({ type: 'conversation', conversation: updated });
  return {
    conversation: updated,
    reply: {
      messageId: message.id,
      text,
      offline: a.offline,
      skill: skill.manifest.id,
      variant: input.variant,
      status,
      tools: a.tools,
      cost: a.cost,
      flags,
      // A route the bot could not place at all (fallback) offers a person, as a hand-off request does.
      attachments: handoff
        ? { ...a.attachments, offerHuman: true, handoff: handoff.state }
        : (input.escalate && flags.includes('asked_for_human')) || input.route.method === 'fallback'
          ? { ...a.attachments, offerHuman: true }
          : a.attachments,
    },
  };
}
