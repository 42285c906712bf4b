import type { StoredMessage } from '../../core/conversation.js';

/** What the customer may see of a conversation: no drafts, no internal notes, no tool traces. */
export interface VisibleMessage {
  id: string;
  role: 'customer' | 'bot' | 'agent' | 'system';
  text: string;
  at: number;
  offline?: boolean;
  from?: string;
}

const CUSTOMER_VISIBLE_EVENTS = new Set(['agent_joined', 'agent_left']);

export function visibleHistory(messages: StoredMessage[]): VisibleMessage[] {
  const out: VisibleMessage[] = [];
  for (const m of messages) {
    switch (m.role) {
      case 'customer':
        out.push({ id: m.id, role: 'customer', text: m.text, at: m.at });
        break;
      case 'bot':
        if (!m.draft || m.draft.status === 'approved') out.push({ id: m.id, role: 'bot', text: m.text, at: m.at, offline: m.offline });
        break;
      case 'agent':
        // The display name the agent had when writing, if any; the login name (m.agent) is for the panel only.
        out.push({ id: m.id, role: 'agent', text: m.text, at: m.at, ...(m.from ? { from: m.from } : {}) });
        break;
      case 'system':
        if (CUSTOMER_VISIBLE_EVENTS.has(m.event)) out.push({ id: m.id, role: 'system', text: m.text, at: m.at });
        break;
    }
  }
  return out;
}
