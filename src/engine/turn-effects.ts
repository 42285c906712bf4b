import type { ProposedAction, TurnEffects } from '../core/actions.js';
import { newId } from '../core/ids.js';

/** What one attempt at answering asked for; committed with the reply, or dropped with it. */
export interface CollectedEffects extends TurnEffects {
  proposal(): ProposedAction | null;
  /** Null when no tool needed verification; `{ orderId }` (possibly null) when one did. */
  verification(): { orderId: string | null } | null;
  /** Whether a tool found the order back-end unavailable in this attempt. */
  unavailable(): boolean;
}

/**
 * One attempt's effects. A fresh collector per attempt (model try, guard retry, offline
 * answer) means a rejected or replaced reply leaves nothing behind: only the attempt whose
 * reply is committed has its proposal and verification request written.
 */
export function collectEffects(skill: string, now: () => number): CollectedEffects {
  let proposal: ProposedAction | null = null;
  let verification: { orderId: string | null } | null = null;
  let unavailable = false;
  return {
    propose(action) {
      proposal = { ...action, id: newId('p'), skill, proposedAt: now() };
      return proposal;
    },
    requireVerification(orderId) {
      // The first order asked about is the one the customer is asked to verify.
      if (!verification || (verification.orderId === null && orderId !== null)) verification = { orderId };
    },
    commerceUnavailable() {
      unavailable = true;
    },
    proposal: () => proposal,
    verification: () => verification,
    unavailable: () => unavailable,
  };
}
