import type { DomainVocabulary } from './vocabulary.js';
import type { ChatMessage, ToolSpec } from './model.js';
import type { Mode, ToolCallRecord, StoredMessage } from './conversation.js';
import type { ProposedAction, TurnEffects } from './actions.js';
import type { Commerce, Product } from './commerce.js';
import type { OrderOwner, VerifiedCustomer } from './identity.js';
import type { HandoffState } from './presence.js';
import type { ArticleSource } from './knowledge.js';
import type { DialogueState } from './dialogue-state.js';
import type { Playbook } from './playbook.js';

/** The five routes the product ships with; a new skill folder adds a new id. */
export const CORE_ROUTES = ['product_recommendation', 'returns', 'warranty', 'order_status', 'other'] as const;
export const OUT_OF_SCOPE = 'other';

/** skills/<id>/skill.yaml after validation (schema in src/skills/manifest-schema.ts). */
export interface SkillManifest {
  id: string;
  title: string;
  /** The title in other languages (ISO 639 code → title); `title` is the default. */
  titles?: Record<string, string>;
  /** What the bot can do in this skill, as it reads after "I can …" ("check where an order is"); `offers` in other languages. */
  offer?: string;
  offers?: Record<string, string>;
  /** What the model router reads to decide whether a message belongs here. */
  description: string;
  /** Routing example utterances the local classifier trains on. */
  examples: string[];
  /** Tool names from the tool registry this skill may call. */
  tools: string[];
  model: { temperature: number; maxTokens: number };
  /** Default conversation mode while this skill is active. */
  defaultMode: Mode;
  /** Upper bound, in tokens, for the assembled prompt (system + knowledge + demos + history + message). */
  tokenBudget: number;
  /** Demonstration selection: the first `core` are always used, plus the `k` most similar. */
  demonstrations: { core: number; k: number };
  /** Prompt variants with traffic weights; always at least one (`default`). */
  variants: Array<{ id: string; weight: number }>;
  /**
   * This skill answers an order given with nothing asked about it: a shopper who pastes the order
   * number and its e-mail from the confirmation (what a store's order-status page shows for those
   * two). At most one skill of a set; without one, the engine confirms and asks what they need.
   */
  orderLookup?: boolean;
}

/** One few-shot exchange: user/assistant messages, possibly with tool calls and results. */
export interface Demonstration {
  id: string;
  messages: ChatMessage[];
}

export interface PromptSet {
  variant: string;
  /** The system prompt with knowledge variables already filled in. */
  system: string;
  /** Core demonstrations first, then the selectable pool. */
  demonstrations: Demonstration[];
}

export interface Skill {
  manifest: SkillManifest;
  /** Keyed by variant id. */
  prompts: Record<string, PromptSet>;
  /** prompts/<id>/offline.yaml merged over prompts/offline.yaml: the skill's offline path. */
  playbook?: Playbook;
}

export interface RouterPrompt {
  /** System prompt for the model router, with the skill descriptions filled in. */
  system: string;
  /** Few-shot classification examples: a message (with optional previous turn) and its label. */
  examples: Array<{ text: string; previous?: string; skill: string }>;
}

/** An immutable snapshot of all skills and prompts; replaced as a whole on live reload. */
export interface SkillSet {
  /** Content hash: changes whenever any file changes. */
  version: string;
  loadedAt: number;
  skills: ReadonlyMap<string, Skill>;
  router: RouterPrompt;
  /** The store's catalog vocabulary and skills/vocabulary.yaml; absent in sets built by hand (tests). */
  vocabulary?: DomainVocabulary;
}

export interface SkillSource {
  current(): SkillSet;
  /** Called after a successful reload with the new set. Returns an unsubscribe function. */
  onChange(listener: (set: SkillSet) => void): () => void;
}

export interface ToolContext {
  conversationId: string;
  commerce: Commerce;
  /** The conversation's verified customer, or null. Set by code (identity token or order + e-mail), never by the model. */
  customer: VerifiedCustomer | null;
  /**
   * Order numbers the customer typed in this conversation (found by code with the store's own
   * order-number pattern). A tool that changes an order refuses one the customer never named.
   */
  namedOrders: readonly string[];
  /**
   * The order the conversation is about (the one its last answers showed, else the one the guest
   * verified with), set by code: "where is it?" after a verification means that order.
   */
  focusOrder?: string | null;
  effects: TurnEffects;
  /** The customer's language this turn (detected, else the conversation's; null when unknown): product search reads its words by it. */
  language?: string | null;
}

/** The per-turn part of a ToolContext: who the customer is, their language and where the tools' effects go. */
export type TurnToolContext = Pick<ToolContext, 'customer' | 'namedOrders' | 'focusOrder' | 'effects' | 'language'>;

export interface ToolDefinition {
  spec: ToolSpec;
  /** Validates arguments without running (prompts:check uses it on demonstrations). */
  parse(args: unknown): { ok: true; value: unknown } | { ok: false; error: string };
  /** Validates `args` and runs the tool; throws on bad arguments with a message naming the field. */
  run(args: unknown, ctx: ToolContext): Promise<unknown>;
  /** The tool looks at or acts on a customer's order (so a skill with it can use an order the customer just verified). */
  readsOrders?: boolean;
}

