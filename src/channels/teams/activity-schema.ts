import { z } from 'zod';

const id = (max: number) => z.string().min(1).max(max);

const httpUrl = z
  .string()
  .max(2048)
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), { message: 'must be an http(s) URL' });

const channelAccount = z.looseObject({
  id: id(512),
  name: z.string().max(512).optional(),
  aadObjectId: z.string().max(128).optional(),
  role: z.string().max(64).optional(),
});

const conversationAccount = z.looseObject({
  id: id(1024),
  tenantId: z.string().max(128).optional(),
  conversationType: z.string().max(64).optional(),
  isGroup: z.boolean().optional(),
  name: z.string().max(512).optional(),
});

const entity = z.looseObject({
  type: z.string().max(128),
  text: z.string().max(1024).optional(),
  mentioned: z.looseObject({ id: z.string().max(512), name: z.string().max(512).optional() }).optional(),
});

/**
 * The part of a Bot Framework Activity this channel reads. Unknown fields pass through
 * untouched (Teams adds new ones often); what is read is typed and bounded.
 */
export const activitySchema = z.looseObject({
  type: id(64),
  id: id(512).optional(),
  channelId: id(64),
  serviceUrl: httpUrl,
  from: channelAccount,
  recipient: channelAccount,
  conversation: conversationAccount,
  text: z.string().max(100_000).optional(),
  locale: z.string().max(32).optional(),
  entities: z.array(entity).max(200).optional(),
  membersAdded: z.array(channelAccount).max(1000).optional(),
  /** Invoke activities: their name and value (e.g. message/submitAction for a feedback button). */
  name: z.string().max(128).optional(),
  value: z.unknown().optional(),
  replyToId: z.string().max(512).optional(),
  channelData: z
    .looseObject({ tenant: z.looseObject({ id: z.string().max(128) }).optional() })
    .optional(),
});

export type InboundActivity = z.infer<typeof activitySchema>;
export type ActivityEntity = z.infer<typeof entity>;

/** Teams puts the tenant on the conversation; older payloads only in channelData. */
export function tenantOf(activity: InboundActivity): string | undefined {
  return activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
}

/** Teams' feedback buttons on a bot reply: a message/submitAction invoke whose action is "feedback". */
const feedbackValue = z.looseObject({
  actionName: z.literal('feedback'),
  actionValue: z.looseObject({ reaction: z.enum(['like', 'dislike']) }),
});

/** The rating a feedback press means, or null when the activity is not one. */
export function feedbackRating(activity: InboundActivity): 'up' | 'down' | null {
  if (activity.type !== 'invoke' || activity.name !== 'message/submitAction') return null;
  const parsed = feedbackValue.safeParse(activity.value);
  if (!parsed.success) return null;
  return parsed.data.actionValue.reaction === 'like' ? 'up' : 'down';
}
