import type { Conversation, ConversationFlag, Mode, StoredMessage, ToolCallRecord } from '../core/conversation.js';
import type { BotReply, TurnSink } from '../core/engine.js';
import { ownValue } from '../core/own-keys.js';
import type { RouteDecision } from '../core/route.js';
import { OUT_OF_SCOPE, type ReplyAttachments, type Skill } from '../core/skill.js';
import { escalated } from '../conversations/conversation-control.js';
import { clarifyingQuestion } from './clarify.js';
import { effectiveMode } from './effective-mode.js';
import type { EngineContext } from './engine-context.js';
import { asksForHuman } from './handoff.js';
import { handoffNotice } from './handoff-notice.js';
import { commitReply, type CustomerWrite } from './reply-commit.js';
import { fixedAnswer, runSkill, type Answer, type TurnIdentity } from './skill-runner.js';
import { goneError, sameConversation } from './turn-conversation.js';
import { currentCustomer } from '../core/identity.js';

export type CustomerMessage = Extract<StoredMessage, { role: 'customer' }>;

function lastBotSkill(history: StoredMessage[]): string | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]!;
    if (m.role === 'bot') return m.skill;
  }
  return null;
}

function variantFor(ctx: EngineContext, conversation: Conversation, skill: Skill): string {
  return ownValue(conversation.variants, skill.manifest.id) ?? ctx.deps.assembler.chooseVariant(skill, conversation.id);
}

/**
 * Answers a customer message already stored in history, on the route decided for it: the
 * turn's flags, the effective mode, the skill's answer (or a clarifying question), the
 * decision to escalate, and the commit.
 */
