import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { InboundActivity } from './activity-schema.js';
import { tenantOf } from './activity-schema.js';

/**
 * What is stored in Conversation.channelRef to message the conversation later (agent replies,
 * "an agent joined", approved drafts): a Bot Framework conversation reference. The serviceUrl
 * in it came from an authenticated activity, so tokens are only ever sent where the Bot
 * Framework service told us to.
 */
export const teamsReferenceSchema = z.object({
  kind: z.literal('teams'),
  serviceUrl: z.string().url(),
  channelId: z.string().min(1),
  conversation: z.object({
    id: z.string().min(1),
    tenantId: z.string().optional(),
    conversationType: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  bot: z.object({ id: z.string().min(1), name: z.string().optional() }),
  user: z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() }),
  locale: z.string().optional(),
});

export type TeamsReference = z.infer<typeof teamsReferenceSchema>;

export function referenceFrom(activity: InboundActivity): TeamsReference {
  const tenantId = tenantOf(activity);
  const { conversation, from, recipient } = activity;
  return {
    kind: 'teams',
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    conversation: {
      id: conversation.id,
      ...(tenantId ? { tenantId } : {}),
      ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(conversation.isGroup !== undefined ? { isGroup: conversation.isGroup } : {}),
    },
    bot: { id: recipient.id, ...(recipient.name ? { name: recipient.name } : {}) },
    user: {
      id: from.id,
      ...(from.name ? { name: from.name } : {}),
      ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
    },
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}

/**
 * Engine conversation id for a Bot Framework conversation: a hash, so it is a safe, fixed-length
 * id whatever Teams puts in its own ids (`19:…@thread.tacv2;messageid=…`), and the same on every
 * delivery. The tenant is part of it so two tenants can never share a conversation.
 */
export function teamsConversationId(activity: Pick<InboundActivity, 'channelId' | 'conversation' | 'channelData'>): string {
  const tenant = activity.conversation.tenantId ?? activity.channelData?.tenant?.id ?? '';
  const digest = createHash('sha256').update(`${activity.channelId}\n${tenant}\n${activity.conversation.id}`).digest('hex');
  return `teams_${digest.slice(0, 40)}`;
}

/** The stored reference, or null when the conversation did not come from Teams (or predates this format). */
export function storedReference(channelRef: Record<string, unknown> | undefined): TeamsReference | null {
  const parsed = teamsReferenceSchema.safeParse(channelRef);
  return parsed.success ? parsed.data : null;
}

/** True when the stored reference would send somewhere else than this activity's. */
export function referenceChanged(stored: TeamsReference | null, next: TeamsReference): boolean {
  // Both sides through the schema, so key order cannot make equal references look different.
  return JSON.stringify(stored) !== JSON.stringify(teamsReferenceSchema.parse(next));
}
