import type { ChannelRegistry, OutboundMessage } from '../core/channel.js';
import type { Clock } from '../core/clock.js';
import type { Conversation, Mode, StoredMessage } from '../core/conversation.js';
import type { Engine, TurnResult } from '../core/engine.js';
import { ConversationActionError, ConversationNotFoundError, MessageNotFoundError } from '../core/errors.js';
import { TOPICS, type ConversationEvent } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { EventBus, Store } from '../core/store.js';
import { changeConversation, handedBack, takenOver, withAgentMode } from '../conversations/conversation-control.js';
import { fillTemplate, type LocalePacks } from '../locale/locale-packs.js';
import { CORRECTIONS_COLLECTION, type Correction } from './corrections.js';
import { DEMO_CANDIDATES_COLLECTION, callsFrom, type DemonstrationCandidate } from './demonstration-candidates.js';

export interface ActionDeps {
  store: Store;
  bus: EventBus;
  engine: Engine;
  channels: ChannelRegistry;
  clock: Clock;
  logger: Logger;
  /** The name customers see for an agent (their display name), if they have one; never the login name. */
  displayName?: (agent: string) => Promise<string | undefined>;
  /** The customer-facing notices (an agent joined or left the chat). */
  locales: LocalePacks;
  /** An agent took over a conversation that was not waiting for one (insights count it as a hand-off). */
  onTakeOver?: (conversationId: string) => Promise<void>;
}

/** Whether the customer got the message now; it is in the history either way. */
export interface Delivered {
  delivered: boolean;
}

export type BotMessage = Extract<StoredMessage, { role: 'bot' }>;
export type CustomerMessage = Extract<StoredMessage, { role: 'customer' }>;

/** How long a decided draft's "decided once" key is remembered (a draft never lives longer than its conversation). */
const DRAFT_DECISION_TTL_SECONDS = 30 * 24 * 3600;

/**
 * What agents do to conversations. Mode changes go through store.updateConversation (a
 * compare-and-set), the same write the engine uses to commit a reply, so whichever lands
 * second sees the first: a take-over during a turn silences the bot's reply.
 */
