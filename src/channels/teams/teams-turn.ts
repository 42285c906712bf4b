import type { ConnectorClient } from './bot-framework-sdk.js';
import type { Clock } from '../../core/clock.js';
import { startConversation, type Conversation } from '../../core/conversation.js';
import type { Engine } from '../../core/engine.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../core/store.js';
import { fillTemplate } from '../../locale/template-fill.js';
import { customerLanguage, type ChannelLocales } from '../customer-language.js';
import type { PriceFormats } from '../price-format.js';
import type { InboundActivity } from './activity-schema.js';
import type { BotConnection } from './bot-connection.js';
import { referenceChanged, referenceFrom, storedReference, type TeamsReference } from './conversation-ref.js';
import { cardLocale, messageActivity, typingActivity } from './render-activity.js';

export interface TeamsTurnDeps {
  connection: BotConnection;
  engine: Engine;
  store: Store;
  clock: Clock;
  logger: Logger;
  maxMessageChars: number;
  /** Product prices in the store's currency, per language. */
  prices: PriceFormats;
  /** The channel's own words (greeting, errors, card title) in the customer's language: the packs' `ui`. */
  locales: ChannelLocales;
  /** Teams shows "typing…" for about 3 s; it is repeated while the skill works. */
  typingIntervalMs: number;
  /** The store's own welcome, when it set one; else the pack's `ui.greeting` in the customer's language. */
  welcomeText?: string;
}

/**
 * Saves the conversation reference (and the user's display name) so replies can be sent later,
 * outside this request. Written only when something changed, and with a compare-and-set on
 * existing conversations so a turn running concurrently never loses its own update.
 */
export async function rememberConversation(
  store: Store,
  receivedAt: number,
  conversationId: string,
  ref: TeamsReference,
): Promise<Conversation> {
  const user = { id: ref.user.id, ...(ref.user.name ? { name: ref.user.name } : {}) };
  const existing = await store.getConversation(conversationId);
  if (existing) {
    if (!referenceChanged(storedReference(existing.channelRef), ref) && existing.user.name === user.name) return existing;
    const updated = await store.updateConversation(conversationId, (cur) => ({ ...cur, user: { ...cur.user, ...user }, channelRef: ref }));
    if (updated) return updated;
  }
  // Started by this message: a message that arrived before an erasure cannot re-create the erased conversation (the store refuses).
  const conversation = startConversation({ id: conversationId, channel: 'teams', user, channelRef: ref }, receivedAt);
  await store.saveConversation(conversation);
  return conversation;
}

/** Sends "typing…" now and every `everyMs` until stopped; failures only cost the indicator. */
function keepTyping(connector: ConnectorClient, ref: TeamsReference, everyMs: number, logger: Logger) {
  const send = () =>
    connector.conversations
      .sendToConversation(ref.conversation.id, typingActivity(ref))
      .then(() => undefined)
      .catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'typing indicator failed'));
  let last = send();
  const timer = setInterval(() => {
    last = last.then(send);
  }, everyMs);
  timer.unref();
  return {
    first: last,
    async stop() {
      clearInterval(timer);
      await last;
    },
  };
}

/** One customer message, after the request was acknowledged: typing, the engine's turn, the reply. */
export async function answerMessage(
  deps: TeamsTurnDeps,
  input: { activity: InboundActivity; activityId: string; conversationId: string; text: string; receivedAt: number },
): Promise<void> {
  const { activity, activityId, conversationId, text, receivedAt } = input;
  const ref = referenceFrom(activity);
  const connector = await deps.connection.connector(ref.serviceUrl);
  const reply = (language: string | null, message: string, attachments?: Parameters<typeof messageActivity>[2], feedback = false) =>
    connector.conversations.replyToActivity(ref.conversation.id, activityId, {
      ...messageActivity(ref, message, attachments, cardLocale(deps, language), { feedback }),
      replyToId: activityId,
    });
  // Until the turn has its conversation: the message's language, else the stored conversation's, else Teams' client locale.
  let language: string | null = null;

  try {
    if (text.length === 0 || text.length > deps.maxMessageChars) {
      language = customerLanguage(deps.locales, await deps.store.getConversation(conversationId), text, activity.locale);
      const ui = deps.locales.get(language).ui;
      await reply(language, text.length === 0 ? (deps.welcomeText ?? ui.greeting) : fillTemplate(ui.error_text_too_long, { max: deps.maxMessageChars }));
      return;
    }
    const conversation = await rememberConversation(deps.store, receivedAt, conversationId, ref);
    // As the engine decides it for this turn (no client locale), so the card's prices match the reply's words.
    language = customerLanguage(deps.locales, conversation, text);
    // A person owns the conversation: "typing…" would promise a bot reply that will not come.
    const typing = conversation.mode === 'human' ? null : keepTyping(connector, ref, deps.typingIntervalMs, deps.logger);
    await typing?.first;
    let result;
    try {
      result = await deps.engine.handle({
        conversationId,
        channel: 'teams',
        user: conversation.user,
        text,
        id: activityId,
        receivedAt,
        // Failed order verifications are counted per Teams user (their workspace identity is not a store customer):
        // the writer of this message, not whoever the conversation last recorded.
        clientKey: `teams:${ref.user.id}`,
        // A group chat or channel has many writers: a verified customer is bound with the one who verified.
        speaker: `teams:${ref.user.id}`,
      });
    } finally {
      await typing?.stop();
    }
    const answer = result.reply;
    if (!result.duplicate && answer && (answer.status === 'sent' || answer.status === 'busy')) {
      // The bot's own answers carry Teams' feedback buttons: a press rates the conversation (insights).
      await reply(language, answer.text, answer.attachments, true);
    }
  } catch (err) {
    deps.logger.error({ err, conversationId }, 'Teams turn failed');
    language ??= customerLanguage(deps.locales, null, text, activity.locale);
    await reply(language, deps.locales.get(language).ui.error_generic).catch((sendErr: unknown) =>
      deps.logger.warn({ err: (sendErr as Error).message, conversationId }, 'could not tell the customer the turn failed'),
    );
  }
}

/** The bot was added to a conversation (personal chat installed, added to a team or group chat). */
export async function sendWelcome(deps: TeamsTurnDeps, activity: InboundActivity): Promise<void> {
  const ref = referenceFrom(activity);
  const connector = await deps.connection.connector(ref.serviceUrl);
  // Nothing written yet: the language of the customer's Teams client, when a pack speaks it.
  const language = customerLanguage(deps.locales, null, '', activity.locale);
  const text = deps.welcomeText ?? deps.locales.get(language).ui.greeting;
  await connector.conversations.sendToConversation(ref.conversation.id, messageActivity(ref, text, undefined, cardLocale(deps, language)));
}