export async function respond(
  ctx: EngineContext,
  input: {
    conversation: Conversation;
    customer: CustomerMessage;
    /** The customer message when it is not stored yet: written by this turn's first conversation write. */
    customerWrite?: CustomerWrite;
    history: StoredMessage[];
    route: RouteDecision;
    sink?: TurnSink;
    /** The text to answer: this turn's own words (the stored copy is masked), or a request continued after verification. */
    text?: string;
    /** Said before the answer (e.g. "Thanks, that's confirmed."). */
    preface?: string;
    /** The customer pressed the channel's "talk to a person" button. */
    requestsHuman?: boolean;
  },
): Promise<{ reply: BotReply | null; mode: Mode; conversation: Conversation; escalated: boolean }> {
  const { store, clock } = ctx;
  const { conversation, customer, history, route, sink } = input;
  const text = input.text ?? customer.text;
  const identity: TurnIdentity = {
    // A signed-in shopper whose identity token has expired reads as unverified until the site sends a fresh one.
    customer: currentCustomer(conversation.customer, clock.now()),
    namedOrders: conversation.namedOrders ?? [],
    focusOrder: conversation.dialogue?.order?.id ?? conversation.customer?.viaOrder ?? null,
  };
  const set = ctx.deps.skills.current();
  const skill = ctx.skillFor(route.skill, set);
  const mode = effectiveMode(conversation, skill);
  // The customer's language for the engine's own words (hand-off notices); a message too short to tell keeps the conversation's.
  const language = ctx.turnLanguage(customer.text, conversation.dialogue?.language);

  const turnFlags: ConversationFlag[] = [];
  const askedForHuman = input.requestsHuman === true || asksForHuman(customer.text);
  if (askedForHuman) turnFlags.push('asked_for_human');
  const unclear = route.method === 'clarify' || route.method === 'fallback' || route.skill === OUT_OF_SCOPE;
  if (route.method !== 'agent' && route.method !== 'sticky' && route.confidence < ctx.opts.lowConfidence) turnFlags.push('low_confidence');
  const repeatedOther = route.skill === OUT_OF_SCOPE && lastBotSkill(history) === OUT_OF_SCOPE;
  if (repeatedOther) turnFlags.push('repeated_other');
  const repeatedLowConfidence = turnFlags.includes('low_confidence') && conversation.unclearStreak >= 1 && unclear;

  if (mode === 'human') {
    // A skill whose default is a person: queue it and say nothing automatic.
    const write = input.customerWrite;
    const updated = await store.updateConversation(
      conversation.id,
      sameConversation(conversation.createdAt, (cur) => escalated(write ? write.update(cur) : cur, turnFlags, clock.now())),
      write ? { append: () => write.message, appendAfter: write.after } : {},
    );
    if (!updated) throw await goneError(store, conversation.id);
    if (write) ctx.publish({ type: 'message', conversationId: conversation.id, message: write.message });
    ctx.publish({ type: 'conversation', conversation: updated });
    // Silence is only honest while someone can answer: otherwise the customer is told so, with the store's contacts.
    const notice = await handoffNotice(ctx, language);
    if (notice.state === 'agents_online') return { reply: null, mode, conversation: updated, escalated: true };
    const committed = await commitReply(ctx, {
      conversationId: conversation.id,
      createdAt: conversation.createdAt,
      replyTo: customer.id,
      route,
      skill,
      variant: variantFor(ctx, conversation, skill),
      mode: 'auto',
      answer: fixedAnswer(notice.text, { attachments: { handoff: notice.state } }),
      turnFlags,
      escalate: true,
      unclear,
      sink,
    });
    if (committed.reply.status === 'sent') sink?.onDelta?.(notice.text);
    return { reply: committed.reply, mode: committed.reply.status === 'silent' ? 'human' : mode, conversation: committed.conversation, escalated: true };
  }

  const variant = variantFor(ctx, conversation, skill);
  let a: Answer;
  if (route.clarify) {
    a = fixedAnswer(clarifyingQuestion(set, route, ctx.deps.locales.get(language)));
    if (mode === 'auto') sink?.onDelta?.(a.text);
  } else if (askedForHuman && route.skill === OUT_OF_SCOPE) {
    // A request for a person and nothing else to answer: the hand-off notice is the whole reply
    // (no skill guessing at what the customer meant), in their language, drafts included.
    const notice = await handoffNotice(ctx, language);
    a = fixedAnswer(notice.text, { attachments: { offerHuman: true, handoff: notice.state } });
    if (mode === 'auto') sink?.onDelta?.(a.text);
  } else {
    if (input.preface && mode === 'auto') sink?.onDelta?.(`${input.preface}\n\n`);
    a = await runSkill(ctx, { conversation, skill, variant, text, history, stream: mode === 'auto', sink, identity });
    if (input.preface) a = { ...a, text: `${input.preface}\n\n${a.text}` };
  }
  const escalate = askedForHuman || repeatedOther || repeatedLowConfidence || a.flags.includes('guard_triggered');
  const committed = await commitReply(ctx, {
    conversationId: conversation.id,
    createdAt: conversation.createdAt,
    replyTo: customer.id,
    route,
    skill,
    variant,
    mode,
    answer: a,
    turnFlags,
    escalate,
    unclear,
    sink,
    language,
    pendingRequest: ctx.maskText(text),
    ...(input.customerWrite ? { customer: input.customerWrite } : {}),
  });
  return { reply: committed.reply, mode: committed.reply.status === 'silent' ? 'human' : mode, conversation: committed.conversation, escalated: escalate };
}

/** A reply the engine composes itself (verification, a confirmed action): committed like any answer. */
export async function fixedReply(
  ctx: EngineContext,
  input: {
    conversation: Conversation;
    customer: CustomerMessage;
    route: RouteDecision;
    text: string;
    sink?: TurnSink;
    flags?: ConversationFlag[];
    escalate?: boolean;
    attachments?: ReplyAttachments;
    tools?: ToolCallRecord[];
  },
): Promise<{ reply: BotReply; mode: Mode }> {
  const skill = ctx.skillFor(input.route.skill);
  const mode = effectiveMode(input.conversation, skill);
  const variant = variantFor(ctx, input.conversation, skill);
  if (mode === 'auto') input.sink?.onDelta?.(input.text);
  const committed = await commitReply(ctx, {
    conversationId: input.conversation.id,
    createdAt: input.conversation.createdAt,
    replyTo: input.customer.id,
    route: input.route,
    skill,
    variant,
    mode: mode === 'human' ? 'assist' : mode,
    answer: fixedAnswer(input.text, { tools: input.tools ?? [], flags: input.flags ?? [], ...(input.attachments ? { attachments: input.attachments } : {}) }),
    turnFlags: input.flags ?? [],
    escalate: input.escalate ?? false,
    unclear: false,
    sink: input.sink,
  });
  const reply = input.escalate ? { ...committed.reply, attachments: { ...committed.reply.attachments, offerHuman: true } } : committed.reply;
  return { reply, mode: committed.reply.status === 'silent' ? 'human' : mode };
}
