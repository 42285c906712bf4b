import type { Product, ReturnRequest } from '../core/commerce.js';
import { addDays, daysBetween, humanDate, isoDate } from './day-math.js';
import type { Order, OrderItem } from '../core/commerce.js';
import type { CategoryInfo, ReturnEligibilityDetail, StoreReturnPolicy, ItemEligibility, RuleScope } from './store-types.js';

export interface ReturnFacts {
  policy: StoreReturnPolicy;
  categories: ReadonlyMap<string, CategoryInfo>;
  now: number;
}

/** Whether a policy rule's scope covers this order item. */
export function ruleApplies(rule: RuleScope, item: OrderItem, product: Product): boolean {
  if (rule.category !== undefined && rule.category !== product.category) return false;
  if (rule.sku !== undefined && rule.sku !== product.sku) return false;
  if (rule.tag !== undefined && !product.tags.some((t) => t.toLowerCase() === rule.tag!.toLowerCase())) return false;
  if (rule.whenOpened !== undefined && (item.opened ?? false) !== rule.whenOpened) return false;
  if (rule.onSale !== undefined && (item.onSale ?? false) !== rule.onSale) return false;
  return true;
}

/** The return window for an item and the policy text that sets it. */
export function windowFor(policy: StoreReturnPolicy, item: OrderItem, product: Product, categoryLabel: string): { days: number; source: string } {
  const exception = policy.exceptions.find((e) => e.windowDays !== undefined && ruleApplies(e, item, product));
  if (exception?.windowDays !== undefined) return { days: exception.windowDays, source: exception.rule };
  const w = policy.windows.find((x) => x.category === product.category);
  if (w) return { days: w.days, source: `Our returns policy gives ${w.days} days from delivery for ${categoryLabel.toLowerCase()}.` };
  return { days: policy.defaultWindowDays, source: `Our returns policy gives ${policy.defaultWindowDays} days from delivery.` };
}

const lowerFirst = (s: string): string => (s ? `${s[0]!.toLowerCase()}${s.slice(1)}` : s);

const base = (orderId: string, sku: string | null) => ({ orderId, sku, windowDays: null, daysSinceDelivery: null, lastDay: null });

/** Eligibility of one order item (the order is known to contain it). */
export function itemEligibility(
  order: Order,
  item: OrderItem,
  product: Product,
  facts: ReturnFacts,
  existing: ReturnRequest | null,
): ReturnEligibilityDetail {
  const label = facts.categories.get(product.category)?.label ?? product.category;
  const what = `${item.name} (${item.sku})`;
  if (order.status === 'cancelled') {
    return { ...base(order.id, item.sku), eligible: false, reason: 'cancelled', summary: 'order cancelled', explanation: `Order ${order.id} was cancelled, so there is nothing to return; any payment was refunded ${facts.policy.refundMethod}.` };
  }
  if (existing) {
    return {
      ...base(order.id, item.sku),
      eligible: false,
      reason: 'already_requested',
      explanation: `A return for ${what} was already started on ${humanDate(Date.parse(existing.createdAt))} (return ${existing.id}); follow the instructions sent with it. Once it reaches us, the refund goes ${facts.policy.refundMethod} within ${facts.policy.refundDays} days.`,
      summary: `return ${existing.id} already started`,
    };
  }
  if (order.status === 'returned' || item.returned) {
    return { ...base(order.id, item.sku), eligible: false, reason: 'already_returned', summary: 'already returned', explanation: `${what} from order ${order.id} has already been returned; the refund goes ${facts.policy.refundMethod} within ${facts.policy.refundDays} days of it reaching us.` };
  }
  if (order.status === 'processing' || order.status === 'shipped' || order.deliveredAt === null) {
    const state = order.status === 'processing' ? 'has not shipped yet' : 'is still on its way';
    const w = windowFor(facts.policy, item, product, label);
    return {
      ...base(order.id, item.sku),
      windowDays: w.days,
      eligible: false,
      reason: 'not_delivered',
      summary: `${w.days}-day return window once delivered`,
      explanation: `Order ${order.id} ${state}, so it cannot be returned yet. Once it is delivered you have ${w.days} days to return ${item.name}.${order.status === 'processing' ? ' An order that has not shipped can usually be cancelled instead; a support agent can do that for you.' : ''}`,
    };
  }
  const blocked = facts.policy.nonReturnable.find((r) => ruleApplies(r, item, product));
  if (blocked) {
    return { ...base(order.id, item.sku), eligible: false, reason: 'non_returnable', summary: `not returnable (${lowerFirst(blocked.reason.replace(/\.$/, ''))})`, explanation: `${what} cannot be returned: ${blocked.reason}` };
  }
  const delivered = Date.parse(order.deliveredAt);
  const w = windowFor(facts.policy, item, product, label);
  const since = daysBetween(delivered, facts.now);
  const last = addDays(delivered, w.days);
  const common = { orderId: order.id, sku: item.sku, windowDays: w.days, daysSinceDelivery: since, lastDay: isoDate(last) };
  const deliveredText = `${item.name} was delivered on ${humanDate(delivered)} (${since === 0 ? 'today' : since === 1 ? 'yesterday' : `${since} days ago`})`;
  if (since > w.days) {
    return {
      ...common,
      eligible: false,
      reason: 'window_expired',
      summary: `return window closed on ${humanDate(last)}`,
      explanation: `${deliveredText}. ${w.source} The last day to return it was ${humanDate(last)}, so the return window has closed. If it has a fault, the warranty may still cover it.`,
    };
  }
  const notes = facts.policy.exceptions.filter((e) => e.windowDays === undefined && ruleApplies(e, item, product)).map((e) => ` ${e.rule}`);
  const remaining = w.days - since;
  return {
    ...common,
    eligible: true,
    reason: 'ok',
    summary: `returnable until ${humanDate(last)}`,
    explanation: `${deliveredText}. ${w.source} You can return it until ${humanDate(last)} (${remaining === 0 ? 'today is the last day' : `${remaining} day${remaining === 1 ? '' : 's'} left`}).${notes.join('')}`,
  };
}

