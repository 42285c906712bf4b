import type { Conversation, ConversationFlag, Mode } from '../core/conversation.js';
import { ConversationActionError, ConversationNotFoundError } from '../core/errors.js';
import type { Store } from '../core/store.js';

/**
 * The one owner of a conversation's mode, flags and queue membership. Every change to them is
 * a pure function of the current conversation, applied inside the store's compare-and-set
 * (`store.updateConversation`), so a take-over, a hand-back and a turn's commit always see each
 * other, whichever lands first and on whichever process.
 *
 * Queue membership is `waitingSince`: the store keeps the escalation queue as an index of it,
 * written in the same atomic step as the conversation (see Store.updateConversation). Nothing
 * else adds to or removes from the queue, so it can never disagree with the conversation.
 */

/** Joins flags, without duplicates, in first-seen order. */
export function mergeFlags(...lists: ReadonlyArray<readonly ConversationFlag[]>): ConversationFlag[] {
  return [...new Set(lists.flat())];
}

/** Whether the conversation waits for a person (it is in the escalation queue). */
export function isWaiting(c: Conversation): boolean {
  return c.waitingSince !== undefined;
}

/**
 * What a bot turn does to the flags and the queue: the turn's flags replace the previous turn's
 * (they describe the latest turn), and a conversation that escalates now or was waiting already
 * stays waiting (flagged `escalated`), scored by when it started waiting.
 */
export function afterBotTurn(cur: Conversation, turn: { flags: readonly ConversationFlag[]; escalate: boolean; now: number }): Pick<Conversation, 'flags' | 'waitingSince'> {
  const waiting = turn.escalate || isWaiting(cur);
  return {
    flags: mergeFlags(turn.flags, waiting ? ['escalated'] : []),
    waitingSince: waiting ? (cur.waitingSince ?? turn.now) : undefined,
  };
}

/** A skill whose default is a person: the conversation joins the queue and keeps its flags. */
export function escalated(cur: Conversation, flags: readonly ConversationFlag[], now: number): Conversation {
  return { ...cur, flags: mergeFlags(cur.flags, flags, ['escalated']), waitingSince: cur.waitingSince ?? now };
}

/**
 * An agent takes the conversation over: it leaves the queue. Null when it is already theirs.
 * `claim`: taken from the queue, so it must still be waiting (of two agents claiming at once,
 * exactly one wins, since the check runs inside the compare-and-set).
 */
export function takenOver(cur: Conversation, agent: string, now: number, opts: { force?: boolean; claim?: boolean } = {}): Conversation | null {
  if (opts.claim && !isWaiting(cur)) {
    throw new ConversationActionError('conflict', 'already_claimed', cur.agent ? `${cur.agent} already claimed this conversation` : 'this conversation is not waiting in the queue');
  }
  if (cur.mode === 'human' && cur.agent === agent) {
    // Already ours: only leaving the queue is left to do (a claim of our own conversation).
    return isWaiting(cur) ? withoutWaiting({ ...cur, updatedAt: now }) : null;
  }
  if (cur.mode === 'human' && cur.agent && !opts.force) {
    throw new ConversationActionError('conflict', 'owned_by_other_agent', `${cur.agent} already owns this conversation`, { agent: cur.agent });
  }
  return withoutWaiting({ ...cur, mode: 'human', modeSource: 'agent', agent, updatedAt: now });
}

/** The agent hands the conversation back to the bot (auto, or a mode the agent chose). */
export function handedBack(cur: Conversation, agent: string, now: number, opts: { force?: boolean; mode?: Exclude<Mode, 'human'> } = {}): Conversation {
  if (cur.mode !== 'human') throw new ConversationActionError('conflict', 'not_taken_over', 'no agent owns this conversation');
  if (cur.agent && cur.agent !== agent && !opts.force) {
    throw new ConversationActionError('conflict', 'owned_by_other_agent', `${cur.agent} owns this conversation`, { agent: cur.agent });
  }
  const mode = opts.mode ?? 'auto';
  const { agent: _agent, ...rest } = withoutWaiting(cur);
  // Plain hand-back returns control to the skills' defaults; choosing assist is an agent's decision.
  return { ...rest, mode, modeSource: mode === 'auto' && !opts.mode ? 'default' : 'agent', updatedAt: now };
}

/** An agent picks the bot's mode (auto or assist) for a conversation no agent owns. Null: nothing to change. */
export function withAgentMode(cur: Conversation, mode: Exclude<Mode, 'human'>, now: number): Conversation | null {
  if (cur.mode === 'human') throw new ConversationActionError('conflict', 'conversation_changed', 'an agent took this conversation over meanwhile; reload it');
  if (cur.mode === mode && cur.modeSource === 'agent') return null;
  return { ...cur, mode, modeSource: 'agent', updatedAt: now };
}

function withoutWaiting(c: Conversation): Conversation {
  const { waitingSince: _waiting, ...rest } = c;
  return rest;
}

/**
 * Compare-and-set with the state before and after: `decide` throws a domain error to refuse and
 * returns null for "nothing to change". Throws ConversationNotFoundError when it does not exist.
 */
export async function changeConversation(
  store: Store,
  conversationId: string,
  decide: (cur: Conversation) => Conversation | null,
): Promise<{ before: Conversation; after: Conversation } | null> {
  let before: Conversation | undefined;
  let changed = false;
  const after = await store.updateConversation(conversationId, (cur) => {
    before = cur;
    const next = decide(cur);
    changed = next !== null;
    return next;
  });
  if (!before) throw new ConversationNotFoundError(conversationId);
  if (!changed || !after) return null;
  return { before, after };
}
