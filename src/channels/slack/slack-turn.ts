import type { Clock } from '../../core/clock.js';
import { startConversation, type Conversation } from '../../core/conversation.js';
import type { Engine } from '../../core/engine.js';
import type { Logger } from '../../core/logger.js';
import type { ReplyAttachments } from '../../core/skill.js';
import type { Store } from '../../core/store.js';
import type { SlackApi } from './slack-api.js';
import { slackConversationId, storedSlackReference, type SlackReference } from './slack-conversation.js';
import type { SlackEvent } from './slack-event-schema.js';
import { fromSlackText, slackMessage, toMrkdwn } from './slack-text.js';

export interface SlackTurnDeps {
  api: SlackApi;
  engine: Engine;
  store: Store;
  clock: Clock;
  logger: Logger;
  maxMessageChars: number;
  formatPrice: (price: number) => string;
}

export const EMPTY_MESSAGE_HINT =
  "Hi! I'm the store's support assistant. I can recommend products, help with returns and check warranties. " +
  'Tell me what you need, or say "agent" to talk to a person from our team.';

const FAILURE_TEXT = "Sorry, I couldn't answer that just now. Please send your message again in a moment.";

/** A customer message that passed the route's checks: a DM to the bot or a mention of it. */
export interface SlackInbound {
  kind: 'im' | 'mention';
  teamId: string;
  event: SlackEvent & { user: string; channel: string; ts: string };
  /** When the event reached us (not when its queued work started): an erasure in between must win. */
  receivedAt: number;
}

/** Where this message belongs: its conversation, and the thread a reply goes to. */
export function placeOf(input: SlackInbound): { ref: SlackReference; replyThreadTs?: string } {
  const { event, teamId } = input;
  if (input.kind === 'mention') {
    const threadTs = event.thread_ts ?? event.ts;
    return { ref: { kind: 'slack', teamId, channel: event.channel, threadTs }, replyThreadTs: threadTs };
  }
  return { ref: { kind: 'slack', teamId, channel: event.channel }, replyThreadTs: event.thread_ts };
}

async function rememberConversation(deps: SlackTurnDeps, conversationId: string, ref: SlackReference, userId: string, receivedAt: number): Promise<Conversation> {
  const existing = await deps.store.getConversation(conversationId);
  if (existing) {
    if (JSON.stringify(storedSlackReference(existing.channelRef)) === JSON.stringify(ref)) return existing;
    const updated = await deps.store.updateConversation(conversationId, (cur) => ({ ...cur, channelRef: ref }));
    if (updated) return updated;
  }
  // Started by this message: a message that arrived before an erasure cannot re-create the erased conversation (the store refuses).
  const conversation = startConversation({ id: conversationId, channel: 'slack', user: { id: userId }, channelRef: ref }, receivedAt);
  await deps.store.saveConversation(conversation);
  return conversation;
}

/** After the event was acknowledged: the engine's turn and the reply in the same place. */
export async function answerSlackMessage(deps: SlackTurnDeps, input: SlackInbound): Promise<void> {
  const { event } = input;
  const me = await deps.api.identity();
  // Our own posts come back as events too (DMs in particular); never answer ourselves.
  if (event.user === me.userId) return;

  const { ref, replyThreadTs } = placeOf(input);
  const conversationId = slackConversationId(ref);
  const post = (mrkdwn: string, attachments?: ReplyAttachments) =>
    deps.api.postMessage({ channel: event.channel, threadTs: replyThreadTs, ...slackMessage(mrkdwn, attachments, deps.formatPrice) });

  const text = fromSlackText(event.text ?? '', me.userId);
  if (text.length === 0) {
    await post(toMrkdwn(EMPTY_MESSAGE_HINT));
    return;
  }
  if (text.length > deps.maxMessageChars) {
    await post(toMrkdwn(`That message is too long for me: please keep it under ${deps.maxMessageChars} characters.`));
    return;
  }

  try {
    const conversation = await rememberConversation(deps, conversationId, ref, event.user, input.receivedAt);
    const result = await deps.engine.handle({
      conversationId,
      channel: 'slack',
      user: conversation.user,
      text,
      id: event.ts,
      receivedAt: input.receivedAt,
    });
    const reply = result.reply;
    if (!result.duplicate && reply && (reply.status === 'sent' || reply.status === 'busy')) {
      await post(toMrkdwn(reply.text), reply.attachments);
    }
  } catch (err) {
    deps.logger.error({ err, conversationId }, 'Slack turn failed');
    await post(toMrkdwn(FAILURE_TEXT)).catch((postErr: unknown) =>
      deps.logger.warn({ err: (postErr as Error).message, conversationId }, 'could not tell the customer the turn failed'),
    );
  }
}
