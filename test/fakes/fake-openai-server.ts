/**
 * A fake OpenAI-compatible server for tests and benchmarks: real HTTP on 127.0.0.1 (port 0),
 * so the real `openai` SDK talks to it exactly as it would to OpenAI, Azure or Ollama.
 *
 * ## Start and point the app at it
 *
 *   const fake = await startFakeOpenAIServer();              // scripted (default)
 *   env: OPENAI_BASE_URL = fake.baseURL                       // "http://127.0.0.1:PORT/v1"
 *   or   AZURE_OPENAI_ENDPOINT = fake.azureEndpoint, AZURE_OPENAI_API_KEY = 'k', AZURE_OPENAI_DEPLOYMENT = 'd'
 *   await fake.close();                                       // in afterAll
 *
 * Options: startFakeOpenAIServer({
 *   instant?: boolean,   // benchmarks: every unscripted request gets INSTANT_REPLY at once, nothing recorded
 *   delayMs?: number,    // fixed latency before every response's headers (e.g. 300 for a slow router model)
 *   fallback?: Script,   // answer for unscripted requests (default: HTTP 500 "no script", so tests fail loudly)
 *   record?: boolean,    // keep `requests` (default true; false with instant, to keep memory flat under load)
 *   apiKey?: string,     // when set, requests without `Authorization: Bearer <key>` or `api-key: <key>` get 401
 * })
 *
 * ## Script each chat completion
 *
 * Each POST to /v1/chat/completions (or /openai/deployments/:d/chat/completions) takes the
 * first queued script, else asks the handler, else uses the fallback:
 *
 *   fake.enqueue(script, ...)                   // FIFO, one script per request
 *   fake.handle((req) => script | null)         // decides from the recorded request; null = fallback
 *   fake.reset()                                // clears queue, handler and recorded requests
 *
 * A Script (all timings in ms; `delayMs` = before headers, `chunkDelayMs` = between stream chunks):
 *
 *   { kind: 'text', text: 'Hello there' | ['Hel', 'lo'], finishReason?, usage?, delayMs?, chunkDelayMs? }
 *       a string is streamed in word-sized chunks, an array chunk by chunk
 *   { kind: 'tool_calls', calls: [{ name, arguments: {..} | '{"raw":..}', id? }], text?, argChunks?, usage?, ... }
 *       one or several parallel calls; each call's arguments split across `argChunks` chunks (default 3);
 *       `text` is sent before the calls. Answer the follow-up request (it carries the tool results,
 *       see `req.toolResults`) with another script: that is a multi-round conversation.
 *   { kind: 'json', value: {...}, usage?, ... }            structured output: the value as JSON content
 *   { kind: 'error', status: 429, body?, headers?: { 'retry-after': '1' }, delayMs? }
 *       body defaults to OpenAI's `{ error: { message, type, code } }`
 *   { kind: 'hang' }                                        never answers (not even headers)
 *   { kind: 'stall', text, afterChunks? }                   streams `afterChunks` content chunks (default 1), then goes silent
 *   { kind: 'drop', text, afterChunks? }                    streams `afterChunks` chunks, then destroys the socket
 *
 * `usage`: { prompt?, completion?, cached? } overrides the counts (defaults: about chars/4 of the
 * request and the reply; cached 0), or 'none' for a server that never reports usage. As with
 * OpenAI, a streamed reply carries usage only when the request set stream_options.include_usage.
 * Requests with `stream: true` get SSE exactly as OpenAI sends it (role chunk, content/tool-call
 * chunks, a finish chunk, the usage chunk with empty choices, `data: [DONE]`); others get one JSON
 * `chat.completion`.
 *
 * ## Assert
 *
 *   fake.requests: RecordedRequest[]   // { path, headers, body, model, messages, tools, stream, azure, toolResults, lastUserText, receivedAt }
 *   fake.count                         // chat completion requests received (also when record is off)
 *
 * Also: GET /v1/models lists one model. Unknown paths answer 404, bad JSON 400, OpenAI-style.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const INSTANT_REPLY = 'Thanks for your message. This is a fast reply from the fake model.';

export interface FakeUsage {
  prompt?: number;
  completion?: number;
  cached?: number;
}

export interface FakeToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
  id?: string;
}

interface Timing {
  delayMs?: number;
  chunkDelayMs?: number;
}

export type Script =
  | ({ kind: 'text'; text: string | string[]; finishReason?: string; usage?: FakeUsage | 'none' } & Timing)
  | ({ kind: 'tool_calls'; calls: FakeToolCall[]; text?: string; argChunks?: number; usage?: FakeUsage | 'none' } & Timing)
  | ({ kind: 'json'; value: unknown; usage?: FakeUsage | 'none' } & Timing)
  | { kind: 'error'; status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { kind: 'hang' }
  | ({ kind: 'stall'; text: string | string[]; afterChunks?: number } & Timing)
  | ({ kind: 'drop'; text: string | string[]; afterChunks?: number } & Timing);

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  model: string | undefined;
  messages: Array<Record<string, unknown>>;
  tools: Array<Record<string, unknown>>;
  stream: boolean;
  /** Set for the Azure path /openai/deployments/:deployment/chat/completions. */
  azure: { deployment: string; apiVersion: string | undefined } | null;
  /** Content of the last user message ('' if none). */
  lastUserText: string;
  /** Tool messages after the last assistant message: the results of the previous round's calls. */
  toolResults: Array<{ toolCallId: string; content: string }>;
  receivedAt: number;
}