/** Summary for an order with several items when no SKU was named: eligible if any item is. */
export function orderEligibility(order: Order, perItem: Array<{ item: OrderItem; result: ReturnEligibilityDetail }>, now: number): ReturnEligibilityDetail {
  const items: ItemEligibility[] = perItem.map(({ item, result }) => ({ sku: item.sku, name: item.name, eligible: result.eligible, reason: result.reason, lastDay: result.lastDay }));
  const reasons = new Set(items.map((i) => i.reason));
  const anyEligible = items.some((i) => i.eligible);
  const reason = reasons.size === 1 ? items[0]!.reason : anyEligible ? 'some_items_eligible' : 'not_eligible';
  const lines = perItem.map(({ item, result }) => `${item.name} (${item.sku}): ${result.summary ?? result.explanation.replace(/\.$/, '')}.`);
  const first = perItem[0]?.result.explanation ?? '';
  // Cancelled or not yet delivered is about the whole order: say it once, then the per-item facts.
  const orderLevel = reasons.size === 1 && (reason === 'cancelled' || reason === 'not_delivered');
  const explanation = orderLevel
    ? `${first.split('. ')[0]!.replace(/\.$/, '')}. ${reason === 'not_delivered' ? lines.join(' ') : ''}`.trim()
    : `Order ${order.id} has ${items.length} items. ${lines.join(' ')}${anyEligible ? ' Tell me which item you want to return.' : ''}`;
  return {
    orderId: order.id,
    sku: null,
    eligible: anyEligible,
    reason,
    explanation,
    windowDays: null,
    daysSinceDelivery: order.deliveredAt ? daysBetween(Date.parse(order.deliveredAt), now) : null,
    lastDay: null,
    items,
  };
}

/**
 * What the customer does next: the policy's steps, plus any rule that applies to this item
 * (collection, store credit), both the store's own text; and, when no step says how the refund
 * goes, the refund's method and days as data (the sentence is the engine's, in the customer's language).
 */
export function returnInstructions(policy: StoreReturnPolicy, item: OrderItem, product: Product): Pick<ReturnRequest, 'instructions' | 'refund'> {
  // The return now exists, so the policy's "start the return ..." step is already done.
  const steps = policy.howToReturn.filter((s) => !/^start\b/i.test(s.trim()));
  const special = policy.exceptions.filter((e) => ruleApplies(e, item, product)).map((e) => e.rule);
  const saysRefund = steps.some((s) => /refund/i.test(s));
  return { instructions: [...steps, ...special], ...(saysRefund ? {} : { refund: { method: policy.refundMethod, days: policy.refundDays } }) };
}