export interface ToolRegistry {
  get(name: string): ToolDefinition | undefined;
  names(): string[];
}

/** Structured extras a reply can carry; channels render them natively (Slack blocks, widget cards). */
export interface ReplyAttachments {
  products?: Array<Pick<Product, 'sku' | 'name' | 'price' | 'category'>>;
  /** Offer of a human hand-off (the `other` skill, clarify failures): channels show a "talk to a person" button. */
  offerHuman?: boolean;
  /** The reply hands the conversation to a person, and who can answer now: channels need not offer one again. */
  handoff?: HandoffState;
  /** A change waiting for the customer's confirmation: channels show confirm and decline buttons. */
  proposal?: Pick<ProposedAction, 'id' | 'kind' | 'orderId' | 'itemName'>;
  /** The help articles the reply was written from (turn record, panel; channels may link them). */
  sources?: ArticleSource[];
}

export interface SkillAnswer {
  text: string;
  tools: ToolCallRecord[];
  attachments?: ReplyAttachments;
  /** The conversation's dialogue state after this answer (saved with the reply). */
  dialogue?: DialogueState;
}

/**
 * Deterministic answers from the same knowledge and tools, used when no model is
 * configured or the model fails. Implemented in src/offline/.
 */
export interface OfflineResponder {
  respond(input: {
    skill: Skill;
    text: string;
    history: StoredMessage[];
    conversationId: string;
    /** Identity and effects for the tools the offline answer runs (the same the model's tools get). */
    context: TurnToolContext;
    /** The conversation's dialogue state before this turn. */
    dialogue?: DialogueState;
    /** The customer's language for this message (ISO 639-1), when detected. */
    language?: string | null;
  }): Promise<SkillAnswer>;
  /**
   * Whether a message points back at what the conversation showed ("the second one", "the
   * quieter one", "how long does that take?"): such a follow-up stays with the active skill.
   */
  pointsBack?(input: { text: string; dialogue?: DialogueState; language?: string | null }): boolean;
  /**
   * Whether what is left of a message once its order numbers and e-mail addresses are blanked
   * asks for nothing ("here:", "hi, my order and e-mail, thanks"), read with the locale packs'
   * words; "what's the weather tomorrow?" asks something.
   */
  asksNothing?(input: { text: string }): boolean;
}

/** The messages sent to the model for one skill turn, and what went into them. */
export interface AssembledPrompt {
  messages: ChatMessage[];
  /** Counted with gpt-tokenizer for the configured model. */
  promptTokens: number;
  /** Tokens of the leading part that is identical on every turn of this skill/variant (cacheable prefix). */
  prefixTokens: number;
  /** Ids of the demonstrations used, core first. */
  demonstrations: string[];
  /** Short labels of the knowledge retrieved for this message (SKUs, policy sections, articles). */
  knowledge: string[];
  /** The help-article passages in the prompt (after trimming), for the turn record. */
  sources?: ArticleSource[];
}

export interface PromptAssembler {
  /** Picks the prompt variant for a conversation: weighted, deterministic per conversation id. */
  chooseVariant(skill: Skill, conversationId: string): string;
  build(input: {
    skill: Skill;
    variant: string;
    text: string;
    history: StoredMessage[];
    conversationId: string;
    /** Why the previous draft was not sent (a retry): rendered as a fixed system note, never quoting the draft. */
    correction?: AnswerCorrection;
    /** The verified customer, whose own orders may inform the retrieved knowledge. */
    customer?: OrderOwner | null;
    /**
     * The language the customer writes in (detected per message): the model is told to answer in
     * it, and how to address the customer in it (`address`, from the locale pack), as the offline templates do.
     */
    language?: { code: string; name: string; address?: string } | null;
  }): Promise<AssembledPrompt>;
}

/**
 * What was wrong with a rejected draft, as codes. The draft itself never goes back to the model
 * in a system message: it can quote the customer, and customer text never takes the system role.
 * `empty`: the model returned nothing; the others are GuardVerdict kinds.
 */
export type CorrectionCode = 'grounding' | 'leak' | 'injection' | 'empty';

export interface AnswerCorrection {
  problems: CorrectionCode[];
}

export interface GuardVerdict {
  ok: boolean;
  /** What is wrong, phrased so it can be fed back to the model as a correction note. */
  problems: string[];
  /** grounding: a false fact; leak: instructions or raw tool output; injection: obeyed customer text it should have declined. */
  kind?: 'grounding' | 'leak' | 'injection';
}

/** Checks a drafted reply before it is sent (grounding in catalog/policy, no prompt or tool-output leak). */
export interface AnswerGuard {
  check(input: { skill: Skill; reply: string; tools: ToolCallRecord[]; prompt: AssembledPrompt; customer?: OrderOwner | null }): Promise<GuardVerdict>;
}
