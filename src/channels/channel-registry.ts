import type { Channel, ChannelRegistry, OutboundMessage } from '../core/channel.js';
import type { ChannelName, Conversation } from '../core/conversation.js';

/** Routes an out-of-band message to the conversation's own channel. */
export function createChannelRegistry(channels: Channel[]): ChannelRegistry {
  const byName = new Map<ChannelName, Channel>(channels.map((c) => [c.name, c]));
  return {
    get: (name) => byName.get(name),
    async deliver(conversation: Conversation, message: OutboundMessage) {
      const channel = byName.get(conversation.channel);
      if (!channel) throw new Error(`channel "${conversation.channel}" is not configured; cannot deliver to ${conversation.id}`);
      await channel.deliver(conversation, message);
    },
  };
}
