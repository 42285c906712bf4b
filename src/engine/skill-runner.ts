import type { ProposedAction } from '../core/actions.js';
import type { Conversation, ConversationFlag, StoredMessage, ToolCallRecord, TurnCost } from '../core/conversation.js';
import type { TurnSink } from '../core/engine.js';
import { ModelUnavailableError } from '../core/errors.js';
import type { VerifiedCustomer } from '../core/identity.js';
import type { AnswerCorrection, ReplyAttachments, Skill } from '../core/skill.js';
import { fillTemplate, type LocalePack } from '../locale/locale-packs.js';
import type { EngineContext } from './engine-context.js';
import { answerWithModel, emptyUsage } from './model-answer.js';
import { proposalAttachment } from './proposal-step.js';
import { replySources } from '../knowledge/reply-sources.js';
import { productsMentioned } from './reply-products.js';
import { collectEffects } from './turn-effects.js';
import type { DialogueState } from '../core/dialogue-state.js';
import { dialogueAfterTools } from '../offline/dialogue-tools.js';

/** What a skill produced for one turn, before it is stored and delivered. */
export interface Answer {
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
export interface TurnIdentity {
  customer: VerifiedCustomer | null;
  namedOrders: readonly string[];
  /** The order the conversation is about (ToolContext.focusOrder). */
  focusOrder: string | null;
}

const BUSY_NOTE = "We're very busy right now, so here is a quick answer; ask again in a minute for a fuller one.";

/** An answer the engine wrote itself (a clarifying question, a fixed reply): no model, no cost. */
export function fixedAnswer(text: string, extra: Partial<Answer> = {}): Answer {
  return { text, offline: false, tools: [], cost: { usage: emptyUsage(), cost: 0, modelCalls: 0 }, flags: [], ...extra };
}

/**
 * Runs the skill: the model (with its tools and the answer guard, one corrected retry) when
 * available, else the offline responder from the same data and tools. A model that is missing,
 * failing, stalled, busy or past the turn's deadline always ends in the offline answer.
 */
export async function runSkill(
  ctx: EngineContext,
  input: {
    conversation: Conversation;
    skill: Skill;
    variant: string;
    text: string;
    history: StoredMessage[];
    stream: boolean;
    sink?: TurnSink;
    identity: TurnIdentity;
  },
): Promise<Answer> {
  const { deps, clock, logger } = ctx;
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
  const language = ctx.turnLanguage(text, conversation.dialogue?.language);

  if (deps.model) {
    const deadline = AbortSignal.timeout(ctx.opts.turnTimeoutMs);
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
          language: language && language !== deps.locales.defaultLanguage ? languageFor(deps.locales.get(language)) : null,
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
          toolContext: { conversationId: conversation.id, commerce: deps.commerce, ...identity, effects, language },
          onDelta,
          signal: deadline,
          progress,
        });
        const verdict = deps.guard ? await deps.guard.check({ skill, reply: result.text, tools: result.tools, prompt, customer: identity.customer }) : { ok: true, problems: [] };
        if (verdict.ok && result.text.length > 0) {
          const products = productsMentioned(result.text, result.tools);
          const sources = replySources(prompt, result.tools);
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
              products.length || proposal || unavailable || sources.length
                ? { ...(products.length ? { products } : {}), ...(proposal ? { proposal: proposalAttachment(proposal) } : {}), ...(unavailable ? { offerHuman: true } : {}), ...(sources.length ? { sources } : {}) }
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

  const offline = await offlineAnswer(ctx, skill, text, history, conversation.id, identity, conversation.dialogue, language);
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

async function offlineAnswer(
  ctx: EngineContext,
  skill: Skill,
  text: string,
  history: StoredMessage[],
  conversationId: string,
  identity: TurnIdentity,
  dialogue: DialogueState | undefined,
  language: string | null,
): Promise<Pick<Answer, 'text' | 'tools' | 'attachments' | 'proposal' | 'verification' | 'dialogue'> & { unavailable: boolean }> {
  const effects = collectEffects(skill.manifest.id, () => ctx.clock.now());
  const a = await ctx.deps.offline.respond({ skill, text, history, conversationId, context: { ...identity, effects, language }, dialogue, language });
  const proposal = effects.proposal();
  return {
    text: a.text,
    tools: a.tools,
    attachments: a.attachments,
    proposal,
    verification: effects.verification(),
    unavailable: effects.unavailable(),
    dialogue: a.dialogue
      ? { ...a.dialogue, ...(proposal ? { proposalId: proposal.id } : {}) }
      : await dialogueAfterTools({ previous: dialogue, tools: a.tools, commerce: ctx.deps.commerce, skill: skill.manifest.id, language, proposalId: proposal?.id }),
  };
}

/** The customer's language as the model is told it: its name, and how the pack's templates address the customer. */
function languageFor(pack: LocalePack): { code: string; name: string; address?: string } {
  return { code: pack.language, name: pack.name, ...(pack.address ? { address: pack.address } : {}) };
}
