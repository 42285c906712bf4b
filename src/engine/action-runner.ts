import { AUDIT_COLLECTION, auditCollectionOf, type AuditEntry, type ProposedAction, type RefusalFacts } from '../core/actions.js';

export { AUDIT_COLLECTION, auditCollectionOf } from '../core/actions.js';
import type { Clock } from '../core/clock.js';
import type { ToolCallRecord } from '../core/conversation.js';
import type { Commerce } from '../core/commerce.js';
import { CommerceUnavailableError } from '../core/errors.js';
import type { VerifiedCustomer } from '../core/identity.js';
import { newId } from '../core/ids.js';
import type { Store } from '../core/store.js';

/** Two years: long enough for disputes and chargebacks; AUDIT_RETENTION_DAYS changes it. */
export const DEFAULT_AUDIT_RETENTION_SECONDS = 730 * 24 * 3600;


/**
 * What running a proposal did, as data: the engine renders it in the customer's language. A
 * refusal is its reason code and the facts behind it (never the commerce layer's English text).
 */
export type ActionResult =
  | {
      outcome: 'executed';
      kind: ProposedAction['kind'];
      id: string;
      orderId: string;
      itemName: string | null;
      /** The store's own next steps (its policy text, in the store's language). */
      steps: string[];
      /** How the refund goes, when the store's steps do not say it: rendered in the customer's language. */
      refund?: { method: string; days: number };
    }
  | { outcome: 'refused'; kind: ProposedAction['kind']; orderId: string; reason: string; facts: RefusalFacts }
  | { outcome: 'failed'; kind: ProposedAction['kind']; orderId: string; reason: string };

export type ConfirmedBy = AuditEntry['confirmedBy'];

/**
 * Runs a confirmed proposal server-side, as the conversation's verified customer, and writes
 * one audit entry whatever the outcome. The commerce layer re-checks ownership and eligibility,
 * so a proposal that went stale (the window closed, the order shipped) is refused, not forced.
 */
export async function runProposal(input: {
  proposal: ProposedAction;
  customer: VerifiedCustomer;
  commerce: Commerce;
  store: Pick<Store, 'putRecord'>;
  clock: Clock;
  conversationId: string;
  confirmedBy: ConfirmedBy;
  /** How long audit entries are kept (they outlive the transcript, not forever). */
  retentionSeconds?: number;
}): Promise<ActionResult> {
  const { proposal: p, customer, commerce } = input;
  let result: ActionResult;
  try {
    switch (p.kind) {
      case 'start_return': {
        const r = await commerce.startReturn(customer, { orderId: p.orderId, sku: p.sku ?? '', reason: p.detail || 'requested in chat', sourceConversation: input.conversationId });
        result = { outcome: 'executed', kind: p.kind, id: r.id, orderId: r.orderId, itemName: p.itemName ?? r.sku, steps: r.instructions, ...(r.refund ? { refund: r.refund } : {}) };
        break;
      }
      case 'open_warranty_claim': {
        const c = await commerce.openWarrantyClaim(customer, { orderId: p.orderId, sku: p.sku ?? '', issue: p.detail || 'fault reported in chat', sourceConversation: input.conversationId });
        result = { outcome: 'executed', kind: p.kind, id: c.id, orderId: c.orderId, itemName: p.itemName ?? c.sku, steps: c.nextSteps };
        break;
      }
      case 'cancel_order': {
        const c = await commerce.cancelOrder(customer, { orderId: p.orderId, reason: p.detail, sourceConversation: input.conversationId });
        result = c.cancelled
          ? { outcome: 'executed', kind: p.kind, id: c.orderId, orderId: c.orderId, itemName: null, steps: [c.explanation] }
          : { outcome: 'refused', kind: p.kind, orderId: c.orderId, reason: c.reason, facts: { ...proposalFacts(p), orderId: c.orderId } };
        break;
      }
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && !(err instanceof CommerceUnavailableError)) {
      result = { outcome: 'refused', kind: p.kind, orderId: p.orderId, reason: code, facts: { ...proposalFacts(p), ...refusalFactsOf(err) } };
    } else {
      result = { outcome: 'failed', kind: p.kind, orderId: p.orderId, reason: err instanceof CommerceUnavailableError ? 'commerce_unavailable' : 'error' };
    }
  }
  const entry: AuditEntry = {
    id: newId('a'),
    action: p.kind,
    orderId: p.orderId,
    ...(p.sku ? { sku: p.sku } : {}),
    outcome: result.outcome,
    result: result.outcome === 'executed' ? result.id : result.reason,
    verifiedBy: customer.method,
    confirmedBy: input.confirmedBy,
    at: input.clock.now(),
    sourceConversation: input.conversationId,
  };
  const ttl = { ttlSeconds: input.retentionSeconds ?? DEFAULT_AUDIT_RETENTION_SECONDS };
  await input.store.putRecord(AUDIT_COLLECTION, entry.id, entry, ttl);
  await input.store.putRecord(auditCollectionOf(input.conversationId), entry.id, entry, ttl);
  return result;
}

/** What the proposal itself says about the order and the item (the refusal's own facts come on top). */
function proposalFacts(p: ProposedAction): RefusalFacts {
  return { orderId: p.orderId, ...(p.sku ? { sku: p.sku } : {}), ...(p.itemName ? { itemName: p.itemName } : {}) };
}

const FACT_TYPES: ReadonlyMap<keyof RefusalFacts, 'string' | 'number'> = new Map([
  ['orderId', 'string'],
  ['sku', 'string'],
  ['itemName', 'string'],
  ['windowDays', 'number'],
  ['lastDay', 'string'],
  ['expiresOn', 'string'],
  ['months', 'number'],
]);

/** The facts a commerce refusal carries (CommerceRuleError.facts), each of its known name and type; anything else is left out. */
function refusalFactsOf(err: unknown): RefusalFacts {
  const facts = (err as { facts?: unknown }).facts;
  if (typeof facts !== 'object' || facts === null) return {};
  const out: Record<string, string | number> = {};
  for (const [name, type] of FACT_TYPES) {
    const value: unknown = Object.hasOwn(facts, name) ? (facts as Record<string, unknown>)[name] : undefined;
    if (typeof value === type && (type === 'string' || Number.isFinite(value))) out[name] = value as string | number;
  }
  return out as RefusalFacts;
}

/** The name an executed proposal carries in the turn's tool records (apart from the tools that only propose). */
export const CONFIRMED_ACTION = 'confirmed_action';

/** The turn's record of a confirmed action, for the transcript, the panel and the answer checks. */
export function confirmedActionRecord(p: ProposedAction, result: ActionResult, durationMs: number): ToolCallRecord {
  return {
    name: CONFIRMED_ACTION,
    arguments: { kind: p.kind, order_id: p.orderId, ...(p.sku ? { sku: p.sku } : {}) },
    result,
    ok: result.outcome === 'executed',
    durationMs,
  };
}
