import autocannon from 'autocannon';
import { ownValue } from '../core/own-keys.js';
import { conversationCheckout } from './load-checkout.js';
import type { SentTurn } from './load-order.js';

/** One web chat conversation the load rotates over. */
export interface LoadChat {
  id: string;
  token: string;
}

/** A message the app acknowledged (2xx with a reply). */
export interface Acked {
  conversationId: string;
  messageId: string;
}

export interface PhaseResult {
  connections: number;
  seconds: number;
  requests: number;
  ok: number;
  throughputRps: number;
  latencyMs: { p50: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  statuses: Record<string, number>;
  /** 2xx answers with status "busy" (model bulkhead full: a quick offline answer with a busy note). */
  busy: number;
  /** Connection errors and timeouts (no HTTP answer at all). */
  errors: number;
  timeouts: number;
}

/** Customer messages for load, across the skills (written for this tool). */
const TEXTS = [
  'Can I send back the toaster I bought last week?',
  'Which kettle would you suggest for a small flat?',
  'My headphones stopped charging, are they still covered?',
  'How long does a refund take to reach my card?',
  'Do you have a quiet blender for early mornings?',
  'Where is my order? It was due on Monday.',
  'Is the coffee grinder good for espresso?',
  'I would like to return an unopened rice cooker.',
];

async function openOne(url: string): Promise<LoadChat> {
  const res = await fetch(`${url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (res.status !== 201) throw new Error(`POST /api/chat/conversations answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { conversationId: string; token: string };
  return { id: body.conversationId, token: body.token };
}

/** Opens `n` conversations, 50 at a time. */
export async function openConversations(url: string, n: number): Promise<LoadChat[]> {
  const out: LoadChat[] = [];
  for (let i = 0; i < n; i += 50) out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => openOne(url)))));
  return out;
}

/** autocannon's per-request context: set by setupRequest, read by onResponse of the same request. */
interface Context {
  current?: SentTurn;
  /** With `ordered`: the conversation checked out for this request, given back on its answer. */
  index?: number;
  /** With `ordered`, when no conversation was idle: a health check, not a turn. */
  idle?: boolean;
}

/**
 * autocannon against POST /api/chat/conversations/:id/messages, each request to the next
 * conversation (round-robin, so the per-conversation lock is not what is measured), each with
 * its own message id. With `acked`, every 2xx is recorded for the loss check (one request in
 * flight per connection, so the request's context, set by setupRequest and read by the same
 * request's onResponse, names the message being answered; autocannon resets it between requests).
 */
export async function runPhase(opts: {
  url: string;
  chats: LoadChat[];
  connections: number;
  seconds: number;
  /** Stop after this many requests instead of after `seconds` (a test's bounded run). */
  amount?: number;
  tag: string;
  acked?: Acked[];
  statuses?: Record<string, number>;
  /**
   * A conversation is sent its next message only after the answer to its previous one (see
   * load-checkout.ts), so the order they were sent in is the order they must be answered in;
   * acknowledged turns are recorded with their place in that order.
   */
  ordered?: { sent: SentTurn[] };
}): Promise<PhaseResult> {
  let n = 0;
  const nextSeq = new Map<string, number>();
  if (opts.ordered && opts.chats.length < opts.connections) throw new Error(`ordered load needs at least as many conversations (${opts.chats.length}) as connections (${opts.connections})`);
  const checkout = conversationCheckout(opts.ordered ? opts.chats.length : 0);
  const statuses = opts.statuses ?? {};
  let busy = 0;
  let idleOk = 0;
  let idleAll = 0;
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.amount !== undefined ? { amount: opts.amount } : {}),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const c = context as Context;
          const i = n++;
          let chat = opts.chats[i % opts.chats.length]!;
          let messageId = `${opts.tag}-${i}`;
          let seq = i;
          if (opts.ordered) {
            const index = checkout.take();
            if (index === undefined) {
              // Every conversation has a message in flight or lost in a timeout: autocannon
              // needs a request all the same, so a health check, left out of the figures.
              c.idle = true;
              return { ...req, method: 'GET', path: '/healthz', headers: {}, body: undefined };
            }
            c.index = index;
            chat = opts.chats[index]!;
            seq = nextSeq.get(chat.id) ?? 0;
            nextSeq.set(chat.id, seq + 1);
            messageId = `${opts.tag}-${index}-${seq}`;
          }
          c.current = { conversationId: chat.id, messageId, seq };
          return {
            ...req,
            path: `/api/chat/conversations/${chat.id}/messages`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${chat.token}` },
            body: JSON.stringify({ text: TEXTS[i % TEXTS.length], id: messageId }),
          };
        },
        onResponse: (status: number, body: string, context: object) => {
          const c = context as Context;
          if (c.idle) {
            idleAll++;
            if (status >= 200 && status < 300) idleOk++;
            return;
          }
          // Answered, whatever the status: the app is done with this message.
          if (c.index !== undefined) checkout.giveBack(c.index);
          statuses[status] = (ownValue(statuses, String(status)) ?? 0) + 1;
          if (status < 200 || status >= 300) return;
          if (body.includes('"status":"busy"')) busy++;
          const current = c.current;
          if (current && body.includes('"reply":{')) {
            opts.acked?.push({ conversationId: current.conversationId, messageId: current.messageId });
            opts.ordered?.sent.push(current);
          }
        },
      },
    ],
  });
  const ok = result['2xx'] - idleOk;
  return {
    connections: opts.connections,
    seconds: Math.round(result.duration * 10) / 10,
    requests: result['2xx'] + result.non2xx - idleAll,
    ok,
    throughputRps: Math.round((ok / result.duration) * 10) / 10,
    latencyMs: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx - (idleAll - idleOk),
    statuses,
    busy,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * Messages acknowledged with a 2xx but missing from the conversation's history afterwards
 * (the customer message by its id, followed by the bot's answer). Read through the public API.
 */
export async function countLost(url: string, chats: LoadChat[], acked: Acked[]): Promise<{ checked: number; lost: Acked[] }> {
  const byConversation = new Map<string, Acked[]>();
  for (const a of acked) byConversation.set(a.conversationId, [...(byConversation.get(a.conversationId) ?? []), a]);
  const lost: Acked[] = [];
  for (const chat of chats) {
    const mine = byConversation.get(chat.id) ?? [];
    if (mine.length === 0) continue;
    const res = await fetch(`${url}/api/chat/conversations/${chat.id}/messages`, { headers: { authorization: `Bearer ${chat.token}` } });
    if (res.status !== 200) {
      lost.push(...mine);
      continue;
    }
    const messages = ((await res.json()) as { messages: Array<{ id: string; role: string }> }).messages;
    for (const a of mine) {
      const at = messages.findIndex((m) => m.role === 'customer' && m.id === a.messageId);
      if (at < 0 || messages[at + 1]?.role !== 'bot') lost.push(a);
    }
  }
  return { checked: acked.length, lost };
}
