import type { Conversation } from '../core/conversation.js';
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
 * Claiming is taking the conversation over on condition that it is still waiting: the check and
 * the take-over are one compare-and-set (conversation-control.ts), and the queue is written in
 * the same step, so of two agents claiming at once one wins and the other gets already_claimed.
 */
export async function claimFromQueue(
  actions: ConversationActions,
  conversationId: string,
  agent: string,
): Promise<{ conversation: Conversation } & Delivered> {
  return actions.takeOver(conversationId, agent, { claim: true });
}
