import type { SkillAnswer } from '../core/skill.js';
import { cues, OFFER } from './intent-cues.js';
import { askedFor, itemList, lastSubstantive, lookUpOrder, stemSet } from './order-lookup.js';
import type { OfflineTurn } from './offline-turn.js';
import { guessCategory } from './category-guess.js';
import { categoryLabel } from './category-labels.js';
import { listing, numbered } from './reply-text.js';
import type { EligibilityResult, PolicyResult, StartReturnResult } from './tool-shapes.js';

const ORDER_HINT = 'your order number (it is in your order confirmation email)';

/** Policy rules that mention what the customer talks about first ("mattress" -> the sleep trial). */
function relevance(rule: string, text: string): number {
  const said = stemSet(text);
  return [...stemSet(rule)].filter((s) => said.has(s) && s.length > 3 && !GENERIC.has(s)).length;
}

function relevantFirst(rules: readonly string[], text: string): string[] {
  return [...rules].sort((a, b) => relevance(b, text) - relevance(a, text));
}

// Words every rule shares with every returns question; they say nothing about which rule applies.
const GENERIC = new Set(['return', 'item', 'refund', 'days', 'day', 'deliver', 'delivery', 'within', 'cannot', 'bought', 'open', 'back']);

/** The customer says the item was opened or used ("I opened it", "abierto", "geöffnet", "ouvert"). */
const OPENED = /\b(?:opened|open(?:ed)? it|unsealed|seal (?:is )?broken|broke the seal|used (?:it|some)|tried (?:it|some)|abiert[oa]|ge(?:ö|oe)ffnet|ouvert)\b/i;

async function policyAnswer(turn: OfflineTurn): Promise<SkillAnswer> {
  const { conv, commerce } = turn;
  // A short follow-up ("and for laptops?", "how many days?") keeps the product talked about before;
  // a full question about the policy in general does not.
  const followUp = conv.text.split(/\s+/).length <= 6 && !/\bpolic/i.test(conv.text);
  const context = followUp ? [conv.text, ...conv.earlier.slice(0, 2)].join(' ') : conv.text;
  const category = (await guessCategory(commerce, conv.text)) ?? (followUp ? await guessCategory(commerce, context) : null);
  const policy = await turn.call<PolicyResult>('get_return_policy', category ? { category } : {});
  if (!policy || !policy.found) {
    return turn.answer(`I can check that for you. Please send me ${ORDER_HINT} and tell me which item you'd like to return.`);
  }
  const refund = `Refunds go ${policy.refund_method} within ${policy.refund_days} days of the item reaching us.`;
  if (cues.asksRefundStatus(conv.text)) {
    return turn.answer(`${refund} If it has been longer than that, send me ${ORDER_HINT} and I'll check the return.`);
  }
  if (policy.category && policy.returnable === false) {
    const reason = policy.non_returnable[0] ?? `${categoryLabel(commerce, policy.category)} cannot be returned.`;
    return turn.answer(`${reason} If it is faulty or never arrived, send me ${ORDER_HINT} and I'll look into it.`);
  }
  if (policy.category && policy.returnable_when_opened === false && OPENED.test(context)) {
    const reason = policy.non_returnable.find((r) => /open/i.test(r)) ?? 'Opened items in this category cannot be returned.';
    const stem = reason.replace(/;\s*(?:sealed|unopened)[^.;]*\.?$/i, '.');
    return turn.answer(`${stem} Sealed, unopened ones can be returned within ${policy.window_days} days of delivery. If the item is faulty, send me ${ORDER_HINT} and I'll check the warranty.`);
  }
  if (policy.category && policy.window_days !== undefined) {
    // Only the rules that speak to what the customer mentioned ("mattress" -> the sleep trial).
    const rules = relevantFirst(policy.exceptions, context).filter((r) => relevance(r, context) > 0).slice(0, 1);
    const blocked = relevantFirst(policy.non_returnable, context).filter((r) => relevance(r, context) > 0).slice(0, 1);
    return turn.answer(
      `${categoryLabel(commerce, policy.category)} can be returned within ${policy.window_days} days of delivery. ` +
        `${[...rules, ...blocked].join(' ')} ${refund}\nTo check your item or start a return, please send me ${ORDER_HINT}.`.replace(/(?<!\s)\s+\n/, '\n'),
    );
  }
  const def = policy.default_window_days ?? 30;
  const different = Object.entries(policy.windows ?? {})
    .filter(([, d]) => d !== def)
    .map(([c, d]) => `${categoryLabel(commerce, c).toLowerCase()} ${d} days`);
  return turn.answer(
    `Most items can be returned within ${def} days of delivery${different.length ? ` (${listing(different)})` : ''}. ` +
      `${policy.non_returnable.slice(0, 2).join(' ')} ${refund}\nSend me ${ORDER_HINT} and I'll check whether your item can go back.`,
  );
}

