import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationCheckout } from '../../src/cli/load-checkout.js';
import { checkOrder, type SentTurn } from '../../src/cli/load-order.js';
import { startRoundRobinProxy } from '../../src/cli/load-proxy.js';
import { openConversations, runPhase } from '../../src/cli/load-run.js';
import type { Running } from '../../src/main.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { startTestApp } from '../helpers/test-app.js';

/**
 * The ordered load of `npm run load -- --processes N` (issue 20, point 6): a conversation is
 * sent its next message only once the previous one is answered, and two app processes on one
 * Redis answer each conversation's messages in that order.
 */

describe('conversation checkout', () => {
  it('hands out each idle conversation once, the longest idle first, and takes back only what it handed out', () => {
    const c = conversationCheckout(3);
    expect([c.take(), c.take()]).toEqual([0, 1]);
    c.giveBack(0);
    expect([c.take(), c.take(), c.take()]).toEqual([2, 0, undefined]);
    expect(c.idle).toBe(0);
    c.giveBack(1);
    expect(() => c.giveBack(1)).toThrow(RangeError);
    expect(() => c.giveBack(7)).toThrow(RangeError);
    expect([c.take(), c.idle]).toEqual([1, 0]);
  });
});

describe('ordered load driver', () => {
  // A chat API that answers as unfairly as it may: it holds every message until no connection
  // can send another without an answer, then answers the newest, so one connection races ahead
  // while the others wait. A driver that sends to a conversation whose message is still
  // unanswered (connections sharing conversations) shows up as two in flight at once.
  let server: http.Server;
  let url: string;
  const connections = 6;
  const amount = 90;
  /** autocannon splits `amount` evenly: each connection sends this many, then closes. */
  const perConnection = amount / connections;
  const sentOn = new Map<object, number>();
  let finished = 0;
  const held: Array<{ socket: object; answer: () => void }> = [];
  const inFlight = new Map<string, number>();
  const arrived = new Map<string, string[]>();
  let maxInFlight = 0;

  const pump = () => {
    // Every connection has a message waiting or has sent all of its own: answer the newest.
    while (held.length > 0 && held.length + finished === connections) {
      const h = held.pop()!;
      h.answer();
      if (sentOn.get(h.socket) === perConnection) finished++;
    }
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const id = req.url!.split('/')[4]!;
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        sentOn.set(req.socket, (sentOn.get(req.socket) ?? 0) + 1);
        const n = (inFlight.get(id) ?? 0) + 1;
        inFlight.set(id, n);
        maxInFlight = Math.max(maxInFlight, n);
        arrived.set(id, [...(arrived.get(id) ?? []), (JSON.parse(body) as { id: string }).id]);
        held.push({
          socket: req.socket,
          answer: () => {
            inFlight.set(id, inFlight.get(id)! - 1);
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ reply: { text: 'ok' } }));
          },
        });
        pump();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('never has two messages of one conversation in flight, and rotates over all the conversations', async () => {
    const chats = Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, token: 't' }));
    const sent: SentTurn[] = [];
    const phase = await runPhase({ url, chats, connections, seconds: 60, amount, tag: 't', ordered: { sent } });
    expect(phase.ok).toBe(amount);
    expect(sent).toHaveLength(amount);
    expect(maxInFlight).toBe(1);
    expect(arrived.size).toBe(chats.length);
    // Each conversation received its messages in the order of their place (seq) in it.
    for (const [id, ids] of arrived) {
      const seqs = sent.filter((s) => s.conversationId === id).sort((a, b) => a.seq - b.seq).map((s) => s.messageId);
      expect(ids, id).toEqual(seqs);
    }
  });
});

describe('ordered load driver, a message without an answer', () => {
  it('retires its conversation (the app may still be at work on it) and counts health checks sent meanwhile as no turns', async () => {
    const posts = new Map<string, number>();
    let answeredTurns = 0;
    let maxInFlight = 0;
    const inFlight = new Map<string, number>();
    const server = http.createServer((req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
        return;
      }
      const id = req.url!.split('/')[4]!;
      req.resume();
      req.on('end', () => {
        posts.set(id, (posts.get(id) ?? 0) + 1);
        const n = (inFlight.get(id) ?? 0) + 1;
        inFlight.set(id, n);
        maxInFlight = Math.max(maxInFlight, n);
        // The first message of c0 never gets an answer: its connection breaks.
        if (id === 'c0') return req.socket.destroy();
        inFlight.set(id, n - 1);
        answeredTurns++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"reply":{"text":"ok"}}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const chats = Array.from({ length: 4 }, (_, i) => ({ id: `c${i}`, token: 't' }));
      const sent: SentTurn[] = [];
      const phase = await runPhase({ url, chats, connections: 4, seconds: 60, amount: 80, tag: 'r', ordered: { sent } });
      expect(posts.get('c0')).toBe(1);
      expect(maxInFlight).toBe(1);
      expect(phase.ok).toBe(answeredTurns);
      expect(sent).toHaveLength(answeredTurns);
      expect(sent.some((s) => s.conversationId === 'c0')).toBe(false);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('two app processes on one Redis', () => {
  let fake: FakeOpenAIServer;
  const apps: Running[] = [];
  const prefix = `t:ordered-load:${randomUUID().slice(0, 8)}:`;

  beforeAll(async () => {
    fake = await startFakeOpenAIServer({ instant: true });
    const env = { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k' };
    // One key prefix: both instances share the conversations, locks and events, as two processes of one deployment.
    for (let i = 0; i < 2; i++) apps.push(await startTestApp({ store: 'redis', env, overrides: { redisPrefix: prefix } }));
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await fake?.close();
  });

  it('answers every acknowledged message of every conversation, in the order sent, whichever process takes it', async () => {
    const proxy = await startRoundRobinProxy(apps.map((a) => a.url));
    try {
      const chats = await openConversations(proxy.url, 8);
      const sent: SentTurn[] = [];
      const amount = 64;
      const phase = await runPhase({ url: proxy.url, chats, connections: 4, seconds: 60, amount, tag: 'two', ordered: { sent } });
      expect(phase.non2xx).toBe(0);
      expect(sent).toHaveLength(amount);
      // Round robin, one message at a time: a conversation's messages go to both processes.
      expect(proxy.forwarded.every((n) => n >= amount / 4)).toBe(true);
      const check = await checkOrder(proxy.url, chats, sent);
      expect(check).toEqual({ checked: amount, lost: [], outOfOrder: [] });
    } finally {
      await proxy.close();
    }
  });
});
