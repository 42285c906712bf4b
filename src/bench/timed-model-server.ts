import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible chat completions endpoint that streams a reply with a fixed gap
 * between chunks and records, on the process's monotonic clock, when it wrote the first
 * content token. The streaming benchmark compares that instant with the client's first
 * `delta` event (same process, same clock). test/fakes/fake-openai-server.ts has no hook
 * for "first token written", hence this small server.
 * Non-streamed requests (the model router) get a valid route as JSON at once.
 */
export interface TimedModelServer {
  baseURL: string;
  /** hrtime (ns) of the first content chunk written since the last reset(). */
  firstTokenAt(): bigint | null;
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startTimedModelServer(opts: { chunks: string[]; gapMs: number; routeSkill: string }): Promise<TimedModelServer> {
  let first: bigint | null = null;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      void (async () => {
        let body: { stream?: boolean; model?: string };
        try {
          body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { stream?: boolean; model?: string };
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad json"}}');
          return;
        }
        const base = { id: 'chatcmpl-timed', created: Math.floor(Date.now() / 1000), model: body.model ?? 'timed' };
        const usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 0 } };
        if (!body.stream) {
          const content = JSON.stringify({ skill: opts.routeSkill, confidence: 0.9, reason: 'timed server' });
          const text = JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
          return;
        }
        const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
        res.write(chunk({ role: 'assistant', content: '' }));
        for (const text of opts.chunks) {
          await sleep(opts.gapMs);
          if (res.destroyed) return;
          res.write(chunk({ content: text }));
          first ??= process.hrtime.bigint();
        }
        res.write(chunk({}, 'stop'));
        res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
        res.end('data: [DONE]\n\n');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    firstTokenAt: () => first,
    reset: () => {
      first = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
