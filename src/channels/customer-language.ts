import type { Conversation } from '../core/conversation.js';
import type { LocalePacks } from '../locale/locale-packs.js';

/** What a channel needs of the locale packs: a pack by language, and a message's language. */
export type ChannelLocales = Pick<LocalePacks, 'get' | 'detect'>;

/**
 * The language a channel speaks to the customer in after `text`, decided as the engine decides
 * it (the message's own language, else the conversation's), so the channel's own words and
 * price formats match the reply. `clientTag` (a client's language tag such as Teams' "de-DE")
 * only counts when neither tells, and only for a language a pack exists for. Null: the default pack.
 */
export function customerLanguage(
  locales: ChannelLocales,
  conversation: Pick<Conversation, 'dialogue'> | null,
  text: string,
  clientTag?: string,
): string | null {
  const detected = text.length > 0 ? locales.detect(text) : null;
  return detected ?? conversation?.dialogue?.language ?? packLanguageOf(locales, clientTag);
}

/** The primary subtag of a language tag when a pack speaks it ("de-DE" → "de"), else null. */
function packLanguageOf(locales: ChannelLocales, tag: string | undefined): string | null {
  const primary = tag?.split('-')[0]?.toLowerCase();
  if (!primary) return null;
  return locales.get(primary).language === primary ? primary : null;
}
