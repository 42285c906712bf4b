import { z } from 'zod';
import type { Conversation, ConversationFlag, StoredMessage } from '../core/conversation.js';
import { MODES } from '../core/conversation.js';
import type { ProposedAction } from '../core/actions.js';
import type { VerifiedCustomer } from '../core/identity.js';
import { maskEmail } from '../privacy/pii.js';

/**
 * What the panel sees of a conversation. Built field by field, never by spreading the stored
 * object, so secrets (the web chat token hash) and channel internals never reach a browser.
 */
export interface ConversationSummary {
  id: string;
  channel: Conversation['channel'];
  customer: { id: string; name?: string };
  mode: Conversation['mode'];
  modeSource: 'default' | 'agent';
  agent: string | null;
  activeSkill: string | null;
  flags: ConversationFlag[];
  lastMessage: Conversation['lastMessage'] | null;
  waitingSince: number | null;
  createdAt: number;
  updatedAt: number;
  /** Who the customer was verified as, and how; the e-mail masked (the panel needs to recognise, not to reuse it). */
  verified: { as: string; customerId: string | null; method: VerifiedCustomer['method']; at: number; viaOrder: string | null } | null;
  /** A change waiting for the customer's confirmation (or an agent's approval). */
  proposal: Pick<ProposedAction, 'id' | 'kind' | 'orderId' | 'detail' | 'skill' | 'proposedAt'> & { sku: string | null; itemName: string | null } | null;
  /** The guest verification the bot is waiting for (the order asked about), if any. */
  awaitingVerification: { orderId: string | null; since: number } | null;
}

export function summarize(c: Conversation): ConversationSummary {
  return {
    id: c.id,
    channel: c.channel,
    customer: { id: c.user.id, ...(c.user.name ? { name: c.user.name } : {}) },
    mode: c.mode,
    modeSource: c.modeSource ?? 'default',
    agent: c.agent ?? null,
    activeSkill: c.activeSkill,
    flags: [...c.flags],
    lastMessage: c.lastMessage ? { role: c.lastMessage.role, text: c.lastMessage.text, at: c.lastMessage.at } : null,
    waitingSince: c.waitingSince ?? null,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    verified: c.customer
      ? { as: maskEmail(c.customer.email), customerId: c.customer.customerId ?? null, method: c.customer.method, at: c.customer.verifiedAt, viaOrder: c.customer.viaOrder ?? null }
      : null,
    proposal: c.proposal
      ? {
          id: c.proposal.id,
          kind: c.proposal.kind,
          orderId: c.proposal.orderId,
          sku: c.proposal.sku ?? null,
          itemName: c.proposal.itemName ?? null,
          detail: c.proposal.detail,
          skill: c.proposal.skill,
          proposedAt: c.proposal.proposedAt,
        }
      : null,
    awaitingVerification: c.verification && !c.customer ? { orderId: c.verification.orderId, since: c.verification.askedAt } : null,
  };
}

export const FLAGS: readonly ConversationFlag[] = [
  'low_confidence',
  'asked_for_human',
  'offline_reply',
  'guard_triggered',
  'repeated_other',
  'escalated',
  'verification_failed',
  'commerce_unavailable',
];

const token = z.string().trim().max(64).regex(/^[A-Za-z0-9_-]*$/, 'must be an id');

/** Query string of GET /api/agent/conversations. Empty values mean "any". */
export const listQuerySchema = z
  .object({
    skill: token.optional(),
    channel: z.enum(['', 'webchat', 'teams', 'slack']).optional(),
    mode: z.enum(['', ...MODES]).optional(),
    flag: z.enum(['', ...FLAGS]).optional(),
    q: z.string().max(200, 'search text is at most 200 characters').optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

export type ListQuery = z.infer<typeof listQuerySchema>;

export function matchesFilters(c: ConversationSummary, f: ListQuery): boolean {
  if (f.skill && c.activeSkill !== f.skill) return false;
  if (f.channel && c.channel !== f.channel) return false;
  if (f.mode && c.mode !== f.mode) return false;
  if (f.flag && !c.flags.includes(f.flag)) return false;
  return true;
}

/** Case- and accent-insensitive substring search. */
export function normaliseForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export function summaryMatchesText(c: ConversationSummary, needle: string): boolean {
  const hay = [c.id, c.customer.name ?? '', c.customer.id, c.agent ?? '', c.lastMessage?.text ?? ''].join('\n');
  return normaliseForSearch(hay).includes(needle);
}

export function messagesMatchText(messages: StoredMessage[], needle: string): boolean {
  return messages.some((m) => normaliseForSearch(m.text).includes(needle));
}
