import type { Channel, OutboundMessage } from '../../core/channel.js';
import type { Conversation } from '../../core/conversation.js';
import { TOPICS, type DeliveryEvent } from '../../core/events.js';
import type { EventBus } from '../../core/store.js';

/**
 * Web chat delivers out-of-band messages (agent replies, approved drafts, join/leave
 * notices) through the bus: the widget's event stream may be held by another process.
 * The message itself is already in the conversation history, so a widget that was
 * offline catches up from GET …/messages.
 */
export function createWebchatChannel(bus: EventBus): Channel {
  return {
    name: 'webchat',
    async deliver(conversation: Conversation, message: OutboundMessage): Promise<void> {
      const event: DeliveryEvent = { conversationId: conversation.id, message };
      await bus.publish(TOPICS.delivery, event);
    },
  };
}
