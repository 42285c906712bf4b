import type { InboundMessage } from '../core/conversation.js';
import { conversationLockKey, type ConversationSnapshot, type Store } from '../core/store.js';

export interface AnswerOnceOptions {
  /** The conversation lock: a lease renewed while the turn runs (see Store.withLock). */
  lock: { ttlMs: number; waitMs: number; maxHoldMs: number };
  /** How long an answered message is remembered (a resend within it is a duplicate). */
  dedupeTtlSeconds: number;
  /** Recent messages read with the conversation as the lock is taken (the turn's history). */
  historyMessages: number;
}

/**
 * Each message is answered once, also when its channel retries or the customer resends it:
 *
 *   - answered before (its marker is set): the stored outcome is replayed at once;
 *   - otherwise it waits for the conversation lock (one turn at a time per conversation, on
 *     every process), checks the marker again, runs the turn, and sets the marker only once
 *     the turn has committed.
 *
 * While a turn runs, its claim on the message is the conversation lock itself: a lease of a
 * few seconds renewed by the holder's heartbeat. So a resend during a live turn waits for it
 * and gets its reply, and a resend after the process running it died is processed as soon as
 * the dead holder's lease runs out: nothing a dead process leaves behind can make the resend a
 * duplicate. A process dying between the commit and the marker is caught by the turn itself
 * (the reply is in the history: replayed, not answered twice).
 */
export async function answerOnce<T>(
  store: Store,
  msg: InboundMessage,
  opts: AnswerOnceOptions,
  run: (loaded: ConversationSnapshot | undefined) => Promise<T>,
  replay: (loaded: ConversationSnapshot | undefined) => Promise<T>,
): Promise<T> {
  // The marker is checked as the lock is taken (before waiting too), and set as it is freed:
  // one store step each (issue 20: Redis round trips per turn). The step that takes the lock
  // also reads the conversation, its tombstone and its recent history for the turn.
  return store.withLockOnce(conversationLockKey(msg.conversationId), `seen:${msg.conversationId}:${msg.id}`, run, replay, {
    ...opts.lock,
    onceTtlSeconds: opts.dedupeTtlSeconds,
    load: { conversationId: msg.conversationId, messages: opts.historyMessages },
  });
}
