import { startConversation, type Conversation, type InboundMessage } from '../core/conversation.js';
import { ConversationErasedError, ConversationNotFoundError } from '../core/errors.js';
import type { ConversationSnapshot, Store } from '../core/store.js';

/**
 * The conversation a turn works on, read under the conversation lock (by the step that took it,
 * when the store read it then: `loaded`). Erasure is final: a
 * message received before its conversation was erased is refused, whichever process holds it
 * and however long it waited (the store's tombstone says when the erasure happened), and a
 * missing conversation is never re-created by a message that did not ask for it (web chat
 * conversations exist only with their token: a turn on a missing one is a 404).
 */
export async function conversationForTurn(store: Store, msg: InboundMessage, receivedAt: number, loaded?: ConversationSnapshot): Promise<Conversation> {
  const [existing, erasedAt] = loaded
    ? [loaded.conversation, loaded.erasedAt]
    : await Promise.all([store.getConversation(msg.conversationId), store.erasedAt(msg.conversationId)]);
  if (erasedAt !== null && receivedAt <= erasedAt) throw new ConversationErasedError(msg.conversationId);
  if (existing) return existing;
  if (!msg.createIfMissing) throw erasedAt !== null ? new ConversationErasedError(msg.conversationId) : new ConversationNotFoundError(msg.conversationId);
  const created = startConversation({ id: msg.conversationId, channel: msg.channel, user: msg.user }, receivedAt);
  // The store refuses it too if an erasure landed meanwhile.
  await store.saveConversation(created);
  return created;
}

/** The error for a conversation found missing in the middle of a turn: erased, or simply gone. */
export async function goneError(store: Store, conversationId: string): Promise<ConversationNotFoundError> {
  return (await store.erasedAt(conversationId).catch(() => null)) !== null
    ? new ConversationErasedError(conversationId)
    : new ConversationNotFoundError(conversationId);
}

/**
 * Wraps a turn's compare-and-set so it only writes to the conversation the turn started on: an
 * erased conversation re-created meanwhile by a newer message (same Teams or Slack chat) is
 * another conversation, with another creation time, and is left alone (the update returns null).
 */
export function sameConversation(createdAt: number, update: (current: Conversation) => Conversation | null) {
  return (current: Conversation): Conversation | null => (current.createdAt === createdAt ? update(current) : null);
}
