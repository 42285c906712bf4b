import type { Clock } from '../../core/clock.js';
import { startConversation, type Conversation } from '../../core/conversation.js';
import type { Engine } from '../../core/engine.js';
import type { Logger } from '../../core/logger.js';
import type { ReplyAttachments } from '../../core/skill.js';
import type { Store } from '../../core/store.js';
import { fillTemplate } from '../../locale/template-fill.js';
import { customerLanguage, type ChannelLocales } from '../customer-language.js';
import type { PriceFormats } from '../price-format.js';
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
  /** Product prices in the store's currency, per language. */
  prices: PriceFormats;
  /** The channel's own words (greeting, errors) in the customer's language: the packs' `ui`. */
  locales: ChannelLocales;
}

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
  const post = (language: string | null, mrkdwn: string, attachments?: ReplyAttachments) =>
    deps.api.postMessage({ channel: event.channel, threadTs: replyThreadTs, ...slackMessage(mrkdwn, attachments, deps.prices(deps.locales.get(language).language)) });

  const text = fromSlackText(event.text ?? '', me.userId);
  // Until the turn has its conversation: the message's language, else the stored conversation's.
  let language: string | null = null;
  try {
    if (text.length === 0 || text.length > deps.maxMessageChars) {
      language = customerLanguage(deps.locales, await deps.store.getConversation(conversationId), text);
      const ui = deps.locales.get(language).ui;
      await post(language, toMrkdwn(text.length === 0 ? ui.greeting : fillTemplate(ui.error_text_too_long, { max: deps.maxMessageChars })));
      return;
    }
    const conversation = await rememberConversation(deps, conversationId, ref, event.user, input.receivedAt);
    // As the engine decides it for this turn, so the prices match the reply's words.
    language = customerLanguage(deps.locales, conversation, text);
    const result = await deps.engine.handle({
      conversationId,
      channel: 'slack',
      user: conversation.user,
      text,
      id: event.ts,
      receivedAt: input.receivedAt,
      // Failed order verifications are counted per Slack user (their workspace identity is not a store customer).
      clientKey: `slack:${input.teamId}:${event.user}`,
      // A channel thread has many writers: a verified customer is bound with the one who verified.
      speaker: `slack:${input.teamId}:${event.user}`,
    });
    const reply = result.reply;
    if (!result.duplicate && reply && (reply.status === 'sent' || reply.status === 'busy')) {
      await post(language, toMrkdwn(reply.text), reply.attachments);
    }
  } catch (err) {
    deps.logger.error({ err, conversationId }, 'Slack turn failed');
    language ??= customerLanguage(deps.locales, null, text);
    await post(language, toMrkdwn(deps.locales.get(language).ui.error_generic)).catch((postErr: unknown) =>
      deps.logger.warn({ err: (postErr as Error).message, conversationId }, 'could not tell the customer the turn failed'),
    );
  }
}
