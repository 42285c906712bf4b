import type { Clock } from '../core/clock.js';
import type { Commerce } from '../core/commerce.js';
import {
  type Conversation,
  type ConversationFlag,
  type InboundMessage,
  type Mode,
  type StoredMessage,
  type ToolCallRecord,
  type TurnCost,
} from '../core/conversation.js';
import type { BotReply, Engine, TurnObserver, TurnResult, TurnSink } from '../core/engine.js';
import { HttpError, ModelUnavailableError, ProposalNotFoundError } from '../core/errors.js';
import { TOPICS, type ConversationEvent } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { ModelClient, Usage } from '../core/model.js';
import type { RouteDecision, Router } from '../core/route.js';
import type {
  AnswerCorrection,
  AnswerGuard,
  OfflineResponder,
  PromptAssembler,
  ReplyAttachments,
  Skill,
  SkillSource,
  ToolRegistry,
} from '../core/skill.js';
import { OUT_OF_SCOPE } from '../core/skill.js';
import { ESCALATION_QUEUE, type EventBus, type Store } from '../core/store.js';
import { answerOnce } from './answer-once.js';
import { clarifyingQuestion } from './clarify.js';
import { replayDuplicate, replyTo } from './duplicate-replay.js';
import { effectiveMode } from './effective-mode.js';
import { asksForHuman } from './handoff.js';
import { newId } from '../core/ids.js';
import { answerWithModel, emptyUsage, type ToolExecutor } from './model-answer.js';
import { productsMentioned } from './reply-products.js';
import type { ProposedAction } from '../core/actions.js';
import type { VerifiedCustomer } from '../core/identity.js';
import { identifiersIn } from '../commerce/order-ids.js';
import { fillTemplate, type LocalePacks } from '../locale/locale-packs.js';
import { maskPii } from '../privacy/pii.js';
import { collectEffects } from './turn-effects.js';
import { identityStep, type VerificationLimits } from './identity-step.js';
import { PROPOSAL_MAX_AGE_MS, proposalAttachment, proposalDecision, renderActionResult } from './proposal-step.js';
import { confirmedActionRecord, runProposal } from './action-runner.js';
import { conversationForTurn, goneError, sameConversation } from './turn-conversation.js';
import { ownValue } from '../core/own-keys.js';
import type { DialogueState } from '../core/dialogue-state.js';
import { dialogueAfterTools } from '../offline/dialogue-tools.js';


export interface EngineOptions {
  /** Stored messages loaded as conversation history for routing and prompts. */
  historyForPrompt: number;
  /** The conversation lock's lease: a dead holder blocks the conversation this long at most (renewed while a turn runs). */
  lockTtlMs: number;
  lockWaitMs: number;
  /** Longest a turn may hold the conversation lock (a hung turn must not hold it forever); default turnTimeoutMs + 60 s. */
  lockMaxHoldMs?: number;
  dedupeTtlSeconds: number;
  /** Hard bound on one turn's model work; past it the offline responder answers. */
  turnTimeoutMs: number;
  /** Below this confidence a routed turn is flagged low_confidence for agents. */
  lowConfidence: number;
}

export const defaultEngineOptions: EngineOptions = {
  historyForPrompt: 20,
  lockTtlMs: 5_000,
  lockWaitMs: 30_000,
  dedupeTtlSeconds: 24 * 3600,
  turnTimeoutMs: 60_000,
  lowConfidence: 0.5,
};

export interface EngineDeps {
  store: Store;
  bus: EventBus;
  skills: SkillSource;
  router: Router;
  model: ModelClient | null;
  assembler: PromptAssembler;
  tools: ToolRegistry;
  runTool: ToolExecutor;
  commerce: Commerce;
  offline: OfflineResponder;
  guard?: AnswerGuard | null;
  /** USD for a usage record (src/model/price-table.ts). */
  price: (usage: Usage) => number;
  observer?: TurnObserver;
  logger: Logger;
  clock: Clock;
  /** Language resources: confirmation words and the engine's own replies. */
  locales: LocalePacks;
  /** Limits on guest verification attempts (per conversation and per client). */
  verification: VerificationLimits;
  /** How long audit entries of executed actions are kept. */
  auditRetentionSeconds?: number;
  options?: Partial<EngineOptions>;
}

