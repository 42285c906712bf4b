import type { Channel, OutboundMessage } from '../../core/channel.js';
import type { Conversation } from '../../core/conversation.js';
import type { Logger } from '../../core/logger.js';
import type { UiText } from '../../locale/locale-packs.js';
import { agentLabel, uiFor, type UiTexts } from '../agent-label.js';
import type { SlackApi } from './slack-api.js';
import { storedSlackReference } from './slack-conversation.js';
import { priceFormats } from '../price-format.js';
import { slackMessage, toMrkdwn } from './slack-text.js';

export interface SlackChannelDeps {
  api: SlackApi;
  logger: Logger;
  currency?: string;
  /** The locale packs: agent labels in the conversation's language. */
  locales: UiTexts;
}

/** Agents are named (in the customer's language, `ui`); notices are set apart in italics. */
export function slackOutboundText(message: OutboundMessage, ui: UiText): string {
  const text = toMrkdwn(message.text);
  switch (message.kind) {
    case 'agent':
      return `${agentLabel(ui, message.from, (s) => `*${toMrkdwn(s)}*`)}: ${text}`;
    case 'system':
      return `_${text}_`;
    default:
      return text;
  }
}

/** Out-of-band messages (agent replies, approved drafts, join/leave notices) into the stored DM or thread. */
export function createSlackChannel(deps: SlackChannelDeps): Channel {
  const prices = priceFormats(deps.currency ?? 'USD');
  return {
    name: 'slack',
    async deliver(conversation: Conversation, message: OutboundMessage): Promise<void> {
      const ref = storedSlackReference(conversation.channelRef);
      if (!ref) throw new Error(`conversation ${conversation.id} has no Slack channel reference; cannot deliver`);
      // The conversation's language, as the engine last detected it (its pack's, as a whole): the agent label and the prices.
      const text = slackOutboundText(message, uiFor(deps.locales, conversation));
      await deps.api.postMessage({ channel: ref.channel, threadTs: ref.threadTs, ...slackMessage(text, message.attachments, prices(deps.locales.get(conversation.dialogue?.language).language)) });
      deps.logger.debug({ conversationId: conversation.id, kind: message.kind }, 'Slack message delivered');
    },
  };
}