export type ScriptHandler = (req: RecordedRequest) => Script | null | undefined | Promise<Script | null | undefined>;

export interface FakeOpenAIServerOptions {
  instant?: boolean;
  delayMs?: number;
  fallback?: Script;
  record?: boolean;
  apiKey?: string;
}

export interface FakeOpenAIServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** `${url}/v1`: the value for OPENAI_BASE_URL. */
  readonly baseURL: string;
  /** The value for AZURE_OPENAI_ENDPOINT (the SDK appends /openai/deployments/...). */
  readonly azureEndpoint: string;
  readonly requests: RecordedRequest[];
  readonly count: number;
  enqueue(...scripts: Script[]): void;
  handle(handler: ScriptHandler | null): void;
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function errorBody(status: number, message: string): unknown {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : status === 401 ? 'invalid_api_key' : 'invalid_request_error';
  return { error: { message, type, param: null, code: type } };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function contentLength(messages: Array<Record<string, unknown>>): number {
  let n = 0;
  for (const m of messages) {
    if (typeof m.content === 'string') n += m.content.length;
  }
  return n;
}

/** Word-sized chunks, so a reply streams the way a real model's does. */
function chunksOf(text: string | string[]): string[] {
  if (Array.isArray(text)) return text;
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function splitInto(s: string, parts: number): string[] {
  const n = Math.max(1, Math.min(parts, s.length || 1));
  const size = Math.ceil(s.length / n);
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out.length ? out : [''];
}

let idCounter = 0;

/** Builds OpenAI's response shapes for one reply. */
class Reply {
  readonly id = `chatcmpl-fake${++idCounter}`;
  readonly created = Math.floor(Date.now() / 1000);
  constructor(
    readonly model: string,
    readonly includeUsage: boolean,
  ) {}

  chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    const body: Record<string, unknown> = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    if (this.includeUsage) body.usage = null;
    return `data: ${JSON.stringify(body)}\n\n`;
  }

  usageChunk(usage: Record<string, unknown>): string {
    const body = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      system_fingerprint: 'fp_fake',
      choices: [],
      usage,
    };
    return `data: ${JSON.stringify(body)}\n\n`;
  }

  completion(message: Record<string, unknown>, finishReason: string, usage: Record<string, unknown> | null): Record<string, unknown> {
    const body: Record<string, unknown> = {
      id: this.id,
      object: 'chat.completion',
      created: this.created,
      model: this.model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, message: { role: 'assistant', refusal: null, annotations: [], ...message }, logprobs: null, finish_reason: finishReason }],
    };
    if (usage) body.usage = usage;
    return body;
  }
}

