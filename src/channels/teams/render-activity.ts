import type { Activity, Attachment, ChannelAccount } from 'botframework-schema';
import type { OutboundMessage } from '../../core/channel.js';
import type { ReplyAttachments } from '../../core/skill.js';
import type { UiText } from '../../locale/locale-packs.js';
import { agentLabel, type UiTexts } from '../agent-label.js';
import type { PriceFormats } from '../price-format.js';
import type { TeamsReference } from './conversation-ref.js';

type Products = NonNullable<ReplyAttachments['products']>;

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** How a card speaks the customer's language: prices (store currency, Intl) and the card's title (`ui.products_label`). */
export interface CardLocale {
  formatPrice: (price: number) => string;
  productsLabel: string;
}

/**
 * The card's words in the pack of `language` (the conversation's or the reply's): a language
 * without its own pack gets the default pack's words and price format as a whole, never a mix.
 */
export function cardLocale(deps: { prices: PriceFormats; locales: UiTexts }, language: string | null | undefined): CardLocale {
  const pack = deps.locales.get(language);
  return { formatPrice: deps.prices(pack.language), productsLabel: pack.ui.products_label };
}

/**
 * Products as an Adaptive Card (a title and one fact per product), which Teams renders as a
 * compact table in every client; the message text still names them for screen readers and
 * notifications.
 */
export function productCard(products: Products, locale: CardLocale): Attachment {
  return {
    contentType: ADAPTIVE_CARD,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: locale.productsLabel, weight: 'Bolder', size: 'Medium' },
        {
          type: 'FactSet',
          facts: products.map((p) => ({ title: p.name, value: `${locale.formatPrice(p.price)} · ${p.sku}` })),
        },
      ],
    },
  };
}

/** The visible text for an out-of-band message: agents are named (in the customer's language, `ui`), notices set apart. */
export function outboundText(message: OutboundMessage, ui: UiText): string {
  switch (message.kind) {
    case 'agent':
      return `${agentLabel(ui, message.from, (s) => `**${s}**`)}: ${message.text}`;
    case 'system':
      return `_${message.text}_`;
    default:
      return message.text;
  }
}

/** A message activity from the bot into the referenced conversation. */
export function messageActivity(
  ref: TeamsReference,
  text: string,
  attachments: ReplyAttachments | undefined,
  locale: CardLocale,
  opts: { feedback?: boolean } = {},
): Partial<Activity> {
  const products = attachments?.products ?? [];
  return {
    type: 'message',
    text,
    textFormat: 'markdown',
    ...addressing(ref),
    ...(ref.locale ? { locale: ref.locale } : {}),
    ...(products.length > 0 ? { attachments: [productCard(products, locale)] } : {}),
    // Teams' own thumbs up / down under a bot reply; a press arrives as a message/submitAction invoke.
    ...(opts.feedback ? { channelData: { feedbackLoopEnabled: true } } : {}),
  };
}

export function typingActivity(ref: TeamsReference): Partial<Activity> {
  return { type: 'typing', ...addressing(ref) };
}

/** From the bot to the user in the referenced conversation (the schema's types insist on names the protocol does not). */
function addressing(ref: TeamsReference): Pick<Activity, 'from' | 'recipient' | 'conversation'> {
  return {
    from: ref.bot as ChannelAccount,
    recipient: ref.user as ChannelAccount,
    conversation: ref.conversation as Activity['conversation'],
  };
}
