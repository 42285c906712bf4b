import type { Commerce } from '../core/commerce.js';
import type { KnowledgeBase } from '../core/knowledge.js';
import { knowledgeAnswer } from '../knowledge/offline-answer.js';
import type { OfflineResponder, SkillAnswer, ToolRegistry } from '../core/skill.js';
import { genericHandler } from './generic-handler.js';
import { createOfflineTurn, type OfflineTurn } from './offline-turn.js';
import { capabilitiesFromTools, otherHandler } from './other-handler.js';
import { orderStatusHandler } from './order-status-handler.js';
import { recommendHandler } from './recommend-handler.js';
import { returnsHandler } from './returns-handler.js';
import { warrantyHandler } from './warranty-handler.js';
import { ownValue } from '../core/own-keys.js';

export type OfflineHandler = (turn: OfflineTurn) => Promise<SkillAnswer>;

export interface OfflineResponderOptions {
  commerce: Commerce;
  tools: ToolRegistry;
  /** What the bot can do, for the out-of-scope answer; derived from the tools when absent. */
  capabilities?: () => string[];
  /** The store's help articles: a confident passage is the answer, quoted with its title and link. */
  knowledge?: KnowledgeBase;
  /** Extra or replacement handlers by skill id. */
  handlers?: Record<string, OfflineHandler>;
}

/**
 * Deterministic answers from the store data and the same tools the model uses, for
 * when no model is configured or it fails. One handler per built-in skill; any other
 * skill id falls back to a handler driven by its manifest and tools.
 */
export function createOfflineResponder(opts: OfflineResponderOptions): OfflineResponder {
  const capabilities = opts.capabilities ?? (() => capabilitiesFromTools(opts.tools.names()));
  const handlers: Record<string, OfflineHandler> = {
    product_recommendation: recommendHandler,
    returns: returnsHandler,
    warranty: warrantyHandler,
    order_status: orderStatusHandler,
    other: otherHandler(capabilities),
    ...opts.handlers,
  };
  return {
    async respond({ skill, text, history, conversationId, context }) {
      // Help articles first (issue 16.3): one call, kept by whatever the handlers below become.
      const article = opts.knowledge ? knowledgeAnswer({ knowledge: opts.knowledge, skill: skill.manifest.id, text }) : null;
      if (article) return { text: article.text, tools: [], attachments: { sources: article.sources } };
      const turn = createOfflineTurn({ skill, commerce: opts.commerce, tools: opts.tools, text, history, conversationId, context });
      const handler = ownValue(handlers, skill.manifest.id) ?? genericHandler;
      return handler(turn);
    },
  };
}
