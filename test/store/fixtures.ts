import type { Conversation, StoredMessage } from '../../src/core/conversation.js';

export function conversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    channel: 'webchat',
    user: { id: `user-${id}` },
    createdAt: 1_000,
    updatedAt: 1_000,
    mode: 'auto',
    activeSkill: null,
    variants: {},
    flags: [],
    unclearStreak: 0,
    ...overrides,
  };
}

export function customerMessage(id: string, text = `text of ${id}`, at = 1_000): StoredMessage {
  return { id, role: 'customer', text, at };
}
