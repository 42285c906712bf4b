import type { InboundMessage, StoredMessage } from '../core/conversation.js';
import type { BotReply, TurnResult } from '../core/engine.js';
import type { ConversationSnapshot, Store } from '../core/store.js';

/**
 * The outcome of a message that was already answered, read back from the history: the reply
 * the customer got (its text only if it was sent), the route, the conversation's mode. A
 * resend, a channel retry, or a second copy that waited for the first gets this instead of a
 * second turn.
 */
export async function replayDuplicate(store: Store, msg: InboundMessage, loaded?: ConversationSnapshot): Promise<TurnResult> {
  // What the turn's first step read is enough when it holds the reply (a resend of a recent message); else the whole history.
  const [conversation, history] =
    loaded && replyTo(loaded.messages, msg.id)
      ? [loaded.conversation, loaded.messages]
      : await Promise.all([store.getConversation(msg.conversationId), store.getMessages(msg.conversationId)]);
  const customer = history.find((m) => m.role === 'customer' && m.id === msg.id);
  const bot = replyTo(history, msg.id);
  let reply: BotReply | null = null;
  if (bot) {
    const status: BotReply['status'] = bot.draft ? (bot.draft.status === 'pending' ? 'draft' : bot.draft.status === 'discarded' ? 'silent' : 'sent') : 'sent';
    reply = {
      messageId: bot.id,
      text: status === 'sent' ? bot.text : '',
      offline: bot.offline,
      skill: bot.skill,
      variant: bot.variant,
      status,
      tools: [],
      flags: bot.flags ?? [],
    };
  }
  return {
    conversationId: msg.conversationId,
    duplicate: true,
    route: customer?.role === 'customer' ? (customer.route ?? null) : null,
    reply,
    mode: conversation?.mode ?? 'auto',
  };
}

/** The bot's reply to message `id`, if the history has one. */
export function replyTo(history: readonly StoredMessage[], id: string): Extract<StoredMessage, { role: 'bot' }> | undefined {
  for (const m of history) if (m.role === 'bot' && m.replyTo === id) return m;
  return undefined;
}

/**
 * What the stored history says about a message arriving for a turn: `answered` when a reply to
 * it is there already (the process that answered died before it could mark it done: replay,
 * never answer twice); `resent` when the message itself is stored but unanswered (a turn cut
 * after storing it, e.g. a store outage): keep one copy, and do not treat the earlier copy as
 * the previous turn, so `history` leaves it out.
 */
export function historyForTurn(loaded: StoredMessage[], messageId: string): { answered: boolean; resent: boolean; history: StoredMessage[] } {
  if (replyTo(loaded, messageId)) return { answered: true, resent: false, history: loaded };
  const resent = loaded.some((m) => m.role === 'customer' && m.id === messageId);
  return { answered: false, resent, history: resent ? loaded.filter((m) => !(m.role === 'customer' && m.id === messageId)) : loaded };
}
