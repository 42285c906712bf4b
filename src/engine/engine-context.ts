import type { Clock } from '../core/clock.js';
import type { Commerce } from '../core/commerce.js';
import type { TurnObserver } from '../core/engine.js';
import { TOPICS, type ConversationEvent } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { StaffingSource } from '../core/presence.js';
import type { ModelClient, Usage } from '../core/model.js';
import type { Router } from '../core/route.js';
import { OUT_OF_SCOPE, type AnswerGuard, type OfflineResponder, type PromptAssembler, type Skill, type SkillSet, type SkillSource, type ToolRegistry } from '../core/skill.js';
import type { EventBus, Store } from '../core/store.js';
import { withoutIdentifiers } from '../commerce/order-ids.js';
import { storeFallbackLanguage, type LocalePacks } from '../locale/locale-packs.js';
import { maskPii } from '../privacy/pii.js';
import type { VerificationLimits } from './identity-step.js';
import type { ToolExecutor } from './model-answer.js';

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
  /** Who can answer now (agent presence); absent: no agents, the hand-off gives the store's contacts. */
  staffing?: StaffingSource;
  options?: Partial<EngineOptions>;
}

/** What every part of the engine shares: its dependencies, options and a few helpers over them. */
export interface EngineContext {
  deps: EngineDeps;
  opts: EngineOptions;
  store: Store;
  clock: Clock;
  logger: Logger;
  lock: { ttlMs: number; waitMs: number; maxHoldMs: number };
  /**
   * Publishes on the EventBus after the reply: events of a turn leave once the channel has sent
   * its answer (the next turn of the event loop), together with the turn's other after-reply
   * work, in one round trip to Redis (issue 20). Order is kept.
   */
  publish(event: ConversationEvent): void;
  /** Runs `work` after the reply (the next turn of the event loop); a failure is logged. */
  afterReply(work: () => void): void;
  /** The transcript's copy of customer text: e-mail, card and phone numbers masked, order numbers kept. */
  maskText(text: string): string;
  /** The skill a route names, or `other` when it names none that is loaded. */
  skillFor(skillId: string, set?: SkillSet): Skill;
  /**
   * The locale packs' language detection, remembering its last answer: a turn asks it about
   * the same text up to three times (follow-up check, hand-off notice, skill answer).
   */
  detectLanguage(text: string): string | null;
  /**
   * The language a turn is answered in: the message's (detectLanguage), else the conversation's
   * so far, else the store's own (store.yaml `language`), so a first "ok", "👍" or a number in a
   * store that writes Japanese is answered in Japanese. Null: the packs' default.
   */
  turnLanguage(text: string, conversationLanguage: string | null | undefined): string | null;
}

export function createEngineContext(deps: EngineDeps): EngineContext {
  const opts: EngineOptions = { ...defaultEngineOptions, ...deps.options };
  const { store, bus, logger, clock } = deps;
  let lastDetected: { text: string; detect: (text: string) => string | null; language: string | null } | undefined;
  const afterReply = (work: () => void) => {
    setImmediate(() => {
      try {
        work();
      } catch (err) {
        logger.warn({ err }, 'after-reply work failed');
      }
    });
  };
  return {
    deps,
    opts,
    store,
    clock,
    logger,
    lock: { ttlMs: opts.lockTtlMs, waitMs: opts.lockWaitMs, maxHoldMs: opts.lockMaxHoldMs ?? opts.turnTimeoutMs + 60_000 },
    publish(event) {
      afterReply(() => void bus.publish(TOPICS.conversations, event).catch((err: unknown) => logger.warn({ err }, 'event publish failed')));
    },
    afterReply,
    maskText(text) {
      const { order, sku } = deps.commerce.storeInfo().identifiers;
      // The store's order numbers and SKUs are kept as typed; numbers around them are judged on their own.
      return maskPii(text, (folded) => withoutIdentifiers(withoutIdentifiers(folded, order, () => true), sku, () => true));
    },
    detectLanguage(text) {
      const detect = deps.locales.detect;
      if (lastDetected?.text !== text || lastDetected.detect !== detect) lastDetected = { text, detect, language: detect(text) };
      return lastDetected.language;
    },
    turnLanguage(text, conversationLanguage) {
      const detected = this.detectLanguage(text) ?? conversationLanguage ?? null;
      if (detected) return detected;
      return storeFallbackLanguage(deps.commerce.storeInfo().language, deps.locales);
    },
    skillFor(skillId, set = deps.skills.current()) {
      const skill = set.skills.get(skillId) ?? set.skills.get(OUT_OF_SCOPE);
      if (!skill) throw new Error(`no skill "${skillId}" and no "${OUT_OF_SCOPE}" skill loaded`);
      return skill;
    },
  };
}
