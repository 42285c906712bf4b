import type { ProposedAction } from './actions.js';
import type { DialogueState } from './dialogue-state.js';
import type { VerifiedCustomer } from './identity.js';
import type { ArticleSource } from './knowledge.js';
import type { RouteDecision } from './route.js';
import type { Usage } from './model.js';

/** Channel ids. A new channel adds its name here and a folder under src/channels/. */
export type ChannelName = 'webchat' | 'teams' | 'slack';

/**
 * Who answers: `auto` the bot replies; `assist` the skill's reply is a draft an agent
 * approves/edits/discards; `human` an agent owns the conversation and the bot is silent.
 */
export type Mode = 'auto' | 'assist' | 'human';
export const MODES: readonly Mode[] = ['auto', 'assist', 'human'];

/** Flags surface a conversation to agents (assist panel list filters, escalation queue). */
export type ConversationFlag =
  | 'low_confidence'
  | 'asked_for_human'
  | 'offline_reply'
  | 'guard_triggered'
  | 'repeated_other'
  | 'escalated'
  | 'verification_failed'
  | 'commerce_unavailable';

/** What a channel adapter hands to the engine, after verification and mapping. */
export interface InboundMessage {
  /** Engine conversation id (channel adapters map their own ids onto it). */
  conversationId: string;
  channel: ChannelName;
  user: { id: string; name?: string };
  text: string;
  /** Channel's message id, used for dedupe (channels retry). */
  id: string;
  /** When the message reached us: a message received before its conversation was erased is refused. */
  receivedAt?: number;
  /**
   * Who is asking, for per-client limits (failed verifications): the client address for web
   * chat, the workspace user for Teams and Slack. Never stored with the transcript.
   */
  clientKey?: string;
  /**
   * Who wrote this message, where a conversation can have several writers (a Slack channel
   * thread, a Teams group chat or channel): the channel's user id. A customer verified in such a
   * conversation is bound with the speaker who verified, and only that speaker's messages act as
   * that customer (see src/engine/turn-pipeline.ts). Web chat leaves it unset: its token holder is
   * the one writer.
   */
  speaker?: string;
  /**
   * Start the conversation if it does not exist (eval runs, benchmarks, direct callers). Channels
   * leave it unset: web chat conversations are started only by POST /conversations (a turn on a
   * missing one is refused, never a re-creation), Teams and Slack save theirs before the turn.
   */
  createIfMissing?: boolean;
  /** The customer pressed the channel's "talk to a person" button: a hand-off request without reading their words. */
  requestsHuman?: boolean;
}

export interface ToolCallRecord {
  name: string;
  arguments: unknown;
  result: unknown;
  ok: boolean;
  durationMs: number;
}

export interface TurnCost {
  usage: Usage;
  /** USD from the configured price table; 0 when offline. */
  cost: number;
  modelCalls: number;
}

export type StoredMessage =
  | {
      id: string;
      role: 'customer';
      text: string;
      at: number;
      route?: RouteDecision;
    }
  | {
      id: string;
      role: 'bot';
      text: string;
      at: number;
      /** Id of the customer message this answers. */
      replyTo?: string;
      skill: string;
      variant?: string;
      offline: boolean;
      tools?: ToolCallRecord[];
      cost?: TurnCost;
      flags?: ConversationFlag[];
      /** The help articles the reply was written from (the panel lists them). */
      sources?: ArticleSource[];
      /** For assist mode: a draft is stored but not delivered until approved. */
      draft?: { status: 'pending' | 'approved' | 'discarded'; editedBy?: string };
    }
  | {
      id: string;
      role: 'agent';
      text: string;
      at: number;
      /** The agent's login name: for the panel and the records, never shown to the customer. */
      agent: string;
      /** What the customer sees as the sender (the agent's display name); absent: a neutral label. */
      from?: string;
      replyTo?: string;
    }
  | {
      id: string;
      role: 'system';
      text: string;
      at: number;
      /** e.g. 'agent_joined', 'agent_left', 'mode_changed', 'rerouted'. */
      event: string;
    };

export interface Conversation {
  id: string;
  channel: ChannelName;
  user: { id: string; name?: string };
  createdAt: number;
  updatedAt: number;
  mode: Mode;
  /** 'agent' when an agent chose the mode (it then wins over the skill's default mode). */
  modeSource?: 'default' | 'agent';
  /** Set when an agent owns the conversation (mode human) or claimed it from the queue. */
  agent?: string;
  activeSkill: string | null;
  /** Prompt variant chosen per skill, sticky for the conversation. */
  variants: Record<string, string>;
  flags: ConversationFlag[];
  /** Consecutive unclear (clarify/other) turns. */
  unclearStreak: number;
  lastMessage?: { role: StoredMessage['role']; text: string; at: number };
  /** Hash of the web chat token; never the token itself. */
  tokenHash?: string;
  /** Epoch ms after which the web chat token is refused. */
  tokenExpiresAt?: number;
  /** Channel-specific data for replying later (Teams conversation reference, Slack channel/thread). */
  channelRef?: Record<string, unknown>;
  /** Epoch ms when the conversation started waiting for a human; absent when not waiting. */
  waitingSince?: number;
  /** The verified customer this conversation is bound to, for its lifetime (set by code only). */
  customer?: VerifiedCustomer;
  /** A tool needed a verified customer: the bot asked for the e-mail on `orderId` and will continue `request`. */
  verification?: PendingVerification;
  /** A side effect waiting for the customer's confirmation (their next message or the widget's button) or an agent's approval. */
  proposal?: ProposedAction;
  /** Order numbers the customer typed in this conversation (code-extracted, newest last, capped). */
  namedOrders?: string[];
  /** What the conversation is about (items shown, order in focus, slots missing): follow-ups resolve against it. */
  dialogue?: DialogueState;
}

export interface PendingVerification {
  /** The order the customer asked about, when they named one. */
  orderId: string | null;
  /** The customer's request to continue once verified (masked like the transcript). */
  request: string;
  /** The skill that asked. */
  skill: string;
  /** Epoch ms. */
  askedAt: number;
}

/** A conversation as it starts: automatic mode, no skill yet, nothing flagged. */
export function startConversation(
  input: Pick<Conversation, 'id' | 'channel' | 'user'> & Partial<Pick<Conversation, 'channelRef' | 'tokenHash' | 'tokenExpiresAt'>>,
  now: number,
): Conversation {
  return {
    ...input,
    createdAt: now,
    updatedAt: now,
    mode: 'auto',
    modeSource: 'default',
    activeSkill: null,
    variants: {},
    flags: [],
    unclearStreak: 0,
  };
}
