import type { VerificationMethod } from './identity.js';

/**
 * Side effects are two-phase: a tool only proposes; the proposal lives in conversation state
 * (never inferred from reply text) and runs server-side only when the customer confirms in
 * their next message or with the widget's button, or an agent approves it in the panel.
 */
export type ActionKind = 'start_return' | 'open_warranty_claim' | 'cancel_order';

export interface ProposedAction {
  id: string;
  kind: ActionKind;
  orderId: string;
  /** The item, for returns and claims. */
  sku?: string;
  /** The item's name, for the confirmation button and the panel. */
  itemName?: string;
  /** The customer's reason for a return or cancellation, or the fault for a claim. */
  detail: string;
  /** The skill that proposed it. */
  skill: string;
  /** Epoch ms. */
  proposedAt: number;
}

export type ActionOutcome = 'executed' | 'refused' | 'failed';

/** The audit trail's collection. Entries are not linked to a conversation: erasing a transcript keeps them. */
export const AUDIT_COLLECTION = 'audit';
/** The same entries per conversation, for the panel (also kept when the transcript is erased). */
export const auditCollectionOf = (conversationId: string): string => `audit-${conversationId}`;

/** One executed (or refused) action in the audit trail. Kept apart from the transcript: erasing a chat keeps it. */
export interface AuditEntry {
  id: string;
  action: ActionKind;
  orderId: string;
  sku?: string;
  outcome: ActionOutcome;
  /** Reason code when refused or failed; the created record's id when executed. */
  result: string;
  /** How the customer was verified. */
  verifiedBy: VerificationMethod;
  /** Who confirmed: the customer (message or button) or an agent. */
  confirmedBy: { kind: 'customer_message' | 'customer_button' } | { kind: 'agent'; agent: string };
  /** Epoch ms. */
  at: number;
  /** The conversation it happened in (the audit entry outlives the transcript). */
  sourceConversation: string;
}

/**
 * What tools may ask of the turn they run in. The engine collects these and commits them with
 * the reply in one write, so a reply the guard rejects or an answer that is replaced leaves
 * nothing behind.
 */
export interface TurnEffects {
  /** Records a proposal for the customer to confirm; returns it with its id. Replaces an earlier one of this turn. */
  propose(action: Omit<ProposedAction, 'id' | 'proposedAt' | 'skill'>): ProposedAction;
  /** The tool needed a verified customer: the bot asks for the e-mail on `orderId` and then continues the request. */
  requireVerification(orderId: string | null): void;
  /** The order back-end could not answer (down, slow, throttled, circuit open): the bot says so and offers a person. */
  commerceUnavailable(): void;
}

/** Effects that go nowhere: checks and evaluations that run tools outside a conversation. */
export const noEffects: TurnEffects = {
  propose: (a) => ({ ...a, id: 'unrecorded', proposedAt: 0, skill: '' }),
  requireVerification: () => {},
  commerceUnavailable: () => {},
};

/**
 * The facts behind a refused action, as data (never a sentence): the channels' words for a
 * refusal are the locale pack's `refusals` templates, keyed by the reason code and filled with
 * these, formatted for the customer's language. Dates are ISO days (YYYY-MM-DD).
 */
export interface RefusalFacts {
  orderId?: string;
  sku?: string;
  itemName?: string;
  /** The return window in days. */
  windowDays?: number;
  /** The last day of the return window. */
  lastDay?: string;
  /** The day a warranty ended. */
  expiresOn?: string;
  /** The warranty's length in months. */
  months?: number;
}