/** What a skill produced for one turn, before it is stored and delivered. */
interface Answer {
  text: string;
  offline: boolean;
  tools: ToolCallRecord[];
  cost: TurnCost;
  flags: ConversationFlag[];
  attachments?: ReplyAttachments;
  /** The model's queue was full: the offline answer went out with a busy note. */
  busy?: boolean;
  /** A write a tool proposed in the attempt whose reply this is (committed with it, or dropped with it). */
  proposal?: ProposedAction | null;
  /** A tool needed a verified customer; the reply asks for the e-mail on this order. */
  verification?: { orderId: string | null } | null;
  /** The dialogue state this answer leaves (items shown, order in focus, language): saved in the commit. */
  dialogue?: DialogueState;
}

/** The per-turn identity the tools see: set by code from the conversation, never by the model. */
interface TurnIdentity {
  customer: VerifiedCustomer | null;
  namedOrders: readonly string[];
}

/** Bound on the order numbers remembered per conversation. */
const MAX_NAMED_ORDERS = 10;

const BUSY_NOTE = "We're very busy right now, so here is a quick answer; ask again in a minute for a fuller one.";
const HANDOFF_NOTE = "I've asked a member of our support team to join this chat; they'll reply here shortly.";

export function createEngine(deps: EngineDeps): Engine {
  const opts: EngineOptions = { ...defaultEngineOptions, ...deps.options };
  const { store, bus, logger, clock } = deps;

  function publish(event: ConversationEvent): void {
    bus.publish(TOPICS.conversations, event).catch((err: unknown) => logger.warn({ err }, 'event publish failed'));
  }

  /** The transcript's copy of customer text: e-mail, card and phone numbers masked, order numbers kept. */
  function maskText(text: string): string {
    const orderShape = deps.commerce.storeInfo().identifiers.order;
    return maskPii(text, (candidate) => identifiersIn(candidate, orderShape).length > 0);
  }

  const lock = { ttlMs: opts.lockTtlMs, waitMs: opts.lockWaitMs, maxHoldMs: opts.lockMaxHoldMs ?? opts.turnTimeoutMs + 60_000 };

  function previousTurn(history: StoredMessage[]): { customer: string; bot?: string } | undefined {
    for (let i = history.length - 1; i >= 0; i--) {
      const m = history[i]!;
      if (m.role !== 'customer') continue;
      const reply = history.slice(i + 1).find((r) => r.role === 'bot' || r.role === 'agent');
      return { customer: m.text, bot: reply?.text };
    }
    return undefined;
  }

  function lastBotSkill(history: StoredMessage[]): string | null {
    for (let i = history.length - 1; i >= 0; i--) {
      const m = history[i]!;
      if (m.role === 'bot') return m.skill;
    }
    return null;
  }

  async function offlineAnswer(
    skill: Skill,
    text: string,
    history: StoredMessage[],
    conversationId: string,
    identity: TurnIdentity,
    dialogue: DialogueState | undefined,
    language: string | null,
  ): Promise<Pick<Answer, 'text' | 'tools' | 'attachments' | 'proposal' | 'verification' | 'dialogue'> & { unavailable: boolean }> {
    const effects = collectEffects(skill.manifest.id, () => clock.now());
    const a = await deps.offline.respond({ skill, text, history, conversationId, context: { ...identity, effects }, dialogue, language });
    const proposal = effects.proposal();
    return {
      text: a.text,
      tools: a.tools,
      attachments: a.attachments,
      proposal,
      verification: effects.verification(),
      unavailable: effects.unavailable(),
      dialogue: a.dialogue ? { ...a.dialogue, ...(proposal ? { proposalId: proposal.id } : {}) } : await dialogueAfterTools({ previous: dialogue, tools: a.tools, commerce: deps.commerce, skill: skill.manifest.id, language, proposalId: proposal?.id }),
    };
  }

  /** Runs the skill: model (with tools and the guard) when available, else the offline responder. */
  async function answer(input: {
    conversation: Conversation;
    skill: Skill;
    variant: string;
    text: string;
    history: StoredMessage[];
    stream: boolean;
    sink?: TurnSink;
    identity: TurnIdentity;
  }): Promise<Answer> {
    const { skill, variant, text, history, conversation, identity } = input;
    const flags: ConversationFlag[] = [];
    const progress = { usage: emptyUsage(), modelCalls: 0, tools: [] as ToolCallRecord[] };
    let streamed = false;
    const onDelta = input.stream
      ? (chunk: string) => {
          streamed = true;
          input.sink?.onDelta?.(chunk);
        }
      : undefined;
    const reset = () => {
      if (streamed) input.sink?.onReset?.();
      streamed = false;
    };
    const cost = (): TurnCost => ({ usage: progress.usage, cost: deps.price(progress.usage), modelCalls: progress.modelCalls });
    let busy = false;
    // The customer's language, per message; a message too short to tell keeps the conversation's.
    const language = deps.locales.detect(text) ?? conversation.dialogue?.language ?? null;

    if (deps.model) {
      const deadline = AbortSignal.timeout(opts.turnTimeoutMs);
      try {
        let correction: AnswerCorrection | undefined;
        for (let attempt = 0; attempt < 2; attempt++) {
          const prompt = await deps.assembler.build({
            skill,
            variant,
            text,
            history,
            conversationId: conversation.id,
            correction,
            customer: identity.customer,
            // The default language needs no note (the prompts are written in it).
            language: language && language !== deps.locales.defaultLanguage ? { code: language, name: deps.locales.get(language).name } : null,
          });
          // A fresh collector per attempt: a draft the guard rejects leaves no proposal behind.
          const effects = collectEffects(skill.manifest.id, () => clock.now());
          const result = await answerWithModel({
            model: deps.model,
            skill,
            variant,
            messages: prompt.messages,
            tools: deps.tools,
            runTool: deps.runTool,
            toolContext: { conversationId: conversation.id, commerce: deps.commerce, ...identity, effects },
            onDelta,
            signal: deadline,
            progress,
          });
          const verdict = deps.guard ? await deps.guard.check({ skill, reply: result.text, tools: result.tools, prompt, customer: identity.customer }) : { ok: true, problems: [] };
          if (verdict.ok && result.text.length > 0) {
            const products = productsMentioned(result.text, result.tools);
            const proposal = effects.proposal();
            // The order system did not answer: the customer gets a person on offer whatever the model wrote.
            const unavailable = effects.unavailable();
            if (unavailable) flags.push('commerce_unavailable');
            return {
              text: result.text,
              offline: false,
              tools: progress.tools,
              cost: cost(),
              flags,
              attachments:
                products.length || proposal || unavailable
                  ? { ...(products.length ? { products } : {}), ...(proposal ? { proposal: proposalAttachment(proposal) } : {}), ...(unavailable ? { offerHuman: true } : {}) }
                  : undefined,
              proposal,
              verification: effects.verification(),
              dialogue: await dialogueAfterTools({ previous: conversation.dialogue, tools: result.tools, commerce: deps.commerce, skill: skill.manifest.id, language, proposalId: proposal?.id, shown: products }),
            };
          }
          if (!verdict.ok) {
            if (!flags.includes('guard_triggered')) flags.push('guard_triggered');
            logger.warn({ conversationId: conversation.id, skill: skill.manifest.id, problems: verdict.problems, kind: verdict.kind }, 'guard rejected a reply');
            // Codes only: the guard's findings quote the draft, which can quote the customer (logged above instead).
            correction = { problems: [verdict.kind ?? 'grounding'] };
          } else {
            correction = { problems: ['empty'] };
          }
          reset();
        }
      } catch (err) {
        if (!(err instanceof ModelUnavailableError) && !deadline.aborted) throw err;
        const kind = err instanceof ModelUnavailableError ? err.kind : 'timeout';
        busy = kind === 'busy';
        logger.warn({ conversationId: conversation.id, skill: skill.manifest.id, kind, err: (err as Error).message }, 'model unavailable, answering offline');
      }
      reset();
    }

    const offline = await offlineAnswer(skill, text, history, conversation.id, identity, conversation.dialogue, language);
    // An order tool needed a verified customer: the question for the e-mail comes from the locale pack.
    const pack = deps.locales.get(language);
    // The order system did not answer: say so plainly and offer a person, whatever the handler made of the gap.
    const offlineText = offline.unavailable
      ? pack.replies.commerce_unavailable
      : offline.verification
        ? fillTemplate(offline.verification.orderId ? pack.replies.verify_ask : pack.replies.verify_ask_any, { order: offline.verification.orderId ?? '' })
        : offline.text;
    if (offline.unavailable) flags.push('commerce_unavailable');
    const replyText = busy ? `${BUSY_NOTE}\n\n${offlineText}` : offlineText;
    onDelta?.(replyText);
    flags.push('offline_reply');
    return {
      text: replyText,
      busy,
      offline: true,
      tools: [...progress.tools, ...offline.tools],
      cost: cost(),
      flags,
      attachments: offline.unavailable
        ? { offerHuman: true }
        : offline.proposal
          ? { ...offline.attachments, proposal: proposalAttachment(offline.proposal) }
          : offline.attachments,
      proposal: offline.unavailable ? null : offline.proposal,
      verification: offline.verification,
      dialogue: offline.dialogue,
    };
  }

  /**
   * Stores the bot's answer and updates the conversation in one compare-and-set, so a
   * take-over that lands while the model was writing wins: the answer is kept for the
   * agents (discarded draft) but never reaches the customer.
   */
  async function commit(input: {
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
  }): Promise<{ reply: BotReply; conversation: Conversation }> {
    const { answer: a, skill } = input;
    const now = clock.now();
    const flags = [...new Set([...input.turnFlags, ...a.flags])];
    // Read back after the compare-and-set below, which may silence the reply.
    const intended: BotReply['status'] = input.mode === 'assist' ? 'draft' : a.busy ? 'busy' : 'sent';
    const toCustomer = intended === 'sent' || intended === 'busy';
    const outcome: { status: BotReply['status'] } = { status: intended };
    let text = a.text;
    if (input.escalate && flags.includes('asked_for_human') && toCustomer) {
      text = `${text}\n\n${HANDOFF_NOTE}`;
      input.sink?.onDelta?.(`\n\n${HANDOFF_NOTE}`);
    }
    const updated = await store.updateConversation(input.conversationId, sameConversation(input.createdAt, (cur) => {
      // Drafts never reach the customer by themselves, so only a reply about to be sent is silenced.
      outcome.status = cur.mode === 'human' && toCustomer ? 'silent' : intended;
      const waiting = input.escalate || cur.waitingSince !== undefined;
      return {
        ...cur,
        updatedAt: now,
        activeSkill: skill.manifest.id,
        variants: { ...cur.variants, [skill.manifest.id]: input.variant },
        unclearStreak: input.unclear ? cur.unclearStreak + 1 : 0,
        flags: [...new Set([...flags, ...(waiting ? (['escalated'] as const) : [])])],
        waitingSince: waiting ? (cur.waitingSince ?? now) : undefined,
        lastMessage: outcome.status === 'sent' || outcome.status === 'busy' ? { role: 'bot', text, at: now } : cur.lastMessage,
        // The one place the turn's dialogue state is attached (src/core/dialogue-state.ts).
        ...(a.dialogue ? { dialogue: a.dialogue } : {}),
        // A proposal lives for exactly the next customer message; a draft the customer never sees proposes nothing.
        proposal: a.proposal && outcome.status !== 'silent' ? a.proposal : undefined,
        verification:
          a.verification && !cur.customer
            ? { orderId: a.verification.orderId, request: input.pendingRequest ?? '', skill: skill.manifest.id, askedAt: now }
            : cur.customer
              ? undefined
              : cur.verification,
      };
    }));
    if (!updated) throw await goneError(store, input.conversationId);
    const { status } = outcome;
    if (status === 'silent') input.sink?.onReset?.();

    const message: StoredMessage = {
      id: newId('m'),
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
      ...(status === 'draft' ? { draft: { status: 'pending' as const } } : {}),
      ...(status === 'silent' ? { draft: { status: 'discarded' as const } } : {}),
    };
    await store.appendMessage(input.conversationId, message);
    if (updated.waitingSince !== undefined) await store.zAdd(ESCALATION_QUEUE, updated.id, updated.waitingSince);
    publish({ type: 'message', conversationId: input.conversationId, message });
    publish({ type: 'conversation', conversation: updated });
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
        attachments:
          (input.escalate && flags.includes('asked_for_human')) || input.route.method === 'fallback'
            ? { ...a.attachments, offerHuman: true }
            : a.attachments,
      },
    };
  }

  /** Routing decision, answer and commit for one customer message already stored in history. */
  async function respond(input: {
    conversation: Conversation;
    customer: Extract<StoredMessage, { role: 'customer' }>;
    history: StoredMessage[];
    route: RouteDecision;
    sink?: TurnSink;
    /** The text to answer: this turn's own words (the stored copy is masked), or a request continued after verification. */
    text?: string;
    /** Said before the answer (e.g. "Thanks, that's confirmed."). */
    preface?: string;
  }): Promise<{ reply: BotReply | null; mode: Mode; conversation: Conversation; escalated: boolean }> {
    const { conversation, customer, history, route, sink } = input;
    const text = input.text ?? customer.text;
    const identity: TurnIdentity = { customer: conversation.customer ?? null, namedOrders: conversation.namedOrders ?? [] };
    const set = deps.skills.current();
    const skill = set.skills.get(route.skill) ?? set.skills.get(OUT_OF_SCOPE);
    if (!skill) throw new Error(`no skill "${route.skill}" and no "${OUT_OF_SCOPE}" skill loaded`);
    const mode = effectiveMode(conversation, skill);

    const turnFlags: ConversationFlag[] = [];
    const askedForHuman = asksForHuman(customer.text);
    if (askedForHuman) turnFlags.push('asked_for_human');
    const unclear = route.method === 'clarify' || route.method === 'fallback' || route.skill === OUT_OF_SCOPE;
    if (route.method !== 'agent' && route.method !== 'sticky' && route.confidence < opts.lowConfidence) turnFlags.push('low_confidence');
    const repeatedOther = route.skill === OUT_OF_SCOPE && lastBotSkill(history) === OUT_OF_SCOPE;
    if (repeatedOther) turnFlags.push('repeated_other');
    const repeatedLowConfidence = turnFlags.includes('low_confidence') && conversation.unclearStreak >= 1 && unclear;

    if (mode === 'human') {
      // A skill whose default is a person: queue it and say nothing automatic.
      const updated = await store.updateConversation(
        conversation.id,
        sameConversation(conversation.createdAt, (cur) => ({
          ...cur,
          flags: [...new Set([...cur.flags, ...turnFlags, 'escalated' as const])],
          waitingSince: cur.waitingSince ?? clock.now(),
        })),
      );
      if (!updated) throw await goneError(store, conversation.id);
      if (updated.waitingSince !== undefined) await store.zAdd(ESCALATION_QUEUE, updated.id, updated.waitingSince);
      publish({ type: 'conversation', conversation: updated });
      return { reply: null, mode, conversation: updated, escalated: true };
    }

    const variant = ownValue(conversation.variants, skill.manifest.id) ?? deps.assembler.chooseVariant(skill, conversation.id);
    let a: Answer;
    if (route.clarify) {
      a = {
        text: clarifyingQuestion(set, route),
        offline: false,
        tools: [],
        cost: { usage: emptyUsage(), cost: 0, modelCalls: 0 },
        flags: [],
      };
      if (mode === 'auto') sink?.onDelta?.(a.text);
    } else {
      if (input.preface && mode === 'auto') sink?.onDelta?.(`${input.preface}\n\n`);
      a = await answer({ conversation, skill, variant, text, history, stream: mode === 'auto', sink, identity });
      if (input.preface) a = { ...a, text: `${input.preface}\n\n${a.text}` };
    }
    const escalate = askedForHuman || repeatedOther || repeatedLowConfidence || a.flags.includes('guard_triggered');
    const committed = await commit({
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
      pendingRequest: maskText(text),
    });
    return { reply: committed.reply, mode: committed.reply.status === 'silent' ? 'human' : mode, conversation: committed.conversation, escalated: escalate };
  }

  /** The conversation's remembered order numbers plus this message's, newest last, capped. */
  function withNamedOrders(cur: Conversation, found: readonly string[]): string[] | undefined {
    if (found.length === 0) return cur.namedOrders;
    const kept = (cur.namedOrders ?? []).filter((o) => !found.includes(o));
    return [...kept, ...found].slice(-MAX_NAMED_ORDERS);
  }

  /** A reply the engine composes itself (verification, a confirmed action): committed like any answer. */
  async function fixedReply(input: {
    conversation: Conversation;
    customer: Extract<StoredMessage, { role: 'customer' }>;
    route: RouteDecision;
    text: string;
    sink?: TurnSink;
    flags?: ConversationFlag[];
    escalate?: boolean;
    attachments?: ReplyAttachments;
    tools?: ToolCallRecord[];
  }): Promise<{ reply: BotReply; mode: Mode }> {
    const set = deps.skills.current();
    const skill = set.skills.get(input.route.skill) ?? set.skills.get(OUT_OF_SCOPE);
    if (!skill) throw new Error(`no skill "${input.route.skill}" and no "${OUT_OF_SCOPE}" skill loaded`);
    const mode = effectiveMode(input.conversation, skill);
    const variant = ownValue(input.conversation.variants, skill.manifest.id) ?? deps.assembler.chooseVariant(skill, input.conversation.id);
    if (mode === 'auto') input.sink?.onDelta?.(input.text);
    const committed = await commit({
      conversationId: input.conversation.id,
      createdAt: input.conversation.createdAt,
      replyTo: input.customer.id,
      route: input.route,
      skill,
      variant,
      mode: mode === 'human' ? 'assist' : mode,
      answer: {
        text: input.text,
        offline: false,
        tools: input.tools ?? [],
        cost: { usage: emptyUsage(), cost: 0, modelCalls: 0 },
        flags: input.flags ?? [],
        ...(input.attachments ? { attachments: input.attachments } : {}),
      },
      turnFlags: input.flags ?? [],
      escalate: input.escalate ?? false,
      unclear: false,
      sink: input.sink,
    });
    const reply = input.escalate ? { ...committed.reply, attachments: { ...committed.reply.attachments, offerHuman: true } } : committed.reply;
    return { reply, mode: committed.reply.status === 'silent' ? 'human' : mode };
  }

  async function turn(msg: InboundMessage, sink?: TurnSink): Promise<TurnResult> {
    const started = clock.now();
    const conversation = await conversationForTurn(store, msg, msg.receivedAt ?? started);
    const loaded = await store.getMessages(conversation.id, { limit: opts.historyForPrompt });
    // Answered already: the process that answered died before it could mark the message done.
    if (replyTo(loaded, msg.id)) return replayDuplicate(store, msg);
    // A resend of a turn that was cut after its message was stored (store outage): keep one copy,
    // and do not treat the earlier copy as the previous turn.
    const resent = loaded.some((m) => m.role === 'customer' && m.id === msg.id);
    const history = resent ? loaded.filter((m) => !(m.role === 'customer' && m.id === msg.id)) : loaded;
    const storeCustomer = (m: StoredMessage) =>
      resent ? store.replaceMessage(conversation.id, m).then(() => undefined) : store.appendMessage(conversation.id, m);
    const ordersInMessage = identifiersIn(msg.text, deps.commerce.storeInfo().identifiers.order);
    // The transcript keeps no e-mail, card or phone number as typed; this turn still reads the words themselves.
    const customer: Extract<StoredMessage, { role: 'customer' }> = {
      id: msg.id,
      role: 'customer',
      text: maskText(msg.text),
      at: msg.receivedAt ?? started,
    };
    const observe = (route: RouteDecision | null, reply: BotReply | null, handoff = false) =>
      deps.observer?.onTurn({
        channel: msg.channel,
        conversationId: conversation.id,
        messageId: customer.id,
        ...(route ? { confidence: route.confidence } : {}),
        handoff,
        skill: reply?.skill ?? route?.skill ?? null,
        variant: reply?.variant,
        method: route?.method ?? null,
        offline: reply?.offline ?? false,
        status: reply?.status ?? 'human',
        durationMs: clock.now() - started,
        cost: reply?.cost,
        flags: reply?.flags ?? [],
      });
    /**
     * Stores the customer's message and this turn's conversation changes in one update, on the
     * conversation the turn started on only.
     */
    const recordCustomer = async (patch: (cur: Conversation) => Partial<Conversation> = () => ({})): Promise<Conversation> => {
      await storeCustomer(customer);
      const updated = await store.updateConversation(
        conversation.id,
        sameConversation(conversation.createdAt, (cur) => ({
          ...cur,
          ...patch(cur),
          updatedAt: customer.at,
          namedOrders: withNamedOrders(cur, ordersInMessage),
          lastMessage: { role: 'customer', text: customer.text, at: customer.at },
        })),
      );
      // Erased (or gone) since the turn started: no model call for a conversation that no longer exists.
      if (!updated) throw await goneError(store, conversation.id);
      publish({ type: 'message', conversationId: conversation.id, message: customer });
      return updated;
    };

    if (conversation.mode === 'human') {
      // Stored already (an agent owns the conversation, so no reply is missing): nothing more to do.
      if (resent) return replayDuplicate(store, msg);
      publish({ type: 'conversation', conversation: await recordCustomer() });
      observe(null, null);
      return { conversationId: conversation.id, duplicate: false, route: null, reply: null, mode: 'human' };
    }

    // Who the customer is and what a pending proposal means are decided here, in code, before any routing.
    const pack = deps.locales.get(null);
    const identity = await identityStep({
      conversation,
      text: msg.text,
      ordersInMessage,
      clientKey: msg.clientKey,
      commerce: deps.commerce,
      limits: deps.verification,
    });
    if (identity.kind === 'unavailable') {
      // The check could not be made: nothing is counted against the customer, the request stays pending.
      const route: RouteDecision = {
        skill: conversation.verification?.skill ?? conversation.activeSkill ?? OUT_OF_SCOPE,
        confidence: 1,
        method: 'sticky',
        reason: { note: 'order verification: the order system did not answer' },
      };
      customer.route = route;
      sink?.onRoute?.(route);
      const after = await recordCustomer();
      const result = await fixedReply({
        conversation: after,
        customer,
        route,
        text: pack.replies.commerce_unavailable,
        sink,
        flags: ['commerce_unavailable'],
        attachments: { offerHuman: true },
      });
      observe(route, result.reply);
      return { conversationId: conversation.id, duplicate: false, route, reply: result.reply, mode: result.mode };
    }
    if (identity.kind === 'failed' || identity.kind === 'locked') {
      const locked = identity.kind === 'locked';
      const route: RouteDecision = {
        skill: conversation.verification?.skill ?? conversation.activeSkill ?? OUT_OF_SCOPE,
        confidence: 1,
        method: 'sticky',
        reason: { note: locked ? 'order verification: too many attempts' : 'order verification failed' },
      };
      customer.route = route;
      sink?.onRoute?.(route);
      const after = await recordCustomer();
      const result = await fixedReply({
        conversation: after,
        customer,
        route,
        text: locked ? pack.replies.verify_locked : pack.replies.verify_failed,
        sink,
        ...(locked ? { flags: ['verification_failed' as const, 'asked_for_human' as const], escalate: true } : {}),
      });
      observe(route, result.reply, locked);
      return { conversationId: conversation.id, duplicate: false, route, reply: result.reply, mode: result.mode };
    }

    let text = msg.text;
    let preface: string | undefined;
    let forced: RouteDecision | null = null;
    let patch: (cur: Conversation) => Partial<Conversation> = () => ({});
    if (identity.kind === 'verified') {
      const pending = conversation.verification;
      preface = pack.replies.verified;
      if (pending && pending.request.trim()) {
        text = pending.request;
        forced = { skill: pending.skill, confidence: 1, method: 'sticky', reason: { note: 'continuing the request that needed verification' } };
      }
      patch = (cur) => ({ customer: cur.customer ?? identity.customer, verification: undefined, proposal: undefined });
    } else if (conversation.proposal) {
      const proposal = conversation.proposal;
      const decision = proposalDecision(proposal, msg.text, deps.locales, clock.now());
      if (decision.kind !== 'other' && conversation.customer) {
        const route: RouteDecision = { skill: proposal.skill, confidence: 1, method: 'sticky', reason: { note: `reply to a pending ${proposal.kind} proposal: ${decision.kind}` } };
        customer.route = route;
        sink?.onRoute?.(route);
        const afterProposal = await recordCustomer(() => ({ proposal: undefined }));
        const answerPack = deps.locales.get(decision.language);
        let replyText: string;
        let failed = false;
        let tools: ToolCallRecord[] = [];
        if (decision.kind === 'confirm') {
          const ranAt = performance.now();
          const result = await runProposal({
            proposal,
            customer: conversation.customer,
            commerce: deps.commerce,
            store,
            clock,
            conversationId: conversation.id,
            confirmedBy: { kind: 'customer_message' },
            retentionSeconds: deps.auditRetentionSeconds,
          });
          tools = [confirmedActionRecord(proposal, result, performance.now() - ranAt)];
          replyText = renderActionResult(result, answerPack);
          failed = result.outcome === 'failed';
        } else {
          replyText = decision.kind === 'expired' ? answerPack.replies.proposal_expired : answerPack.replies.proposal_declined;
        }
        // An action that could not run (order system down) leaves a person on offer.
        const result = await fixedReply({ conversation: afterProposal, customer, route, text: replyText, sink, tools, ...(failed ? { attachments: { offerHuman: true } } : {}) });
        observe(route, result.reply);
        return { conversationId: conversation.id, duplicate: false, route, reply: result.reply, mode: result.mode };
      }
      // Anything else lets the proposal lapse: it is never run on a later, unrelated "yes".
      patch = () => ({ proposal: undefined });
    }

    // A follow-up pointing back at what the dialogue state holds stays with the skill that showed it.
    const followUpLanguage = deps.locales.detect(text) ?? conversation.dialogue?.language ?? null;
    if (!forced && conversation.activeSkill && deps.offline.pointsBack?.({ text, dialogue: conversation.dialogue, language: followUpLanguage })) {
      forced = { skill: conversation.activeSkill, confidence: 1, method: 'sticky', reason: { note: 'a follow-up pointing back at what the conversation showed' } };
    }
    const route =
      forced ??
      (await deps.router.route(text, {
        activeSkill: conversation.activeSkill,
        previousTurn: previousTurn(history),
        unclearStreak: conversation.unclearStreak,
      }));
    customer.route = route;
    sink?.onRoute?.(route);
    const after = await recordCustomer(patch);

    const result = await respond({ conversation: after, customer, history, route, sink, text, preface });
    observe(route, result.reply, result.escalated);
    return { conversationId: conversation.id, duplicate: false, route, reply: result.reply, mode: result.mode };
  }

  return {
    handle(msg, sink) {
      return answerOnce(
        store,
        msg,
        { lock, dedupeTtlSeconds: opts.dedupeTtlSeconds },
        () => turn(msg, sink),
        () => replayDuplicate(store, msg),
      );
    },

    async decideProposal({ conversationId, proposalId, decision, by }) {
      return store.withLock(
        `conv:${conversationId}`,
        async () => {
          const conversation = await store.getConversation(conversationId);
          if (!conversation) throw await goneError(store, conversationId);
          const proposal = conversation.proposal;
          if (!proposal || proposal.id !== proposalId || !conversation.customer) throw new ProposalNotFoundError(proposalId);
          const customer = conversation.customer;
          // Claimed first, in one compare-and-set: a second press, or a "yes" racing the button, finds nothing to run.
          let claimed = false;
          await store.updateConversation(conversationId, (cur) => {
            claimed = cur.proposal?.id === proposalId;
            return claimed ? { ...cur, proposal: undefined } : null;
          });
          if (!claimed) throw new ProposalNotFoundError(proposalId);
          const pack = deps.locales.get(null);
          const expired = decision === 'confirm' && clock.now() - proposal.proposedAt > PROPOSAL_MAX_AGE_MS;
          let text: string;
          const tools: ToolCallRecord[] = [];
          if (decision === 'confirm' && !expired) {
            const ranAt = performance.now();
            const result = await runProposal({ proposal, customer, commerce: deps.commerce, store, clock, conversationId, confirmedBy: by, retentionSeconds: deps.auditRetentionSeconds });
            tools.push(confirmedActionRecord(proposal, result, performance.now() - ranAt));
            text = renderActionResult(result, pack);
          } else {
            text = expired ? pack.replies.proposal_expired : pack.replies.proposal_declined;
          }
          const now = clock.now();
          const message: StoredMessage = { id: newId('m'), role: 'bot', text, at: now, skill: proposal.skill, offline: false, tools, flags: [] };
          await store.appendMessage(conversationId, message);
          const updated = await store.updateConversation(conversationId, (cur) => ({ ...cur, updatedAt: now, lastMessage: { role: 'bot', text, at: now } }));
          publish({ type: 'message', conversationId, message });
          if (updated) publish({ type: 'conversation', conversation: updated });
          return {
            conversationId,
            duplicate: false,
            route: null,
            reply: { messageId: message.id, text, offline: false, skill: proposal.skill, status: 'sent', tools, flags: [] },
            mode: updated?.mode ?? conversation.mode,
          };
        },
        lock,
      );
    },

    async reroute({ conversationId, messageId, skill: skillId, agent }) {
      const set = deps.skills.current();
      if (!set.skills.has(skillId)) throw new HttpError(400, 'unknown_skill', `no skill "${skillId}"`);
      return store.withLock(
        `conv:${conversationId}`,
        async () => {
          const conversation = await store.getConversation(conversationId);
          if (!conversation) throw await goneError(store, conversationId);
          const all = await store.getMessages(conversationId);
          const index = all.findIndex((m) => m.id === messageId && m.role === 'customer');
          const found = all[index];
          if (!found || found.role !== 'customer') {
            throw new HttpError(404, 'message_not_found', `no customer message "${messageId}" in this conversation`);
          }
          const history = all.slice(Math.max(0, index - opts.historyForPrompt), index);
          const route: RouteDecision = {
            skill: skillId,
            confidence: 1,
            method: 'agent',
            reason: { note: `re-routed by ${agent} from ${found.route?.skill ?? 'unrouted'}` },
          };
          const note: StoredMessage = {
            id: newId('m'),
            role: 'system',
            text: `${agent} re-routed a message to ${skillId}`,
            at: clock.now(),
            event: 'rerouted',
          };
          await store.appendMessage(conversationId, note);
          publish({ type: 'message', conversationId, message: note });
          if (conversation.mode === 'human') {
            // The agent owns the conversation: draft the skill's answer for them, never send it.
            const result = await respond({ conversation: { ...conversation, mode: 'assist', modeSource: 'agent' }, customer: found, history, route });
            return { conversationId, duplicate: false, route, reply: result.reply && { ...result.reply, status: 'draft' as const }, mode: 'human' };
          }
          const result = await respond({ conversation, customer: found, history, route });
          return { conversationId, duplicate: false, route, reply: result.reply, mode: result.mode };
        },
        lock,
      );
    },
  };
}
