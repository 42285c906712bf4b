import type { Commerce } from '../core/commerce.js';
import type { StoredMessage, ToolCallRecord } from '../core/conversation.js';
import type { DialogueState } from '../core/dialogue-state.js';
import type { Playbook } from '../core/playbook.js';
import type { ReplyAttachments, Skill, SkillAnswer, ToolRegistry, TurnToolContext } from '../core/skill.js';
import type { LanguageReferences } from '../locale/language-references.js';
import { runToolCall } from '../tools/run-tool-call.js';
import { conversationOf, type Conversation } from './message-facts.js';
import type { Comparison } from './references.js';
import { fill, template, tidy, type TemplateVars } from './templates.js';
import type { Cues } from './intent-cues.js';
import type { Stemmer } from '../locale/stemmer.js';
import { ownValue } from '../core/own-keys.js';

/** The locale packs' words the offline responder reads text with. */
export interface OfflineWords {
  /** Product search's stemmer (`stemming: search`): catalog texts and the customer's words meet on it. */
  stem: Stemmer;
  /** The router's stopwords (every pack's `text`): never what tells an order's items apart. */
  stopwords: ReadonlySet<string>;
  /**
   * The router's topic-shift phrases (every pack's `text.topic_shift`: "actually", "never mind"):
   * a message that opens a new topic never points back at what the last reply showed.
   */
  topicShift?: ReadonlyArray<readonly string[]>;
}

/**
 * One offline answer in the making: the message and its conversation, the dialogue state
 * the conversation keeps, the customer's language, and a tool caller that runs the skill's
 * own tools through the same registry the model uses and records every call.
 */
export interface OfflineTurn {
  skill: Skill;
  commerce: Commerce;
  conv: Conversation;
  conversationId: string;
  /** Who the customer is (verified or not) and where the tools' effects go. */
  context: TurnToolContext;
  dialogue: DialogueState | undefined;
  /** The customer's language (detected per message), or null for the default. */
  language: string | null;
  /** Reference words of the customer's language first, then the default language's. */
  references: readonly LanguageReferences[];
  comparisons: ReadonlyMap<string, Comparison>;
  playbook: Playbook;
  /** What the customer asks for, from the locale packs' cue phrases. */
  cues: Cues;
  /** The locale packs' words for reading text (LOCALES_DIR's in the app). */
  words: OfflineWords;
  /** Whether the skill lists this tool in its skill.yaml. */
  can(tool: string): boolean;
  /** Every tool the bot has (what it can do at all, for the out-of-scope answer). */
  toolNames(): string[];
  /** Every skill loaded (what the bot can do, from their manifests); empty when the responder was given none. */
  skills(): Skill[];
  /** A skill's title in the customer's language (its manifest's `titles`, else the locale pack's `skill_titles`); undefined: none. */
  skillTitle(manifest: Skill['manifest']): string | undefined;
  /** Runs a tool the skill may use; null when it may not or the call failed (the record still says why). */
  call<T = Record<string, unknown>>(tool: string, args: Record<string, unknown>): Promise<T | null>;
  /** A template of the playbook in the customer's language, filled; '' when the key is unknown. */
  say(key: string, vars?: TemplateVars): string;
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
  dialogue?: DialogueState;
  language?: string | null;
  references: readonly LanguageReferences[];
  comparisons: ReadonlyMap<string, Comparison>;
  playbook: Playbook;
  cues: Cues;
  words: OfflineWords;
  skills?: () => Skill[];
  skillTitle?: (manifest: Skill['manifest']) => string | undefined;
}): OfflineTurn {
  const records: ToolCallRecord[] = [];
  const allowed = new Set(input.skill.manifest.tools);
  const language = input.language ?? null;
  return {
    skill: input.skill,
    commerce: input.commerce,
    conv: conversationOf(input.text, input.history),
    conversationId: input.conversationId,
    context: input.context,
    dialogue: input.dialogue,
    language,
    references: input.references,
    comparisons: input.comparisons,
    playbook: input.playbook,
    cues: input.cues,
    words: input.words,
    can: (tool) => allowed.has(tool) && input.tools.get(tool) !== undefined,
    toolNames: () => input.tools.names(),
    skills: () => input.skills?.() ?? [],
    skillTitle: (m) => input.skillTitle?.(m) ?? (language && m.titles ? ownValue(m.titles, language) : undefined),
    async call<T>(tool: string, args: Record<string, unknown>): Promise<T | null> {
      if (!allowed.has(tool)) return null;
      const record = await runToolCall(input.tools, { name: tool, arguments: args }, { conversationId: input.conversationId, commerce: input.commerce, ...input.context });
      records.push(record);
      return record.ok ? (record.result as T) : null;
    },
    say(key, vars = {}) {
      const t = template(input.playbook, key, language);
      return t === null ? '' : tidy(fill(t, vars));
    },
    answer: (text, attachments) => ({ text: tidy(text), tools: [...records], ...(attachments ? { attachments } : {}) }),
  };
}
