import type { Conversation, StoredMessage } from './conversation.js';
import type { OutboundMessage } from './channel.js';

/** Bus topics. One topic per concern keeps subscribers simple. */
export const TOPICS = {
  /** ConversationEvent: what the assist panel and metrics watch. */
  conversations: 'switchboard:conversations',
  /** DeliveryEvent: a message for a customer on a channel whose connection may live in another process. */
  delivery: 'switchboard:delivery',
  /** { version }: a process reloaded skills (others reload from disk themselves). */
  skills: 'switchboard:skills',
} as const;

export type ConversationEvent =
  | { type: 'message'; conversationId: string; message: StoredMessage }
  | { type: 'message_updated'; conversationId: string; message: StoredMessage }
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'deleted'; conversationId: string };

export interface DeliveryEvent {
  conversationId: string;
  message: OutboundMessage;
}
