import type { StoredMessage, ToolCallRecord } from '../core/conversation.js';
import type { ProposalDecider, TurnResult } from '../core/engine.js';
import { ProposalNotFoundError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { confirmedActionRecord, runProposal } from './action-runner.js';
import type { EngineContext } from './engine-context.js';
import { PROPOSAL_MAX_AGE_MS, renderActionResult } from './proposal-step.js';
import { goneError } from './turn-conversation.js';
import { currentCustomer } from '../core/identity.js';

/**
 * A pending proposal confirmed or declined outside a customer message (the widget's buttons, an
 * agent in the panel): claimed in one compare-and-set, run as the conversation's verified
 * customer, and answered with the outcome.
 */
export function decideProposal(
  ctx: EngineContext,
  input: { conversationId: string; proposalId: string; decision: 'confirm' | 'decline'; by: ProposalDecider },
): Promise<TurnResult> {
  const { store, clock, deps } = ctx;
  const { conversationId, proposalId, decision, by } = input;
  return store.withLock(
    `conv:${conversationId}`,
    async () => {
      const conversation = await store.getConversation(conversationId);
      if (!conversation) throw await goneError(store, conversationId);
      const proposal = conversation.proposal;
      // The customer's own button needs their sign-in to be current; an agent's approval does not.
      const customer = by.kind === 'customer_button' ? currentCustomer(conversation.customer, clock.now()) : (conversation.customer ?? null);
      if (!proposal || proposal.id !== proposalId || !customer) throw new ProposalNotFoundError(proposalId);
      // Claimed first, in one compare-and-set: a second press, or a "yes" racing the button, finds nothing to run.
      let claimed = false;
      await store.updateConversation(conversationId, (cur) => {
        claimed = cur.proposal?.id === proposalId;
        return claimed ? { ...cur, proposal: undefined } : null;
      });
      if (!claimed) throw new ProposalNotFoundError(proposalId);
      // A button carries no text: the result is told in the conversation's language.
      const pack = deps.locales.get(conversation.dialogue?.language ?? null);
      const expired = decision === 'confirm' && clock.now() - proposal.proposedAt > PROPOSAL_MAX_AGE_MS;
      let text: string;
      const tools: ToolCallRecord[] = [];
      if (decision === 'confirm' && !expired) {
        const ranAt = performance.now();
        const result = await runProposal({ proposal, customer, commerce: deps.commerce, store, clock, conversationId, confirmedBy: by, retentionSeconds: deps.auditRetentionSeconds });
        tools.push(confirmedActionRecord(proposal, result, performance.now() - ranAt));
        text = renderActionResult(result, pack);
      } else {
        text = expired ? pack.replies.proposal_expired : pack.replies.proposal_declined;
      }
      const now = clock.now();
      const message: StoredMessage = { id: newId('m'), role: 'bot', text, at: now, skill: proposal.skill, offline: false, tools, flags: [] };
      await store.appendMessage(conversationId, message);
      const updated = await store.updateConversation(conversationId, (cur) => ({ ...cur, updatedAt: now, lastMessage: { role: 'bot', text, at: now } }));
      ctx.publish({ type: 'message', conversationId, message });
      if (updated) ctx.publish({ type: 'conversation', conversation: updated });
      return {
        conversationId,
        duplicate: false,
        route: null,
        reply: { messageId: message.id, text, offline: false, skill: proposal.skill, status: 'sent', tools, flags: [] },
        mode: updated?.mode ?? conversation.mode,
      };
    },
    ctx.lock,
  );
}
