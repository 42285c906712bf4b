import type { Channel, OutboundMessage } from '../../core/channel.js';
import type { Conversation } from '../../core/conversation.js';
import type { Logger } from '../../core/logger.js';
import { uiFor, type UiTexts } from '../agent-label.js';
import { priceFormats } from '../price-format.js';
import type { BotConnection } from './bot-connection.js';
import { storedReference } from './conversation-ref.js';
import { cardLocale, messageActivity, outboundText } from './render-activity.js';

export interface TeamsChannelDeps {
  connection: BotConnection;
  logger: Logger;
  currency?: string;
  /** The locale packs: agent labels in the conversation's language. */
  locales: UiTexts;
}

/**
 * Proactive messages into a Teams conversation (agent replies, approved drafts, "an agent
 * joined"), sent to the conversation reference stored when the customer last wrote.
 */
export function createTeamsChannel(deps: TeamsChannelDeps): Channel {
  const prices = priceFormats(deps.currency ?? 'USD');
  return {
    name: 'teams',
    async deliver(conversation: Conversation, message: OutboundMessage): Promise<void> {
      const ref = storedReference(conversation.channelRef);
      if (!ref) throw new Error(`conversation ${conversation.id} has no Teams conversation reference; cannot deliver`);
      const connector = await deps.connection.connector(ref.serviceUrl);
      // The conversation's language, as the engine last detected it: the agent label, the card's title and prices.
      const card = cardLocale({ prices, locales: deps.locales }, conversation.dialogue?.language);
      await connector.conversations.sendToConversation(
        ref.conversation.id,
        messageActivity(ref, outboundText(message, uiFor(deps.locales, conversation)), message.attachments, card),
      );
      deps.logger.debug({ conversationId: conversation.id, kind: message.kind }, 'Teams message delivered');
    },
  };
}
