import type { Clock } from '../core/clock.js';
import type { Commerce } from '../core/commerce.js';
import {
  startConversation,
  type Conversation,
  type ConversationFlag,
  type InboundMessage,
  type Mode,
  type StoredMessage,
  type ToolCallRecord,
  type TurnCost,
} from '../core/conversation.js';
import type { BotReply, Engine, TurnObserver, TurnResult, TurnSink } from '../core/engine.js';
import { HttpError, ModelUnavailableError } from '../core/errors.js';
import { TOPICS, type ConversationEvent } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { ModelClient, Usage } from '../core/model.js';
import type { RouteDecision, Router } from '../core/route.js';
import type {
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
import { clarifyingQuestion } from './clarify.js';
import { effectiveMode } from './effective-mode.js';
import { asksForHuman } from './handoff.js';
import { newId } from '../core/ids.js';
import { answerWithModel, emptyUsage, type ToolExecutor } from './model-answer.js';
import { productsMentioned } from './reply-products.js';
import { retryLater } from './retry-later.js';
import { ownValue } from '../core/own-keys.js';


export interface EngineOptions {
  /** Stored messages loaded as conversation history for routing and prompts. */
  historyForPrompt: number;
  lockTtlMs: number;
  lockWaitMs: number;
  dedupeTtlSeconds: number;
  /** Hard bound on one turn's model work; past it the offline responder answers. */
  turnTimeoutMs: number;
  /** Below this confidence a routed turn is flagged low_confidence for agents. */
  lowConfidence: number;
}

export const defaultEngineOptions: EngineOptions = {
  historyForPrompt: 20,
  lockTtlMs: 90_000,
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
}

const BUSY_NOTE = "We're very busy right now, so here is a quick answer; ask again in a minute for a fuller one.";
const HANDOFF_NOTE = "I've asked a member of our support team to join this chat; they'll reply here shortly.";

export function createEngine(deps: EngineDeps): Engine {
  const opts: EngineOptions = { ...defaultEngineOptions, ...deps.options };
  const { store, bus, logger, clock } = deps;

  function publish(event: ConversationEvent): void {
    bus.publish(TOPICS.conversations, event).catch((err: unknown) => logger.warn({ err }, 'event publish failed'));
  }

  function newConversation(msg: InboundMessage): Conversation {
    return startConversation({ id: msg.conversationId, channel: msg.channel, user: msg.user }, clock.now());
  }

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
  ): Promise<Pick<Answer, 'text' | 'tools' | 'attachments'>> {
    const a = await deps.offline.respond({ skill, text, history, conversationId });
    return { text: a.text, tools: a.tools, attachments: a.attachments };
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
  }): Promise<Answer> {
    const { skill, variant, text, history, conversation } = input;
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

    if (deps.model) {
      const deadline = AbortSignal.timeout(opts.turnTimeoutMs);
      try {
        let correction: string | undefined;
        for (let attempt = 0; attempt < 2; attempt++) {
          const prompt = await deps.assembler.build({
            skill,
            variant,
            text,
            history,
            conversationId: conversation.id,
            correction,
          });
          const result = await answerWithModel({
            model: deps.model,
            skill,
            variant,
            messages: prompt.messages,
            tools: deps.tools,
            runTool: deps.runTool,
            toolContext: { conversationId: conversation.id, commerce: deps.commerce },
            onDelta,
            signal: deadline,
            progress,
          });
          const verdict = deps.guard ? await deps.guard.check({ skill, reply: result.text, tools: result.tools, prompt }) : { ok: true, problems: [] };
          if (verdict.ok && result.text.length > 0) {
            const products = productsMentioned(result.text, result.tools);
            return {
              text: result.text,
              offline: false,
              tools: progress.tools,
              cost: cost(),
              flags,
              attachments: products.length ? { products } : undefined,
            };
          }
          if (!verdict.ok) {
            if (!flags.includes('guard_triggered')) flags.push('guard_triggered');
            logger.warn({ conversationId: conversation.id, skill: skill.manifest.id, problems: verdict.problems, kind: verdict.kind }, 'guard rejected a reply');
            correction = `Your previous draft was rejected: ${verdict.problems.join(' ')} Answer again using only facts from the tools and reference data.`;
          } else {
            correction = 'Your previous draft was empty. Answer the customer.';
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

    const offline = await offlineAnswer(skill, text, history, conversation.id);
    const replyText = busy ? `${BUSY_NOTE}\n\n${offline.text}` : offline.text;
    onDelta?.(replyText);
    flags.push('offline_reply');
    return {
      text: replyText,
      busy,
      offline: true,
      tools: [...progress.tools, ...offline.tools],
      cost: cost(),
      flags,
      attachments: offline.attachments,
    };
  }

  /**
   * Stores the bot's answer and updates the conversation in one compare-and-set, so a
   * take-over that lands while the model was writing wins: the answer is kept for the
   * agents (discarded draft) but never reaches the customer.
   */
  async function commit(input: {
    conversationId: string;
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
    const updated = await store.updateConversation(input.conversationId, (cur) => {
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
      };
    });
    if (!updated) throw new HttpError(404, 'conversation_not_found', 'conversation was deleted during the turn');
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
  }): Promise<{ reply: BotReply | null; mode: Mode; conversation: Conversation }> {
    const { conversation, customer, history, route, sink } = input;
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
      const updated = await store.updateConversation(conversation.id, (cur) => ({
        ...cur,
        flags: [...new Set([...cur.flags, ...turnFlags, 'escalated' as const])],
        waitingSince: cur.waitingSince ?? clock.now(),
      }));
      if (updated?.waitingSince !== undefined) await store.zAdd(ESCALATION_QUEUE, updated.id, updated.waitingSince);
      if (updated) publish({ type: 'conversation', conversation: updated });
      return { reply: null, mode, conversation: updated ?? conversation };
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
      a = await answer({ conversation, skill, variant, text: customer.text, history, stream: mode === 'auto', sink });
    }
    const escalate = askedForHuman || repeatedOther || repeatedLowConfidence || a.flags.includes('guard_triggered');
    const committed = await commit({
      conversationId: conversation.id,
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
    });
    return { reply: committed.reply, mode: committed.reply.status === 'silent' ? 'human' : mode, conversation: committed.conversation };
  }

  async function duplicate(msg: InboundMessage): Promise<TurnResult> {
    const [conversation, history] = await Promise.all([
      store.getConversation(msg.conversationId),
      store.getMessages(msg.conversationId),
    ]);
    const customer = history.find((m) => m.role === 'customer' && m.id === msg.id);
    const bot = history.find((m) => m.role === 'bot' && m.replyTo === msg.id);
    let reply: BotReply | null = null;
    if (bot && bot.role === 'bot') {
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

  async function turn(msg: InboundMessage, sink?: TurnSink): Promise<TurnResult> {
    const started = clock.now();
    let conversation = await store.getConversation(msg.conversationId);
    if (!conversation) {
      conversation = newConversation(msg);
      await store.saveConversation(conversation);
    }
    const loaded = await store.getMessages(conversation.id, { limit: opts.historyForPrompt });
    // A resend of a turn that was cut after its message was stored (store outage): keep one copy,
    // and do not treat the earlier copy as the previous turn.
    const resent = loaded.some((m) => m.role === 'customer' && m.id === msg.id);
    const history = resent ? loaded.filter((m) => !(m.role === 'customer' && m.id === msg.id)) : loaded;
    const storeCustomer = (m: StoredMessage) =>
      resent ? store.replaceMessage(conversation.id, m).then(() => undefined) : store.appendMessage(conversation.id, m);
    const customer: Extract<StoredMessage, { role: 'customer' }> = {
      id: msg.id,
      role: 'customer',
      text: msg.text,
      at: msg.receivedAt ?? started,
    };

    if (conversation.mode === 'human') {
      await storeCustomer(customer);
      const updated = await store.updateConversation(conversation.id, (cur) => ({
        ...cur,
        updatedAt: customer.at,
        lastMessage: { role: 'customer', text: customer.text, at: customer.at },
      }));
      publish({ type: 'message', conversationId: conversation.id, message: customer });
      if (updated) publish({ type: 'conversation', conversation: updated });
      deps.observer?.onTurn({ channel: msg.channel, skill: null, method: null, offline: false, status: 'human', durationMs: clock.now() - started, flags: [] });
      return { conversationId: conversation.id, duplicate: false, route: null, reply: null, mode: 'human' };
    }

    const route = await deps.router.route(msg.text, {
      activeSkill: conversation.activeSkill,
      previousTurn: previousTurn(history),
      unclearStreak: conversation.unclearStreak,
    });
    customer.route = route;
    sink?.onRoute?.(route);
    await storeCustomer(customer);
    const afterCustomer = await store.updateConversation(conversation.id, (cur) => ({
      ...cur,
      updatedAt: customer.at,
      lastMessage: { role: 'customer', text: customer.text, at: customer.at },
    }));
    publish({ type: 'message', conversationId: conversation.id, message: customer });

    const result = await respond({ conversation: afterCustomer ?? conversation, customer, history, route, sink });
    deps.observer?.onTurn({
      channel: msg.channel,
      skill: result.reply?.skill ?? route.skill,
      variant: result.reply?.variant,
      method: route.method,
      offline: result.reply?.offline ?? false,
      status: result.reply?.status ?? 'human',
      durationMs: clock.now() - started,
      cost: result.reply?.cost,
      flags: result.reply?.flags ?? [],
    });
    return { conversationId: conversation.id, duplicate: false, route, reply: result.reply, mode: result.mode };
  }

  return {
    async handle(msg, sink) {
      const seenKey = `seen:${msg.conversationId}:${msg.id}`;
      if (!(await store.claimOnce(seenKey, opts.dedupeTtlSeconds))) return duplicate(msg);
      try {
        return await store.withLock(`conv:${msg.conversationId}`, () => turn(msg, sink), {
          ttlMs: opts.lockTtlMs,
          waitMs: opts.lockWaitMs,
        });
      } catch (err) {
        // Not processed: let the channel's retry (or the customer's resend) through. When the
        // store is what failed, keep trying for a while, or the resend would count as a duplicate for a day.
        await store.releaseOnce(seenKey).catch(() => retryLater(() => store.releaseOnce(seenKey), Date.now() + 10 * 60_000));
        throw err;
      }
    },

    async reroute({ conversationId, messageId, skill: skillId, agent }) {
      const set = deps.skills.current();
      if (!set.skills.has(skillId)) throw new HttpError(400, 'unknown_skill', `no skill "${skillId}"`);
      return store.withLock(
        `conv:${conversationId}`,
        async () => {
          const conversation = await store.getConversation(conversationId);
          if (!conversation) throw new HttpError(404, 'conversation_not_found', `no conversation "${conversationId}"`);
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
        { ttlMs: opts.lockTtlMs, waitMs: opts.lockWaitMs },
      );
    },
  };
}
