import type { Conversation } from '../core/conversation.js';
import { HttpError } from '../core/errors.js';
import { ESCALATION_QUEUE, type Store } from '../core/store.js';
import type { ConversationActions, Delivered } from './conversation-actions.js';
import { summarize, type ConversationSummary } from './conversation-summary.js';

export interface QueueEntry {
  conversation: ConversationSummary;
  waitingSince: number;
}

/** Conversations waiting for a person, longest waiting first (the engine scores them by waitingSince). */
export async function listQueue(store: Store, limit = 200): Promise<QueueEntry[]> {
  const members = await store.zRange(ESCALATION_QUEUE, { limit });
  const conversations = await Promise.all(members.map((m) => store.getConversation(m.member)));
  const entries: QueueEntry[] = [];
  members.forEach((m, i) => {
    const c = conversations[i];
    // Expired or erased between the two reads: drop the stale member so the queue heals itself.
    if (!c) void store.zRemove(ESCALATION_QUEUE, m.member).catch(() => undefined);
    else entries.push({ conversation: summarize(c), waitingSince: m.score });
  });
  return entries;
}

/**
 * Claiming is removing the member from the queue: ZREM (and the memory store's equivalent)
 * answers "removed" to exactly one caller, so of two agents claiming at once one wins and
 * the other gets 409. The winner then takes the conversation over.
 */
export async function claimFromQueue(
  store: Store,
  actions: ConversationActions,
  conversationId: string,
  agent: string,
): Promise<{ conversation: Conversation } & Delivered> {
  const removed = await store.zRemove(ESCALATION_QUEUE, conversationId);
  if (!removed) {
    const exists = await store.getConversation(conversationId);
    if (!exists) throw new HttpError(404, 'conversation_not_found', `no conversation "${conversationId}"`);
    throw new HttpError(409, 'already_claimed', exists.agent ? `${exists.agent} already claimed this conversation` : 'this conversation is not waiting in the queue');
  }
  try {
    return await actions.takeOver(conversationId, agent);
  } catch (err) {
    if (err instanceof HttpError) throw err;
    // The take-over failed (store outage): put it back so nobody loses the customer.
    const c = await store.getConversation(conversationId).catch(() => null);
    if (c?.waitingSince !== undefined) await store.zAdd(ESCALATION_QUEUE, conversationId, c.waitingSince).catch(() => undefined);
    throw err;
  }
}
