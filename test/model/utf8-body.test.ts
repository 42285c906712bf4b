import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { utf8Body } from '../../src/model/utf8-body.js';

/** A server that answers with the bytes and headers it received. */
async function echoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ hex: body.toString('hex'), length: req.headers['content-length'] ?? null, type: req.headers['content-type'] ?? null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('utf8Body', () => {
  it('sends a string body as the same bytes and headers fetch sends for the string itself, lone surrogates included', async () => {
    const server = await echoServer();
    try {
      const wrapped = utf8Body(fetch);
      // Latin-1 only, a two-byte string (a dash and a rupee sign) and a lone surrogate.
      for (const body of ['{"a":"plain"}', '{"a":"size — ₹499"}', '{"a":"broken \ud800 pair"}']) {
        const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
        const direct = await (await fetch(server.url, init)).json();
        const viaWrapper = await (await wrapped(server.url, init)).json();
        expect(viaWrapper).toEqual(direct);
      }
    } finally {
      await server.close();
    }
  });

  it('hands other bodies and body-less requests to fetch untouched', async () => {
    const seen: Array<RequestInit | undefined> = [];
    const base = (async (_input: unknown, init?: RequestInit) => {
      seen.push(init);
      return new Response('ok');
    }) as typeof fetch;
    const bytes = new Uint8Array([1, 2, 3]);
    const wrapped = utf8Body(base);
    await wrapped('http://x/', { method: 'POST', body: bytes });
    await wrapped('http://x/');
    expect(seen[0]!.body).toBe(bytes);
    expect(seen[1]).toBeUndefined();
  });

  it('turns a string body into its UTF-8 bytes', async () => {
    let sent: unknown;
    const base = (async (_input: unknown, init?: RequestInit) => {
      sent = init?.body;
      return new Response('ok');
    }) as typeof fetch;
    await utf8Body(base)('http://x/', { method: 'POST', body: 'é—' });
    expect(sent).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(sent as Uint8Array).toString('utf8')).toBe('é—');
  });
});