/**
 * Returns: with an order number, check the item's eligibility (and start the return
 * when the customer clearly asked for it and the item is clear); without one, explain
 * the relevant policy and ask for the order number.
 */
export async function returnsHandler(turn: OfflineTurn): Promise<SkillAnswer> {
  const { conv } = turn;
  const facts = await lookUpOrder(turn);
  if (!facts.orderId) return policyAnswer(turn);
  // The engine asks for the e-mail in the customer's language (the tool recorded the request).
  if (facts.verificationNeeded) return turn.answer('');
  if (!facts.order) {
    return turn.answer(`I couldn't find order ${facts.orderId}. Could you double-check the number? It's in your order confirmation email.`);
  }
  const { order, item } = facts;
  const wants = askedFor(turn, cues.wantsReturn);

  if (order.status === 'processing' && cues.mentionsCancel(conv.text)) {
    if (turn.can('cancel_order')) {
      const cancel = await turn.call<{ proposed: boolean; explanation?: string }>('cancel_order', { order_id: order.id, reason: conv.text.slice(0, 400) });
      if (cancel?.proposed) return turn.answer(`${cancel.explanation ?? ''}
Shall I cancel order ${order.id}? Reply yes to confirm.`.trim());
      if (cancel?.explanation) return turn.answer(cancel.explanation);
    }
    return turn.answer(`Order ${order.id} hasn't shipped yet, so it can still be cancelled. A member of our team can do it right away. Shall I connect you?`, { offerHuman: true });
  }
  if (!item && order.items.length > 1 && wants) {
    return turn.answer(`${OFFER.askItem} from order ${order.id} would you like to return: ${itemList(order.items)}?`);
  }

  const check = await turn.call<EligibilityResult>('check_return_eligibility', { order_id: order.id, ...(item ? { sku: item.sku } : {}) });
  if (!check) return turn.answer(`I couldn't check order ${order.id} just now. Please try again in a moment, or ask for a member of our team.`, { offerHuman: true });
  if (cues.asksRefundStatus(conv.text) && check.reason !== 'already_requested' && check.reason !== 'already_returned') {
    return turn.answer(`I don't see a return for order ${order.id} yet, so no refund is on its way. ${check.explanation}`);
  }

  // An eligible item is proposed at once: nothing happens until the customer confirms (their next message or the button).
  if (item && check.eligible && turn.can('start_return')) {
    const reason = lastSubstantive(turn, (t) => !cues.isAffirmative(t) && t.trim().length > 3) ?? 'Requested in chat';
    const proposed = await turn.call<StartReturnResult>('start_return', { order_id: order.id, sku: item.sku, reason });
    if (proposed?.proposed) return turn.answer(`${check.explanation}\n${OFFER.startReturn} for ${item.name}? Reply yes to confirm.`);
    if (proposed && !proposed.proposed && proposed.explanation) return turn.answer(proposed.explanation);
  }

  if (check.eligible) return turn.answer(check.explanation);
  const extra = new Map<string, string>([['item_not_in_order', 'Which item from the order did you mean?']]).get(check.reason);
  return turn.answer(`${check.explanation}${extra ? ` ${extra}` : ''}`);
}
