import type { ConversationFlag } from '../core/conversation.js';

/**
 * Names of the per-day counters. A field is `<dimension>|<metric>`: the dimension is `all`, a
 * skill (`s:<skill>`) or a skill's prompt variant (`v:<skill>:<variant>`); metrics are the fixed
 * names below. Skill and variant ids are validated by the skill loader, methods and reasons are
 * enumerations: no field ever holds customer text.
 */
export const ALL = 'all';
export const skillDim = (skill: string): string => `s:${skill}`;
export const variantDim = (skill: string, variant: string): string => `v:${skill}:${variant}`;
export const field = (dim: string, metric: string): string => `${dim}|${metric}`;

export const METRICS = {
  conversations: 'conversations',
  messages: 'messages',
  /** Turns the bot answered (sent, drafted or busy). */
  replies: 'replies',
  offline: 'offline',
  guard: 'guard',
  handoffs: 'handoffs',
  unanswered: 'unanswered',
  tokens: 'tokens',
  costMicros: 'cost_micro_usd',
  /** Conversation episodes whose outcome is known (24 hours after their last message). */
  ended: 'ended',
  resolved: 'resolved',
  /** The customer came back on the same topic (more than the session gap later, within 24 hours). */
  returned: 'returned',
  ratingUp: 'rating_up',
  ratingDown: 'rating_down',
} as const;

export const methodMetric = (method: string): string => `m:${method}`;
export const handoffMetric = (reason: HandoffReason): string => `h:${reason}`;

export const ROUTE_METHODS = ['local', 'model', 'sticky', 'clarify', 'fallback', 'agent'] as const;

export const HANDOFF_REASONS = [
  'asked_for_human',
  'guard_triggered',
  'verification_failed',
  'out_of_scope_twice',
  'unclear_twice',
  'skill_default_human',
  'agent_took_over',
  'other',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** Why a turn that handed off did so, from what the turn recorded (most specific first). */
export function handoffReason(flags: readonly ConversationFlag[], defaultHuman: boolean): HandoffReason {
  if (defaultHuman) return 'skill_default_human';
  if (flags.includes('verification_failed')) return 'verification_failed';
  if (flags.includes('asked_for_human')) return 'asked_for_human';
  if (flags.includes('guard_triggered')) return 'guard_triggered';
  if (flags.includes('repeated_other')) return 'out_of_scope_twice';
  if (flags.includes('low_confidence')) return 'unclear_twice';
  return 'other';
}

/** Why a message counts as unanswered (a topic candidate). */
export type UnansweredKind = 'other_low_confidence' | 'clarify' | 'fallback' | 'handoff';