export function createConversationActions(deps: ActionDeps) {
  const { store, bus, channels, clock, logger } = deps;

  function publish(event: ConversationEvent): void {
    bus.publish(TOPICS.conversations, event).catch((err: unknown) => logger.warn({ err }, 'event publish failed'));
  }

  /** The agent's display name for customers; undefined (a neutral label) when they have none or it cannot be read now. */
  async function customerFacingName(agent: string): Promise<string | undefined> {
    return deps.displayName ? deps.displayName(agent).catch(() => undefined) : undefined;
  }

  async function load(conversationId: string): Promise<Conversation> {
    const c = await store.getConversation(conversationId);
    if (!c) throw new ConversationNotFoundError(conversationId);
    return c;
  }

  async function deliver(conversation: Conversation, message: OutboundMessage): Promise<boolean> {
    try {
      await channels.deliver(conversation, message);
      return true;
    } catch (err) {
      logger.warn({ err, conversationId: conversation.id, channel: conversation.channel }, 'delivery to the customer failed; the message stays in the history');
      return false;
    }
  }

  /**
   * A notice the customer sees in their channel when an agent joins or leaves, from the locale
   * pack, naming the agent by display name (never the login name) when they have one.
   */
  async function notify(conversation: Conversation, event: 'agent_joined' | 'agent_left', name: string | undefined): Promise<boolean> {
    // In the customer's language as last detected (dialogue state), else the default.
    const replies = deps.locales.get(conversation.dialogue?.language ?? null).replies;
    const text = name ? fillTemplate(replies[event], { name }) : replies[`${event}_anonymous`];
    const message: StoredMessage = { id: newId('m'), role: 'system', text, at: clock.now(), event };
    await store.appendMessage(conversation.id, message);
    publish({ type: 'message', conversationId: conversation.id, message });
    return deliver(conversation, { id: message.id, kind: 'system', text, event, ...(name ? { from: name } : {}) });
  }

  /** Compare-and-set on the conversation (conversation-control.ts), published to the panels when it changed. */
  async function update(conversationId: string, decide: (cur: Conversation) => Conversation | null): Promise<{ before: Conversation; after: Conversation } | null> {
    const result = await changeConversation(store, conversationId, decide);
    if (result) publish({ type: 'conversation', conversation: result.after });
    return result;
  }

  /**
   * An agent takes the conversation over; it leaves the escalation queue in the same write.
   * `claim`: taken from the queue, so it must still be waiting there (of two agents claiming at
   * once, exactly one wins).
   */
  async function takeOver(conversationId: string, agent: string, opts: { force?: boolean; claim?: boolean } = {}): Promise<{ conversation: Conversation; joined: boolean } & Delivered> {
    const result = await update(conversationId, (cur) => takenOver(cur, agent, clock.now(), opts));
    // Already ours (a claim of our own conversation only left the queue): nobody new joined.
    if (!result || (result.before.mode === 'human' && result.before.agent === agent)) {
      return { conversation: result?.after ?? (await load(conversationId)), joined: false, delivered: false };
    }
    // One already waiting in the queue was counted as a hand-off when it escalated.
    if (result.before.waitingSince === undefined && result.before.mode !== 'human') {
      await deps.onTakeOver?.(conversationId).catch((err: unknown) => logger.warn({ err, conversationId }, 'insights: take-over not counted'));
    }
    const name = await customerFacingName(agent);
    const delivered = await notify(result.after, 'agent_joined', name);
    return { conversation: result.after, joined: true, delivered };
  }

  async function handBack(conversationId: string, agent: string, opts: { force?: boolean; mode?: Exclude<Mode, 'human'> } = {}): Promise<{ conversation: Conversation } & Delivered> {
    const result = await update(conversationId, (cur) => handedBack(cur, agent, clock.now(), opts));
    if (!result) return { conversation: await load(conversationId), delivered: false };
    const name = await customerFacingName(result.before.agent ?? agent);
    const delivered = await notify(result.after, 'agent_left', name);
    return { conversation: result.after, delivered };
  }

  async function setMode(conversationId: string, agent: string, mode: Mode, opts: { force?: boolean } = {}): Promise<{ conversation: Conversation } & Delivered> {
    if (mode === 'human') return takeOver(conversationId, agent, opts);
    const current = await load(conversationId);
    if (current.mode === 'human') return handBack(conversationId, agent, { ...opts, mode });
    const result = await update(conversationId, (cur) => withAgentMode(cur, mode, clock.now()));
    return { conversation: result?.after ?? (await load(conversationId)), delivered: false };
  }

  async function reply(conversationId: string, agent: string, text: string): Promise<{ message: StoredMessage } & Delivered> {
    const conversation = await load(conversationId);
    const now = clock.now();
    const from = await customerFacingName(agent);
    const message: StoredMessage = { id: newId('m'), role: 'agent', text, at: now, agent, ...(from ? { from } : {}) };
    await store.appendMessage(conversationId, message);
    const updated = await update(conversationId, (cur) => ({ ...cur, updatedAt: now, lastMessage: { role: 'agent', text, at: now } }));
    publish({ type: 'message', conversationId, message });
    const delivered = await deliver(updated?.after ?? conversation, { id: message.id, kind: 'agent', text, ...(from ? { from } : {}) });
    return { message, delivered };
  }

  async function findMessage(conversationId: string, messageId: string): Promise<{ messages: StoredMessage[]; index: number; message: StoredMessage }> {
    const messages = await store.getMessages(conversationId);
    const index = messages.findIndex((m) => m.id === messageId);
    if (index < 0) {
      await load(conversationId);
      throw new MessageNotFoundError(messageId);
    }
    return { messages, index, message: messages[index]! };
  }

  async function pendingDraft(conversationId: string, messageId: string): Promise<{ draft: BotMessage; messages: StoredMessage[]; index: number }> {
    const found = await findMessage(conversationId, messageId);
    const m = found.message;
    if (m.role !== 'bot' || !m.draft) throw new ConversationActionError('conflict', 'not_a_draft', 'this message is not a draft');
    if (m.draft.status !== 'pending') throw new ConversationActionError('conflict', 'draft_already_decided', `this draft was already ${m.draft.status}`);
    return { draft: m, messages: found.messages, index: found.index };
  }

  /**
   * A draft is decided once: two agents pressing approve at the same moment (on any process)
   * must not send it twice. claimOnce is the atomic step; the stored status follows.
   */
  async function decideOnce(conversationId: string, messageId: string): Promise<void> {
    const first = await store.claimOnce(`draft-decided:${conversationId}:${messageId}`, DRAFT_DECISION_TTL_SECONDS);
    if (!first) throw new ConversationActionError('conflict', 'draft_already_decided', 'another agent already decided this draft');
  }

  async function approveDraft(conversationId: string, messageId: string, agent: string, editedText?: string): Promise<{ message: BotMessage } & Delivered> {
    const { draft } = await pendingDraft(conversationId, messageId);
    await decideOnce(conversationId, messageId);
    const text = editedText ?? draft.text;
    const edited = editedText !== undefined && editedText !== draft.text;
    const now = clock.now();
    const approved: BotMessage = {
      ...draft,
      text,
      draft: { status: 'approved', ...(edited ? { editedBy: agent } : {}) },
    };
    await store.replaceMessage(conversationId, approved);
    const updated = await update(conversationId, (cur) => ({ ...cur, updatedAt: now, lastMessage: { role: 'bot', text, at: now } }));
    publish({ type: 'message_updated', conversationId, message: approved });
    const conversation = updated?.after ?? (await load(conversationId));
    const delivered = await deliver(conversation, { id: approved.id, kind: 'bot', text, offline: approved.offline });
    return { message: approved, delivered };
  }

  async function discardDraft(conversationId: string, messageId: string, agent: string): Promise<{ message: BotMessage }> {
    const { draft } = await pendingDraft(conversationId, messageId);
    await decideOnce(conversationId, messageId);
    const discarded: BotMessage = { ...draft, draft: { status: 'discarded', editedBy: agent } };
    await store.replaceMessage(conversationId, discarded);
    publish({ type: 'message_updated', conversationId, message: discarded });
    return { message: discarded };
  }

  async function record(correction: Omit<Correction, 'id' | 'at'>): Promise<Correction> {
    const full: Correction = { ...correction, id: newId('corr'), at: clock.now() };
    await store.putRecord(CORRECTIONS_COLLECTION, full.id, full);
    return full;
  }

  /** The right skill answers the message again; an answer that is sent also reaches the customer's channel. */
  async function reroute(conversationId: string, messageId: string, skill: string, agent: string): Promise<{ result: TurnResult; correction: Correction } & Delivered> {
    const { message } = await findMessage(conversationId, messageId);
    if (message.role !== 'customer') throw new ConversationActionError('invalid', 'not_a_customer_message', 'only customer messages can be re-routed');
    const result = await deps.engine.reroute({ conversationId, messageId, skill, agent });
    const correction = await record({
      conversationId,
      messageId,
      target: 'route',
      verdict: message.route?.skill === skill ? 'good' : 'wrong',
      text: message.text,
      routedTo: message.route?.skill ?? null,
      label: skill,
      agent,
      via: 'reroute',
    });
    let delivered = false;
    const reply = result.reply;
    if (reply && (reply.status === 'sent' || reply.status === 'busy')) {
      const conversation = await load(conversationId);
      delivered = await deliver(conversation, { id: reply.messageId, kind: 'bot', text: reply.text, offline: reply.offline, attachments: reply.attachments });
    }
    return { result, correction, delivered };
  }

  async function mark(
    conversationId: string,
    messageId: string,
    agent: string,
    input: { target: 'route' | 'answer'; verdict: 'good' | 'wrong'; label?: string },
  ): Promise<Correction> {
    const { messages, index, message } = await findMessage(conversationId, messageId);
    if (input.target === 'route') {
      if (message.role !== 'customer') throw new ConversationActionError('invalid', 'not_a_customer_message', 'routes belong to customer messages');
      return record({
        conversationId,
        messageId,
        target: 'route',
        verdict: input.verdict,
        text: message.text,
        routedTo: message.route?.skill ?? null,
        label: input.label ?? (input.verdict === 'good' ? (message.route?.skill ?? null) : null),
        agent,
        via: 'mark',
      });
    }
    if (message.role !== 'bot') throw new ConversationActionError('invalid', 'not_a_bot_reply', 'answers are bot replies');
    const customer = customerBefore(messages, index, message.replyTo);
    return record({
      conversationId,
      messageId,
      target: 'answer',
      verdict: input.verdict,
      text: customer?.text ?? '',
      routedTo: message.skill,
      label: input.label ?? null,
      answer: message.text,
      agent,
      via: 'mark',
    });
  }

  async function saveDemonstration(conversationId: string, messageId: string, agent: string, skillOverride?: string): Promise<DemonstrationCandidate> {
    const { messages, index, message } = await findMessage(conversationId, messageId);
    let source: DemonstrationCandidate['source'];
    let calls: DemonstrationCandidate['calls'] = [];
    let skill: string | null;
    const customer = customerBefore(messages, index, message.role === 'bot' || message.role === 'agent' ? message.replyTo : undefined);
    if (message.role === 'bot') {
      if (message.draft?.status !== 'approved') throw new ConversationActionError('conflict', 'not_approved', 'only approved drafts and agent replies can be saved as demonstrations');
      source = message.draft.editedBy ? 'edited_draft' : 'approved_draft';
      calls = callsFrom(message.tools);
      skill = message.skill;
    } else if (message.role === 'agent') {
      source = 'agent_reply';
      skill = customer?.route?.skill ?? (await load(conversationId)).activeSkill;
    } else {
      throw new ConversationActionError('invalid', 'not_a_reply', 'only agent replies and approved drafts can be saved as demonstrations');
    }
    skill = skillOverride ?? skill;
    if (!customer) throw new ConversationActionError('conflict', 'no_customer_message', 'there is no customer message before this reply');
    if (!skill) throw new ConversationActionError('invalid', 'skill_required', 'skill: name the skill this demonstration is for');
    const candidate: DemonstrationCandidate = {
      id: newId('demo'),
      conversationId,
      messageId,
      skill,
      customer: customer.text,
      reply: message.text,
      calls,
      source,
      agent,
      at: clock.now(),
    };
    await store.putRecord(DEMO_CANDIDATES_COLLECTION, candidate.id, candidate);
    return candidate;
  }

  /**
   * Erases the conversation everywhere (state, history, queue, linked records) and tells every
   * panel and the customer's open event streams. The store's tombstone makes it final: a turn
   * still running on any process can no longer write into it or bring it back (its next write
   * is refused), so the erasure does not wait for that turn: a customer's erasure request is
   * never held up, or refused as busy, because the model is slow.
   */
  async function erase(conversationId: string): Promise<void> {
    await store.deleteConversation(conversationId);
    publish({ type: 'deleted', conversationId });
  }

  /**
   * An agent approves or declines a change the customer was asked to confirm (a return, a claim,
   * a cancellation). The engine runs it as the conversation's verified customer and audits it with
   * the agent's name; the outcome reaches the customer's channel.
   */
  async function decideProposal(conversationId: string, proposalId: string, decision: 'confirm' | 'decline', agent: string): Promise<{ result: TurnResult } & Delivered> {
    const result = await deps.engine.decideProposal({ conversationId, proposalId, decision, by: { kind: 'agent', agent } });
    let delivered = false;
    const reply = result.reply;
    if (reply) {
      const conversation = await load(conversationId);
      delivered = await deliver(conversation, { id: reply.messageId, kind: 'bot', text: reply.text, offline: false });
    }
    return { result, delivered };
  }

  return { takeOver, handBack, setMode, reply, approveDraft, discardDraft, reroute, mark, saveDemonstration, erase, load, decideProposal };
}

export type ConversationActions = ReturnType<typeof createConversationActions>;

/** The customer message a reply answers: its `replyTo`, else the closest one before it. */
function customerBefore(messages: StoredMessage[], index: number, replyTo: string | undefined): CustomerMessage | undefined {
  if (replyTo) {
    const m = messages.find((x) => x.id === replyTo);
    if (m?.role === 'customer') return m;
  }
  for (let i = index - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'customer') return m;
  }
  return undefined;
}