function usageBody(u: FakeUsage | undefined, promptChars: number, completionChars: number): Record<string, unknown> {
  const prompt = u?.prompt ?? Math.max(1, Math.ceil(promptChars / 4));
  const completion = u?.completion ?? Math.max(1, Math.ceil(completionChars / 4));
  const cached = u?.cached ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function parseRequest(req: IncomingMessage, raw: string, path: string, query: URLSearchParams): RecordedRequest | { error: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { error: 'We could not parse the JSON body of your request.' };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: 'The body must be a JSON object.' };
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.messages)) return { error: "Missing required parameter: 'messages'." };
  const messages = b.messages as Array<Record<string, unknown>>;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : (v ?? '');
  const azureMatch = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path);
  let lastUserText = '';
  let lastAssistant = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user' && typeof m.content === 'string') lastUserText = m.content;
    if (m.role === 'assistant') lastAssistant = i;
  });
  const toolResults = messages
    .slice(lastAssistant + 1)
    .filter((m) => m.role === 'tool')
    .map((m) => ({ toolCallId: String(m.tool_call_id ?? ''), content: String(m.content ?? '') }));
  return {
    method: req.method ?? 'POST',
    path,
    query: Object.fromEntries(query.entries()),
    headers,
    body: b,
    model: typeof b.model === 'string' ? b.model : undefined,
    messages,
    tools: Array.isArray(b.tools) ? (b.tools as Array<Record<string, unknown>>) : [],
    stream: b.stream === true,
    azure: azureMatch ? { deployment: decodeURIComponent(azureMatch[1] ?? ''), apiVersion: query.get('api-version') ?? undefined } : null,
    lastUserText,
    toolResults,
    receivedAt: Date.now(),
  };
}

