import type { ChannelName, Conversation } from './conversation.js';
import type { ReplyAttachments } from './skill.js';

/** Something to show the customer outside the request that caused it. */
export interface OutboundMessage {
  id: string;
  kind: 'bot' | 'agent' | 'system';
  text: string;
  /** Agent display name for kind 'agent' and for an agent's join/leave notice (never the login name); absent: channels show a neutral "Support team". */
  from?: string;
  /** For kind 'system': what happened, so channels can show who is in the chat without reading the text. */
  event?: 'agent_joined' | 'agent_left';
  offline?: boolean;
  attachments?: ReplyAttachments;
}

/**
 * A customer-facing channel. Inbound traffic arrives through the channel's own HTTP
 * routes (verified and mapped to an InboundMessage there); `deliver` sends a message
 * later: agent replies, approved drafts, "an agent joined", proactive replies.
 */
export interface Channel {
  readonly name: ChannelName;
  deliver(conversation: Conversation, message: OutboundMessage): Promise<void>;
}

export interface ChannelRegistry {
  get(name: ChannelName): Channel | undefined;
  /** Deliver through the conversation's own channel. */
  deliver(conversation: Conversation, message: OutboundMessage): Promise<void>;
}
