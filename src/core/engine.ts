import type { RouteDecision } from './route.js';
import type { ConversationFlag, InboundMessage, Mode, ToolCallRecord, TurnCost } from './conversation.js';
import type { AuditEntry } from './actions.js';
import type { ReplyAttachments } from './skill.js';

/** Who confirmed or declined a proposal outside a customer message. */
export type ProposalDecider = Exclude<AuditEntry['confirmedBy'], { kind: 'customer_message' }>;

/**
 * How the reply reached (or did not reach) the customer:
 * `sent` delivered now; `draft` waiting for an agent (assist mode); `silent` a human owns the
 * conversation; `busy` the model queue was full and a short busy reply was sent.
 */
export type ReplyStatus = 'sent' | 'draft' | 'silent' | 'busy';

export interface BotReply {
  messageId: string;
  text: string;
  offline: boolean;
  skill: string;
  variant?: string;
  status: ReplyStatus;
  tools: ToolCallRecord[];
  cost?: TurnCost;
  flags: ConversationFlag[];
  attachments?: ReplyAttachments;
}

export interface TurnResult {
  conversationId: string;
  /** True when this message id was already processed; nothing was done. */
  duplicate: boolean;
  route: RouteDecision | null;
  /** Null when a human owns the conversation (or a duplicate). */
  reply: BotReply | null;
  mode: Mode;
}

/** Streaming callbacks for a channel that can show progress (web chat SSE). */
export interface TurnSink {
  onRoute?(route: RouteDecision): void;
  /** Text chunks as the skill produces them. Only called when the reply will be sent (mode auto). */
  onDelta?(text: string): void;
  /** The streamed text so far was discarded (guard rejected it); a replacement follows. */
  onReset?(): void;
}

export interface Engine {
  handle(message: InboundMessage, sink?: TurnSink, signal?: AbortSignal): Promise<TurnResult>;
  /**
   * The customer pressed confirm or decline on a pending proposal (the widget's buttons), or an
   * agent approved or declined it in the panel. Runs it server-side as the conversation's verified
   * customer, records it in the audit trail, and returns the reply (the caller delivers it when it
   * is not the customer's own request). Throws ProposalNotFoundError when it is no longer pending.
   */
  decideProposal(input: { conversationId: string; proposalId: string; decision: 'confirm' | 'decline'; by: ProposalDecider }): Promise<TurnResult>;
  /**
   * An agent re-routed a customer message: answer it again with `skill` (method 'agent').
   * The answer follows the conversation's mode like any other (sent, or a draft in assist).
   */
  reroute(input: { conversationId: string; messageId: string; skill: string; agent: string }): Promise<TurnResult>;
}

/** What one turn did, for metrics and insights (prom-client lives in src/http, not here). */
export interface TurnObservation {
  channel: string;
  conversationId: string;
  /** The customer message the turn was about (its id in the transcript). */
  messageId: string;
  /** The route's confidence; absent when nothing was routed. */
  confidence?: number;
  /** This turn handed the conversation to a person: it entered the escalation queue, or its skill's default is a person. */
  handoff?: boolean;
  skill: string | null;
  variant?: string;
  method: string | null;
  offline: boolean;
  status: ReplyStatus | 'duplicate' | 'human';
  durationMs: number;
  cost?: TurnCost;
  flags: ConversationFlag[];
}

export interface TurnObserver {
  onTurn(observation: TurnObservation): void;
}