export async function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
  const record = options.record ?? !options.instant;
  const baseDelay = options.delayMs ?? 0;
  const fallback: Script | undefined = options.fallback ?? (options.instant ? { kind: 'text', text: INSTANT_REPLY } : undefined);
  const queue: Script[] = [];
  const requests: RecordedRequest[] = [];
  let handler: ScriptHandler | null = null;
  let count = 0;
  const sockets = new Set<Socket>();

  async function pickScript(req: RecordedRequest): Promise<Script> {
    const queued = queue.shift();
    if (queued) return queued;
    const fromHandler = handler ? await handler(req) : null;
    if (fromHandler) return fromHandler;
    if (fallback) return fallback;
    return { kind: 'error', status: 500, body: errorBody(500, 'fake-openai-server: no script queued and no handler or fallback set') };
  }

  async function respond(req: RecordedRequest, res: ServerResponse, script: Script): Promise<void> {
    if (script.kind === 'hang') return; // the socket stays open until the client gives up or close()
    const delay = baseDelay + (script.delayMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;

    if (script.kind === 'error') {
      const body = script.body ?? errorBody(script.status, `fake error ${script.status}`);
      sendJson(res, script.status, body, script.headers);
      return;
    }

    const model = req.model ?? req.azure?.deployment ?? 'fake-model';
    const includeUsage = req.stream && (req.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const reply = new Reply(model, includeUsage);
    const promptChars = contentLength(req.messages);
    const usageOpt = 'usage' in script ? script.usage : undefined;

    // What the script produces, as content chunks and tool-call fragments.
    let content: string[] = [];
    let calls: Array<{ id: string; name: string; args: string[] }> = [];
    let finishReason = 'stop';
    if (script.kind === 'text') {
      content = chunksOf(script.text);
      finishReason = script.finishReason ?? 'stop';
    } else if (script.kind === 'json') {
      content = chunksOf(JSON.stringify(script.value));
    } else if (script.kind === 'tool_calls') {
      content = script.text ? chunksOf(script.text) : [];
      calls = script.calls.map((c, i) => ({
        id: c.id ?? `call_fake${idCounter}_${i}`,
        name: c.name,
        args: splitInto(typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments), script.argChunks ?? 3),
      }));
      finishReason = 'tool_calls';
    } else {
      content = chunksOf(script.text);
    }
    const completionChars = content.join('').length + calls.reduce((n, c) => n + c.name.length + c.args.join('').length, 0);
    const usage = usageOpt === 'none' ? null : usageBody(usageOpt, promptChars, completionChars);

    if (!req.stream) {
      if (script.kind === 'stall') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return; // headers, then silence
      }
      if (script.kind === 'drop') {
        res.socket?.destroy();
        return;
      }
      const message: Record<string, unknown> = { content: content.length || !calls.length ? content.join('') : null };
      if (calls.length) {
        message.tool_calls = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.args.join('') } }));
      }
      sendJson(res, 200, reply.completion(message, finishReason, usage));
      return;
    }

    const events: string[] = [reply.chunk({ role: 'assistant', content: '', refusal: null })];
    for (const text of content) events.push(reply.chunk({ content: text }));
    calls.forEach((c, index) => {
      events.push(reply.chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] }));
      for (const part of c.args) events.push(reply.chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    });

    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });

    if (script.kind === 'stall' || script.kind === 'drop') {
      const upTo = 1 + (script.afterChunks ?? 1); // the role chunk plus N content chunks
      for (const event of events.slice(0, upTo)) {
        if (res.destroyed) return;
        res.write(event);
        if (script.chunkDelayMs) await sleep(script.chunkDelayMs);
      }
      if (script.kind === 'drop') {
        // Let the written chunks reach the client before the connection breaks.
        await sleep(20);
        res.socket?.destroy();
      }
      return;
    }

    events.push(reply.chunk({}, finishReason));
    if (includeUsage && usage) events.push(reply.usageChunk(usage));
    events.push('data: [DONE]\n\n');

    const chunkDelay = 'chunkDelayMs' in script ? (script.chunkDelayMs ?? 0) : 0;
    if (chunkDelay <= 0) {
      res.end(events.join(''));
      return;
    }
    for (const event of events) {
      if (res.destroyed) return;
      res.write(event);
      await sleep(chunkDelay);
    }
    res.end();
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;

    if (options.apiKey) {
      const auth = req.headers.authorization;
      const key = req.headers['api-key'];
      if (auth !== `Bearer ${options.apiKey}` && key !== options.apiKey) {
        sendJson(res, 401, errorBody(401, 'Incorrect API key provided.'));
        return;
      }
    }

    if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
      sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake-openai-server' }] });
      return;
    }

    const isChat = path === '/v1/chat/completions' || path === '/chat/completions' || /^\/openai\/deployments\/[^/]+\/chat\/completions$/.test(path);
    if (!isChat || req.method !== 'POST') {
      sendJson(res, 404, errorBody(404, `Unknown request URL: ${req.method} ${path}.`));
      return;
    }

    const raw = await new Promise<string>((resolve, reject) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
      req.on('error', reject);
    });
    const parsed = parseRequest(req, raw, path, url.searchParams);
    if ('error' in parsed) {
      sendJson(res, 400, errorBody(400, parsed.error));
      return;
    }
    count += 1;
    if (record) requests.push(parsed);
    await respond(parsed, res, await pickScript(parsed));
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, `fake-openai-server failed: ${(err as Error).message}`));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseURL: `${url}/v1`,
    azureEndpoint: url,
    requests,
    get count() {
      return count;
    },
    enqueue(...scripts) {
      queue.push(...scripts);
    },
    handle(h) {
      handler = h;
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      handler = null;
      count = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
