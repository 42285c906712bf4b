import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';

/**
 * Slowloris: a client that sends its headers, or its body, a byte at a time holds a connection
 * (and a file descriptor) for as long as the server waits for the rest; Node's default is five
 * minutes for the whole request, so a few thousand such connections from one client exhaust the
 * process's descriptors. REQUEST_TIMEOUT_MS bounds it; the response (a model answer, an SSE
 * stream) is not limited by it.
 */
describe('slow requests are cut (REQUEST_TIMEOUT_MS)', () => {
  let app: Running;
  beforeAll(async () => {
    app = await startTestApp({ env: { REQUEST_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => app?.stop());

  /** Opens a connection, writes `head`, then one more byte every 300 ms; resolves with how long the server kept it open (capped at `capMs`). */
  function trickle(head: string, capMs: number): Promise<number> {
    const port = Number(new URL(app.url).port);
    const started = Date.now();
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
      const timer = setInterval(() => socket.writable && socket.write(' '), 300);
      const done = () => {
        clearInterval(timer);
        socket.destroy();
        resolve(Date.now() - started);
      };
      socket.on('close', done);
      socket.on('error', done);
      setTimeout(done, capMs);
    });
  }

  it('a body trickled a byte at a time is cut soon after the limit, not after minutes', async () => {
    const held = await trickle('POST /api/chat/conversations/c_x/messages HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{', 8000);
    expect(held).toBeLessThan(6000);
  });

  it('headers trickled a byte at a time are cut too', async () => {
    const held = await trickle('GET /healthz HTTP/1.1\r\nHost: a\r\nX-Slow: ', 8000);
    expect(held).toBeLessThan(6000);
  });

  it('an ordinary message, and an event stream open longer than the limit, are unaffected', async () => {
    const chat = await openConversation(app.url);
    const events = await fetch(`${app.url}/api/chat/conversations/${chat.conversationId}/events`, { headers: chat.auth });
    expect(events.status).toBe(200);
    await new Promise((r) => setTimeout(r, 2500));
    const res = await chat.send('Which blender is best for smoothies?');
    expect(res.status).toBe(200);
    const reader = events.body!.getReader();
    const seen = new TextDecoder().decode((await reader.read()).value);
    expect(seen).toContain('ready');
    await reader.cancel();
  });
});
