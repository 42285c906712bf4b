import type { Conversation } from '../core/conversation.js';
import { fillTemplate, type LocalePacks, type UiText } from '../locale/locale-packs.js';

/** The channels' own words in a conversation's language (the locale pack's `ui`, else the default pack's). */
export type UiTexts = Pick<LocalePacks, 'get'>;

/** The language the engine last detected for the conversation, from the record the channel already has. */
export function uiFor(locales: UiTexts, conversation: Pick<Conversation, 'dialogue'>): UiText {
  return locales.get(conversation.dialogue?.language).ui;
}

/**
 * Who wrote an agent message, as the customer's channel shows it: "{name} (support team)" or
 * "Support team" in the customer's language; `emphasis` marks the name up for the channel
 * (Teams markdown, Slack mrkdwn) before it goes into the template.
 */
export function agentLabel(ui: UiText, from: string | undefined, emphasis: (text: string) => string): string {
  return from ? fillTemplate(ui.agent_label, { name: emphasis(from) }) : emphasis(ui.agent_label_anonymous);
}
