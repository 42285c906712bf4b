import type { ProposedAction } from '../core/actions.js';
import type { ReplyAttachments } from '../core/skill.js';
import { fillTemplate, type LocalePack, type LocalePacks } from '../locale/locale-packs.js';
import { refusalText } from '../locale/refusal-text.js';
import { replyIntent } from '../locale/reply-intent.js';
import type { ActionResult } from './action-runner.js';

/** A proposal older than this is not run on a late "yes": the facts it was checked against may have changed. */
export const PROPOSAL_MAX_AGE_MS = 30 * 60_000;

export type ProposalDecision = { kind: 'confirm' | 'decline' | 'expired'; language: string | null } | { kind: 'other' };

/**
 * What the customer's next message does to a pending proposal: confirms it, declines it, or
 * asks something else (the proposal then lapses). Decided from their words, in any language
 * of the locale packs; never from the bot's reply text.
 */
export function proposalDecision(proposal: ProposedAction, text: string, locales: LocalePacks, now: number): ProposalDecision {
  const { intent, language } = replyIntent(text, locales.all(), proposal.kind);
  if (intent === 'other') return { kind: 'other' };
  if (intent === 'confirm' && now - proposal.proposedAt > PROPOSAL_MAX_AGE_MS) return { kind: 'expired', language };
  return { kind: intent, language };
}

/** The attachment channels turn into confirm and decline buttons. */
export function proposalAttachment(p: ProposedAction): NonNullable<ReplyAttachments['proposal']> {
  return { id: p.id, kind: p.kind, orderId: p.orderId, ...(p.itemName ? { itemName: p.itemName } : {}) };
}

/**
 * The customer-facing words for what running a proposal did, from the locale pack's templates.
 * The next steps are the store's own policy text (its process, its addresses), quoted as the
 * store wrote them, as the offline playbooks quote them; what the engine itself says around
 * them (done, next steps, how the refund goes) is the pack's, in the customer's language.
 */
export function renderActionResult(result: ActionResult, pack: LocalePack): string {
  if (result.outcome === 'failed') return pack.replies.action_failed;
  if (result.outcome === 'refused') return fillTemplate(pack.replies.action_refused, { explanation: refusalText(pack.refusals, pack.language, result) });
  const head = fillTemplate(pack.replies[`executed_${result.kind}`], { id: result.id, item: result.itemName ?? '', order: result.orderId });
  if (result.kind === 'cancel_order') return head;
  const steps = result.refund ? [...result.steps, fillTemplate(pack.replies.refund_step, { method: result.refund.method, days: result.refund.days })] : result.steps;
  if (steps.length === 0) return head;
  return `${head}\n${pack.replies.next_steps}\n${steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}`;
}
