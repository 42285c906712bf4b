import { createParser } from 'eventsource-parser';

/**
 * A minimal web chat client for the benchmarks: the API as the widget uses it
 * (docs: src/channels/webchat/webchat-routes.ts). The floor ignores conversations and
 * tokens, so the same client drives both.
 */
export interface ChatConversation {
  id: string;
  token: string;
}

export async function openConversation(baseUrl: string): Promise<ChatConversation> {
  const res = await fetch(`${baseUrl}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (res.status !== 201) throw new Error(`create conversation: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { conversationId: string; token: string };
  return { id: body.conversationId, token: body.token };
}

export function messagePath(conversation: ChatConversation): string {
  return `/api/chat/conversations/${conversation.id}/messages`;
}

export function messageHeaders(conversation: ChatConversation, stream = false): Record<string, string> {
  return {
    authorization: `Bearer ${conversation.token}`,
    'content-type': 'application/json',
    ...(stream ? { accept: 'text/event-stream' } : {}),
  };
}

export interface TurnReply {
  status: number;
  routeMethod: string | null;
}

/** One JSON turn; resolves when the whole reply has arrived. */
export async function sendTurn(baseUrl: string, conversation: ChatConversation, text: string): Promise<TurnReply> {
  const res = await fetch(`${baseUrl}${messagePath(conversation)}`, {
    method: 'POST',
    headers: messageHeaders(conversation),
    body: JSON.stringify({ text }),
  });
  const body = (await res.json()) as { route?: { method?: string } | null };
  if (res.status !== 200) throw new Error(`turn: HTTP ${res.status} ${JSON.stringify(body)}`);
  return { status: res.status, routeMethod: body.route?.method ?? null };
}

/**
 * One streamed turn; returns the monotonic time (process.hrtime, ns) at which the first
 * `delta` event was parsed, and reads the stream to its end.
 */
export async function streamTurn(baseUrl: string, conversation: ChatConversation, text: string): Promise<{ firstDeltaAt: bigint | null; events: string[] }> {
  const res = await fetch(`${baseUrl}${messagePath(conversation)}`, {
    method: 'POST',
    headers: messageHeaders(conversation, true),
    body: JSON.stringify({ text }),
  });
  if (res.status !== 200 || !res.body) throw new Error(`stream turn: HTTP ${res.status}`);
  let firstDeltaAt: bigint | null = null;
  const events: string[] = [];
  const parser = createParser({
    onEvent(e) {
      const name = e.event ?? 'message';
      if (name === 'delta' && firstDeltaAt === null) firstDeltaAt = process.hrtime.bigint();
      events.push(name);
    },
  });
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return { firstDeltaAt, events };
}
