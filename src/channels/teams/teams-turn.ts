import type { ConnectorClient } from './bot-framework-sdk.js';
import type { Clock } from '../../core/clock.js';
import { startConversation, type Conversation } from '../../core/conversation.js';
import type { Engine } from '../../core/engine.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../core/store.js';
import type { InboundActivity } from './activity-schema.js';
import type { BotConnection } from './bot-connection.js';
import { referenceChanged, referenceFrom, storedReference, type TeamsReference } from './conversation-ref.js';
import { messageActivity, typingActivity } from './render-activity.js';

export interface TeamsTurnDeps {
  connection: BotConnection;
  engine: Engine;
  store: Store;
  clock: Clock;
  logger: Logger;
  maxMessageChars: number;
  formatPrice: (price: number) => string;
  /** Teams shows "typing…" for about 3 s; it is repeated while the skill works. */
  typingIntervalMs: number;
  welcomeText: string;
}

export const DEFAULT_WELCOME =
  "Hi! I'm the store's support assistant. I can recommend products, help with returns and check warranties. " +
  'Ask me anything here, or say "agent" to talk to a person from our team.';

const FAILURE_TEXT = "Sorry, I couldn't answer that just now. Please send your message again in a moment.";

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
  const reply = (message: string, attachments?: Parameters<typeof messageActivity>[2], feedback = false) =>
    connector.conversations.replyToActivity(ref.conversation.id, activityId, {
      ...messageActivity(ref, message, attachments, deps.formatPrice, { feedback }),
      replyToId: activityId,
    });

  if (text.length === 0) {
    await reply(deps.welcomeText);
    return;
  }
  if (text.length > deps.maxMessageChars) {
    await reply(`That message is too long for me: please keep it under ${deps.maxMessageChars} characters.`);
    return;
  }

  try {
    const conversation = await rememberConversation(deps.store, receivedAt, conversationId, ref);
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
        // Failed order verifications are counted per Teams user (their workspace identity is not a store customer).
        clientKey: `teams:${conversation.user.id}`,
      });
    } finally {
      await typing?.stop();
    }
    const answer = result.reply;
    if (!result.duplicate && answer && (answer.status === 'sent' || answer.status === 'busy')) {
      // The bot's own answers carry Teams' feedback buttons: a press rates the conversation (insights).
      await reply(answer.text, answer.attachments, true);
    }
  } catch (err) {
    deps.logger.error({ err, conversationId }, 'Teams turn failed');
    await reply(FAILURE_TEXT).catch((sendErr: unknown) =>
      deps.logger.warn({ err: (sendErr as Error).message, conversationId }, 'could not tell the customer the turn failed'),
    );
  }
}

/** The bot was added to a conversation (personal chat installed, added to a team or group chat). */
export async function sendWelcome(deps: TeamsTurnDeps, activity: InboundActivity): Promise<void> {
  const ref = referenceFrom(activity);
  const connector = await deps.connection.connector(ref.serviceUrl);
  await connector.conversations.sendToConversation(ref.conversation.id, messageActivity(ref, deps.welcomeText, undefined, deps.formatPrice));
}
