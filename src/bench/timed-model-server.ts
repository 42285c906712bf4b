import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible chat completions endpoint that streams a reply with a fixed gap
 * between chunks and records, on the process's monotonic clock, when it wrote the first
 * content token of a skill answer. The streaming benchmark compares that instant with the
 * client's first `delta` event (same process, same clock). test/fakes/fake-openai-server.ts
 * has no hook for "first token written", hence this small server.
 * Router calls (structured output: `response_format`) get a valid route as JSON at once,
 * streamed or not as asked (the model client streams every call), and are not timed.
 */
export interface TimedModelServer {
  baseURL: string;
  /** hrtime (ns) of the first skill-answer content chunk written since the last reset(). */
  firstTokenAt(): bigint | null;
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Body {
  stream?: boolean;
  model?: string;
  response_format?: { type?: string };
}

export async function startTimedModelServer(opts: { chunks: string[]; gapMs: number; routeSkill: string }): Promise<TimedModelServer> {
  let first: bigint | null = null;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      void (async () => {
        let body: Body;
        try {
          body = JSON.parse(Buffer.concat(parts).toString('utf8')) as Body;
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad json"}}');
          return;
        }
        const base = { id: 'chatcmpl-timed', created: Math.floor(Date.now() / 1000), model: body.model ?? 'timed' };
        const usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120, prompt_tokens_details: { cached_tokens: 0 } };
        const isRouter = body.response_format?.type === 'json_schema';
        const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        const tail = () => `${chunk({}, 'stop')}data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\ndata: [DONE]\n\n`;

        if (isRouter) {
          const content = JSON.stringify({ skill: opts.routeSkill, confidence: 0.9, reason: 'timed server' });
          if (body.stream) {
            res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
            res.end(chunk({ role: 'assistant', content: '' }) + chunk({ content }) + tail());
            return;
          }
          const text = JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
          return;
        }
        if (!body.stream) {
          const text = JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: opts.chunks.join('') }, finish_reason: 'stop' }], usage });
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
          return;
        }
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
        res.write(chunk({ role: 'assistant', content: '' }));
        for (const text of opts.chunks) {
          await sleep(opts.gapMs);
          if (res.destroyed) return;
          res.write(chunk({ content: text }));
          first ??= process.hrtime.bigint();
        }
        res.end(tail());
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
