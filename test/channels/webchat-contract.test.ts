import { createParser } from 'eventsource-parser';
import { createWebchatChannel } from '../../src/channels/webchat/webchat-channel.js';
import { webchatRoutes } from '../../src/channels/webchat/webchat-routes.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { runChannelContract } from './channel-contract.js';
import { redisBundles } from './redis-bundles.js';
import { startTestServer } from './test-server.js';

/** Opens the widget's event stream and collects delivered messages until aborted. */
async function openEvents(url: string, token: string, onMessage: (text: string) => void): Promise<AbortController> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: abort.signal });
  if (res.status !== 200 || !res.body) throw new Error(`events stream answered ${res.status}`);
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const parser = createParser({
    onEvent(event) {
      if (event.event === 'ready') ready();
      if (event.event === 'message') onMessage(String((JSON.parse(event.data) as { text: string }).text));
    },
  });
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      /* aborted at close */
    }
  })();
  await isReady;
  return abort;
}

runChannelContract(
  'webchat',
  async ({ engine, bundle }) => {
    const router = webchatRoutes({
      store: bundle.store,
      bus: bundle.bus,
      engine,
      clock: systemClock,
      logger: silentLogger,
      limits: { maxMessageChars: 2000, bodyLimitBytes: 64 * 1024, tokenTtlSeconds: 3600 },
    });
    const server = await startTestServer([{ path: '/api/chat', router, cors: true }]);
    const created = await fetch(`${server.url}/api/chat/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const conversation = (await bundle.store.getConversation(conversationId))!;
    const other = (await (await fetch(`${server.url}/api/chat/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json()) as {
      token: string;
    };

    const seen: string[] = [];
    const events = await openEvents(`${server.url}/api/chat/conversations/${conversationId}/events`, token, (text) => seen.push(text));
    const messagesUrl = `${server.url}/api/chat/conversations/${conversationId}/messages`;
    const post = (text: string, authorization: string | null, id?: string) =>
      fetch(messagesUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
        body: JSON.stringify({ text, ...(id ? { id } : {}) }),
      });

    return {
      channel: 'webchat',
      userId: conversation.user.id,
      channelImpl: createWebchatChannel(bundle.bus),
      async send(text, opts) {
        const res = await post(text, `Bearer ${token}`, opts?.messageId);
        const body = (await res.json()) as { reply: { text: string } | null };
        // The widget shows the reply from the response; a repeated id answers without a new reply.
        if (body.reply) seen.push(body.reply.text);
        return { status: res.status };
      },
      forgeries: [
        { name: 'no token', status: 401, send: (text) => post(text, null) },
        { name: 'made-up token', status: 401, send: (text) => post(text, 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA') },
        { name: "another conversation's token", status: 401, send: (text) => post(text, `Bearer ${other.token}`) },
        { name: 'not a bearer token', status: 401, send: (text) => post(text, `Basic ${token}`) },
      ],
      seen: () => seen,
      settle: async () => undefined,
      async close() {
        events.abort();
        await server.close();
      },
    };
  },
  redisBundles('webchat'),
);
