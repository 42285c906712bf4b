import { createHash } from 'node:crypto';
import { z } from 'zod';

/** What is stored in Conversation.channelRef to post into the conversation later. */
export const slackReferenceSchema = z.object({
  kind: z.literal('slack'),
  teamId: z.string().min(1),
  channel: z.string().min(1),
  /** Set for channel threads; direct messages are answered in the DM itself. */
  threadTs: z.string().optional(),
});

export type SlackReference = z.infer<typeof slackReferenceSchema>;

/**
 * Engine conversation id: a direct message conversation is the DM (team + channel); a mention
 * in a channel starts or continues a thread, and each thread is its own conversation.
 */
export function slackConversationId(ref: SlackReference): string {
  const digest = createHash('sha256').update(`${ref.teamId}\n${ref.channel}\n${ref.threadTs ?? ''}`).digest('hex');
  return `slack_${digest.slice(0, 40)}`;
}

export function storedSlackReference(channelRef: Record<string, unknown> | undefined): SlackReference | null {
  const parsed = slackReferenceSchema.safeParse(channelRef);
  return parsed.success ? parsed.data : null;
}
