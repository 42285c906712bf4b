import type { Commerce } from '../core/commerce.js';
import type { StoredMessage, ToolCallRecord } from '../core/conversation.js';
import type { ReplyAttachments, Skill, SkillAnswer, ToolRegistry, TurnToolContext } from '../core/skill.js';
import { runToolCall } from '../tools/run-tool-call.js';
import { conversationOf, type Conversation } from './message-facts.js';

/**
 * One offline answer in the making: the message and its conversation, and a tool
 * caller that runs the skill's own tools through the same registry the model uses and
 * records every call.
 */
export interface OfflineTurn {
  skill: Skill;
  commerce: Commerce;
  conv: Conversation;
  conversationId: string;
  /** Who the customer is (verified or not) and where the tools' effects go. */
  context: TurnToolContext;
  /** Whether the skill lists this tool in its skill.yaml. */
  can(tool: string): boolean;
  /** Runs a tool the skill may use; null when it may not or the call failed (the record still says why). */
  call<T = Record<string, unknown>>(tool: string, args: Record<string, unknown>): Promise<T | null>;
  answer(text: string, attachments?: ReplyAttachments): SkillAnswer;
}

export function createOfflineTurn(input: {
  skill: Skill;
  commerce: Commerce;
  tools: ToolRegistry;
  text: string;
  history: readonly StoredMessage[];
  conversationId: string;
  context: TurnToolContext;
}): OfflineTurn {
  const records: ToolCallRecord[] = [];
  const allowed = new Set(input.skill.manifest.tools);
  return {
    skill: input.skill,
    commerce: input.commerce,
    conv: conversationOf(input.text, input.history),
    conversationId: input.conversationId,
    context: input.context,
    can: (tool) => allowed.has(tool) && input.tools.get(tool) !== undefined,
    async call<T>(tool: string, args: Record<string, unknown>): Promise<T | null> {
      if (!allowed.has(tool)) return null;
      const record = await runToolCall(input.tools, { name: tool, arguments: args }, { conversationId: input.conversationId, commerce: input.commerce, ...input.context });
      records.push(record);
      return record.ok ? (record.result as T) : null;
    },
    answer: (text, attachments) => ({ text: text.trim(), tools: [...records], ...(attachments ? { attachments } : {}) }),
  };
}
