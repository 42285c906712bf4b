import { z } from 'zod';

const slackId = z.string().min(1).max(64);
const slackTs = z.string().regex(/^\d{1,12}\.\d{1,9}$/, 'must be a Slack timestamp');

/** Any request body from the Events API: only its type decides which schema applies. */
export const envelopeTypeSchema = z.looseObject({ type: z.string().min(1).max(64) });

export const urlVerificationSchema = z.looseObject({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(512),
});

/** The fields of an inner event this channel reads; the rest passes through. */
export const slackEventSchema = z.looseObject({
  type: z.string().min(1).max(64),
  subtype: z.string().max(64).optional(),
  user: slackId.optional(),
  bot_id: z.string().max(64).optional(),
  text: z.string().max(40_000).optional(),
  channel: slackId.optional(),
  channel_type: z.string().max(32).optional(),
  ts: slackTs.optional(),
  thread_ts: slackTs.optional(),
  /** reaction_added: the emoji name and the message it was added to. */
  reaction: z.string().max(100).optional(),
  item: z.looseObject({ type: z.string().max(32).optional(), channel: slackId.optional(), ts: slackTs.optional() }).optional(),
});

export const eventCallbackSchema = z.looseObject({
  type: z.literal('event_callback'),
  team_id: slackId,
  event_id: z.string().min(1).max(128),
  event: slackEventSchema,
});

export type SlackEvent = z.infer<typeof slackEventSchema>;
export type EventCallback = z.infer<typeof eventCallbackSchema>;
